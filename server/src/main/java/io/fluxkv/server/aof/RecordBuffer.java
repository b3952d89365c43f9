package io.fluxkv.server.aof;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Records encoded into one growable array, reused: a command's effects are encoded on its own thread (so the
 * JSON work spreads over the event loops) and then appended to the log in one copy.
 */
final class RecordBuffer extends OutputStream {
    private byte[] bytes;
    private int length;
    private final AofWriter writer;

    RecordBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
        try {
            writer = new AofWriter(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes a command line as a record; see {@link AofWriter#write(long, int, String, byte[][], boolean)}. */
    void add(long ts, int db, String op, byte[][] argv, boolean hasKey) {
        try {
            writer.write(ts, db, op, argv, hasKey);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
    }

    void addHeader(long created) {
        try {
            writer.writeHeader(created);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** The bytes so far, as a new array of their exact length. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
