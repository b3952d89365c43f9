package io.fluxkv.server.aof;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the AOF record by record. Lines are split on raw '\n' first (the writer never emits one
 * inside a record: JSON escapes it in strings and base64 has none), which gives exact line numbers
 * and byte offsets and lets a torn tail be told apart from a damaged record. Offsets count from
 * the first byte this reader sees. The stream belongs to the caller, who closes it. Not thread-safe.
 * <p>
 * The records end at the first zero byte: a running (or crashed) node keeps zeros reserved after its last record
 * (see {@link AppendOnlyFile}), and no record holds a raw zero byte (JSON escapes it). Everything from there on must
 * be zeros; {@link #padding()} says how many there were.
 */
public final class AofReader {

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    private byte[] line = new byte[1024];
    private int lineLength;
    /** Whether the line just read ended with '\n' (false: it ran into the end of the stream). */
    private boolean lineTerminated;
    private long lineNumber;
    private long lineOffset;
    private long nextOffset;

    private boolean headerRead;
    private final CanonicalLine canonical = new CanonicalLine();
    /** Zero bytes found after the records; -1 until the records ended at one. */
    private long padding = -1;

    public AofReader(InputStream in) {
        this.in = in;
    }

    /** Checks the header line and returns its creation time (unix ms). */
    public long readHeader() throws IOException {
        if (headerRead) {
            throw new IllegalStateException("header already read");
        }
        if (!readLine()) {
            throw new AofException("not a Flux-KV AOF: the file is empty (missing header line)");
        }
        if (!lineTerminated) {
            throw new AofTornTailException(lineNumber, lineOffset, nextOffset);
        }
        Integer version = null;
        Long created = null;
        try (JsonParser p = AofFormat.FACTORY.createParser(line, 0, lineLength)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw badHeader("the first line is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (AofFormat.HEADER_MAGIC.equals(name) && t == JsonToken.VALUE_NUMBER_INT) {
                    version = p.getIntValue();
                } else if (AofFormat.HEADER_CREATED.equals(name) && t == JsonToken.VALUE_NUMBER_INT) {
                    created = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw badHeader("trailing data after the header object");
            }
        } catch (JacksonException e) {
            throw new AofException("not a Flux-KV AOF: the header line is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (version == null) {
            throw badHeader("the first line has no \"" + AofFormat.HEADER_MAGIC + "\" version field");
        }
        if (version != AofFormat.VERSION) {
            throw new AofException("unsupported AOF version " + version + " (this build reads version "
                    + AofFormat.VERSION + ")");
        }
        if (created == null) {
            throw badHeader("the header has no \"" + AofFormat.HEADER_CREATED + "\" field");
        }
        headerRead = true;
        return created;
    }

    /**
     * The next record, or null at a clean end of file.
     *
     * @throws AofTornTailException if the last line has no '\n'
     * @throws AofCorruptException if a complete line is not a valid record
     */
    public AofRecord next() throws IOException {
        if (!headerRead) {
            throw new IllegalStateException("readHeader() first");
        }
        if (!readLine()) {
            return null;
        }
        if (!lineTerminated) {
            throw new AofTornTailException(lineNumber, lineOffset, nextOffset);
        }
        AofRecord plain = canonical.parse(line, lineLength);
        if (plain != null) {
            return plain;
        }
        try (JsonParser p = AofFormat.FACTORY.createParser(line, 0, lineLength)) {
            return parseRecord(p);
        } catch (JacksonException e) {
            throw corrupt("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** 1-based line number of the last line read (header = 1). */
    public long lineNumber() {
        return lineNumber;
    }

    /** Byte offset of the start of the last line read. */
    public long lineOffset() {
        return lineOffset;
    }

    /** Byte offset just past the last line read: where the next record starts. */
    public long position() {
        return nextOffset;
    }

    /** How many zero bytes followed the records (space the node had reserved); 0 when the stream just ended. */
    public long padding() {
        return Math.max(padding, 0);
    }

    private AofRecord parseRecord(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw corrupt("not a JSON object", null);
        }
        Long ts = null;
        Integer db = null;
        String op = null;
        byte[] key = null;
        List<byte[]> args = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case AofFormat.TS -> ts = expect(p, t, JsonToken.VALUE_NUMBER_INT, name).getLongValue();
                case AofFormat.DB -> db = expect(p, t, JsonToken.VALUE_NUMBER_INT, name).getIntValue();
                case AofFormat.OP -> op = expect(p, t, JsonToken.VALUE_STRING, name).getText();
                case AofFormat.KEY -> key = readBytes(p, t, name);
                case AofFormat.ARGS -> args = readArgs(p, t);
                default -> throw corrupt("unknown field \"" + name + "\"", null);
            }
        }
        if (p.nextToken() != null) {
            throw corrupt("trailing data after the record", null);
        }
        if (ts == null || db == null || op == null) {
            throw corrupt("missing field (\"ts\", \"db\" and \"op\" are required)", null);
        }
        try {
            return new AofRecord(ts, db, op, key, args);
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage(), e);
        }
    }

    private List<byte[]> readArgs(JsonParser p, JsonToken t) throws IOException {
        expect(p, t, JsonToken.START_ARRAY, AofFormat.ARGS);
        List<byte[]> args = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            args.add(readBytes(p, e, "args[" + args.size() + "]"));
        }
        return args;
    }

    /** Either form: a JSON string (its UTF-8 bytes) or {"b64":"..."}. */
    private byte[] readBytes(JsonParser p, JsonToken t, String what) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText();
            // Only a hand-edited escape yields a lone surrogate; getBytes would silently turn it into '?'.
            if (hasLoneSurrogate(text)) {
                throw corrupt(what + ": string holds an unpaired surrogate escape", null);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
        expect(p, t, JsonToken.START_OBJECT, what);
        if (p.nextToken() != JsonToken.FIELD_NAME || !AofFormat.B64.equals(p.currentName())) {
            throw corrupt(what + ": a bytes object must hold exactly one field \"b64\"", null);
        }
        byte[] bytes = expect(p, p.nextToken(), JsonToken.VALUE_STRING, what).getBinaryValue(AofFormat.BASE64);
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw corrupt(what + ": a bytes object must hold exactly one field \"b64\"", null);
        }
        return bytes;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private JsonParser expect(JsonParser p, JsonToken actual, JsonToken wanted, String what)
            throws AofCorruptException {
        if (actual != wanted) {
            throw corrupt(what + ": expected " + wanted + " but found " + actual, null);
        }
        return p;
    }

    private AofCorruptException corrupt(String detail, Throwable cause) {
        return new AofCorruptException(lineNumber, lineOffset, detail, cause);
    }

    private AofException badHeader(String detail) {
        return new AofException("not a Flux-KV AOF: " + detail + " (expected {\"" + AofFormat.HEADER_MAGIC
                + "\":" + AofFormat.VERSION + ",\"" + AofFormat.HEADER_CREATED + "\":<unix ms>})");
    }

    /**
     * Reads up to and excluding the next '\n' into {@link #line}; false when no byte was left. A line that runs
     * into the end of the stream or into the zeros after the records comes back unterminated.
     */
    private boolean readLine() throws IOException {
        lineLength = 0;
        lineOffset = nextOffset;
        while (true) {
            if (padding >= 0 || (pos == limit && !fill())) {
                if (lineLength == 0) {
                    return false;
                }
                lineTerminated = false;
                lineNumber++;
                return true;
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n' && buf[pos] != 0) {
                pos++;
            }
            append(start, pos - start);
            nextOffset += pos - start;
            if (pos < limit && buf[pos] == 0) {
                skipPadding();
                continue;
            }
            if (pos < limit) {
                pos++;
                nextOffset++;
                lineTerminated = true;
                lineNumber++;
                return true;
            }
        }
    }

    /** Consumes the zeros that end the records; anything else after them is damage. */
    private void skipPadding() throws IOException {
        long zeros = 0;
        do {
            while (pos < limit) {
                if (buf[pos] != 0) {
                    throw new AofCorruptException(lineNumber + 1, lineOffset, "zero bytes from offset " + nextOffset
                            + " are followed by data at offset " + (nextOffset + zeros), null);
                }
                pos++;
                zeros++;
            }
        } while (fill());
        padding = zeros;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void append(int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(buf, from, line, lineLength, length);
        lineLength += length;
    }
}
