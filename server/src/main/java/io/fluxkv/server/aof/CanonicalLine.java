package io.fluxkv.server.aof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fast path for reading the lines our own writer produces: fields in the writer's order, strings of printable
 * ASCII without escapes. It parses such a line in one pass without a JSON parser; for anything else (escapes,
 * base64, other bytes, another field order, damage) it returns null and {@link AofReader} parses the line with
 * Jackson, which accepts every valid form and words the errors. Both paths give the same record for a line both
 * accept, because for escape-free ASCII a JSON string's bytes are its value.
 */
final class CanonicalLine {
    private static final byte[] TS = ascii("{\"ts\":");
    private static final byte[] DB = ascii(",\"db\":");
    private static final byte[] OP = ascii(",\"op\":\"");
    private static final byte[] KEY = ascii(",\"key\":");
    private static final byte[] ARGS = ascii(",\"args\":[");
    /** The last op seen, so the usual run of one op does not build a String per line. */
    private byte[] lastOpBytes = new byte[0];
    private String lastOp = "";
    private final List<byte[]> args = new ArrayList<>();

    private byte[] line;
    private int end;
    private int pos;

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    AofRecord parse(byte[] bytes, int length) {
        line = bytes;
        end = length;
        pos = 0;
        if (!expect(TS)) {
            return null;
        }
        long ts = number();
        if (ts < 0 || !expect(DB)) {
            return null;
        }
        long db = number();
        if (db < 0 || db > Integer.MAX_VALUE || !expect(OP)) {
            return null;
        }
        int opStart = pos;
        int opEnd = plainStringEnd();
        if (opEnd <= opStart) {
            return null;
        }
        String op = op(opStart, opEnd);
        byte[] key = null;
        if (expect(KEY)) {
            key = string();
            if (key == null) {
                return null;
            }
        }
        args.clear();
        if (expect(ARGS)) {
            do {
                byte[] arg = string();
                if (arg == null) {
                    return null;
                }
                args.add(arg);
            } while (pos < end && line[pos++] == ',');
            if (line[pos - 1] != ']') {
                return null;
            }
        }
        if (pos != end - 1 || line[pos] != '}') {
            return null;
        }
        return new AofRecord(ts, (int) db, op, key, args);
    }

    private boolean expect(byte[] token) {
        if (end - pos < token.length || !Arrays.equals(line, pos, pos + token.length, token, 0, token.length)) {
            return false;
        }
        pos += token.length;
        return true;
    }

    /** A non-negative integer without sign or leading zeros (the writer's form), or -1. */
    private long number() {
        int start = pos;
        long value = 0;
        while (pos < end && line[pos] >= '0' && line[pos] <= '9' && pos - start < 18) {
            value = value * 10 + (line[pos++] - '0');
        }
        if (pos == start || (line[start] == '0' && pos - start > 1)) {
            return -1;
        }
        return value;
    }

    /** A quoted string of printable ASCII without escapes, as a new array, or null. */
    private byte[] string() {
        if (pos >= end || line[pos] != '"') {
            return null;
        }
        int start = ++pos;
        int stop = plainStringEnd();
        return stop < 0 ? null : Arrays.copyOfRange(line, start, stop);
    }

    /** From just inside a string: the index of its closing quote (pos moves past it), or -1 if not plain. */
    private int plainStringEnd() {
        while (pos < end) {
            byte b = line[pos];
            if (b == '"') {
                return pos++;
            }
            if (b == '\\' || b < 0x20 || b > 0x7e) {
                return -1;
            }
            pos++;
        }
        return -1;
    }

    private String op(int start, int stop) {
        if (!Arrays.equals(line, start, stop, lastOpBytes, 0, lastOpBytes.length)) {
            lastOpBytes = Arrays.copyOfRange(line, start, stop);
            lastOp = new String(lastOpBytes, StandardCharsets.US_ASCII);
        }
        return lastOp;
    }
}
