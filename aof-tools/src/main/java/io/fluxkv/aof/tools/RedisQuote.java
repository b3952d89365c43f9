package io.fluxkv.aof.tools;

import java.nio.charset.StandardCharsets;

/**
 * Shows bytes the way redis-cli does: printable ASCII as is, the usual C escapes, anything else as {@code \xhh}.
 * Quotes are added only when the bytes would not read back as one word (empty, spaces, quotes, escapes), so a
 * line of {@code cat} output pasted into redis-cli is the same command.
 */
final class RedisQuote {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RedisQuote() {
    }

    static String of(byte[] bytes) {
        return isPlainWord(bytes) ? new String(bytes, StandardCharsets.US_ASCII) : quoted(bytes);
    }

    private static boolean isPlainWord(byte[] bytes) {
        if (bytes.length == 0) {
            return false;
        }
        for (byte b : bytes) {
            if (b <= ' ' || b >= 0x7f || b == '"' || b == '\'' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    private static String quoted(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case 7 -> s.append("\\a");
                case '\b' -> s.append("\\b");
                default -> {
                    if (b >= ' ' && b < 0x7f) {
                        s.append((char) b);
                    } else {
                        s.append("\\x").append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
