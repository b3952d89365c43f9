package io.fluxkv.server.util;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing and printing on raw argument bytes, with Redis's strictness: integers as string2ll accepts them
 * (optional '-', no '+', no leading zeros, no spaces, within 64 bits), doubles as strtod accepts them minus the
 * forms Redis refuses (leading/trailing space, NaN).
 */
public final class Numbers {
    private Numbers() {
    }

    /** Sentinel-free parse: returns whether {@code text} is a valid 64-bit integer, value in {@code out[0]}. */
    public static boolean parseLong(byte[] text, long[] out) {
        int length = text.length;
        if (length == 0 || length > 20) {
            return false;
        }
        if (length == 1 && text[0] == '0') {
            out[0] = 0;
            return true;
        }
        int i = 0;
        boolean negative = text[0] == '-';
        if (negative) {
            i = 1;
            if (length == 1) {
                return false;
            }
        }
        if (text[i] < '1' || text[i] > '9') {
            return false;
        }
        long value = 0;
        for (; i < length; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            // Accumulate negatively so that Long.MIN_VALUE parses without overflow.
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return false;
            }
            value = -value;
        }
        out[0] = value;
        return true;
    }

    /** The integer in {@code text}, or a CommandException with {@code error}. */
    public static long parseLong(byte[] text, String error) {
        long[] out = new long[1];
        if (!parseLong(text, out)) {
            throw new io.fluxkv.server.command.CommandException(error);
        }
        return out[0];
    }

    /** The integer in {@code text}, or "ERR value is not an integer or out of range". */
    public static long parseLong(byte[] text) {
        return parseLong(text, io.fluxkv.server.command.Errors.NOT_INTEGER);
    }

    /**
     * Parses a double as Redis's string2d/strtod do: decimal or exponent forms, "inf"/"-inf"/"+inf" (any case),
     * no surrounding spaces, no NaN. Returns null when invalid.
     */
    public static Double parseDouble(byte[] text) {
        if (text.length == 0 || isSpace(text[0]) || isSpace(text[text.length - 1])) {
            return null;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> { }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'
                    || c == 'x' || c == 'X' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == 'p'
                    || c == 'P';
            if (!allowed) {
                return null;
            }
        }
        try {
            double value = lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")
                    ? Double.parseDouble(hexFloat(lower)) : Double.parseDouble(s);
            if (Double.isNaN(value) || s.endsWith("d") || s.endsWith("D") || s.endsWith("f") || s.endsWith("F")) {
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Java needs a binary exponent in hex floats; strtod does not. */
    private static String hexFloat(String lower) {
        return lower.contains("p") ? lower : lower + "p0";
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    /** The decimal digits of {@code value} as bytes. */
    public static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
