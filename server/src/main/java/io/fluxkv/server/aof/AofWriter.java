package io.fluxkv.server.aof;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the AOF, one JSON object per line. Not thread-safe. {@link #write} only buffers;
 * durability is the caller's policy ({@link #flush} then fsync the underlying file).
 */
public final class AofWriter implements Closeable {

    private final JsonGenerator gen;

    public AofWriter(OutputStream out) throws IOException {
        gen = AofFormat.FACTORY.createGenerator(out, JsonEncoding.UTF8);
        // We end each line ourselves so a record is complete on disk once its '\n' is.
        gen.setRootValueSeparator(null);
    }

    public void writeHeader(long created) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField(AofFormat.HEADER_MAGIC, AofFormat.VERSION);
        gen.writeNumberField(AofFormat.HEADER_CREATED, created);
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    public void write(AofRecord r) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField(AofFormat.TS, r.ts());
        gen.writeNumberField(AofFormat.DB, r.db());
        gen.writeStringField(AofFormat.OP, r.op());
        if (r.key() != null) {
            gen.writeFieldName(AofFormat.KEY);
            writeBytes(r.key());
        }
        if (!r.args().isEmpty()) {
            gen.writeArrayFieldStart(AofFormat.ARGS);
            for (byte[] arg : r.args()) {
                writeBytes(arg);
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    /**
     * Writes a command line as a record without building an {@link AofRecord}: {@code argv[0]} is the command,
     * {@code op} its lower-case name; with {@code hasKey} {@code argv[1]} is the key and the rest the arguments.
     */
    public void write(long ts, int db, String op, byte[][] argv, boolean hasKey) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField(AofFormat.TS, ts);
        gen.writeNumberField(AofFormat.DB, db);
        gen.writeStringField(AofFormat.OP, op);
        int first = 1;
        if (hasKey && argv.length > 1) {
            gen.writeFieldName(AofFormat.KEY);
            writeBytes(argv[1]);
            first = 2;
        }
        if (argv.length > first) {
            gen.writeArrayFieldStart(AofFormat.ARGS);
            for (int i = first; i < argv.length; i++) {
                writeBytes(argv[i]);
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    /** Pushes buffered records to the stream and flushes it; does not fsync. */
    public void flush() throws IOException {
        gen.flush();
    }

    /** Flushes; the stream stays open, it belongs to the caller. */
    @Override
    public void close() throws IOException {
        gen.close();
    }

    private void writeBytes(byte[] b) throws IOException {
        if (AofFormat.isValidUtf8(b)) {
            // Copies the bytes, escaping only '"', '\\' and control characters: no String on the way.
            gen.writeUTF8String(b, 0, b.length);
        } else {
            gen.writeStartObject();
            gen.writeFieldName(AofFormat.B64);
            gen.writeBinary(AofFormat.BASE64, b, 0, b.length);
            gen.writeEndObject();
        }
    }
}
