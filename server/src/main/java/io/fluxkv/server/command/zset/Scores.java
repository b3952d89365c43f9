package io.fluxkv.server.command.zset;

import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.util.Numbers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Score parsing and printing as Redis 7.0 does them (strtod, printf "%.17g", the listpack's integer form). */
public final class Scores {
    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);
    private static final byte[] INF = "inf".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MINUS_INF = "-inf".getBytes(StandardCharsets.US_ASCII);

    private Scores() {
    }

    /**
     * A score argument as getDoubleFromObject reads it: the whole text must be a number, and a finite literal that
     * overflows to infinity or underflows to zero is refused (strtod's ERANGE).
     */
    static double parse(byte[] text, String error) {
        Double value = Numbers.parseDouble(text);
        if (value == null || outOfRange(text, value)) {
            throw new CommandException(error);
        }
        return value;
    }

    static double parse(byte[] text) {
        return parse(text, Errors.NOT_FLOAT);
    }

    private static boolean outOfRange(byte[] text, double value) {
        if (Double.isInfinite(value)) {
            for (byte b : text) {
                if (b == 'i' || b == 'I') {
                    return false;
                }
            }
            return true;
        }
        if (value == 0) {
            // Only a literal with a nonzero digit in its mantissa can underflow to zero.
            boolean hex = false;
            for (byte b : text) {
                if (b == 'x' || b == 'X') {
                    hex = true;
                } else if (!hex && (b == 'e' || b == 'E')) {
                    return false;
                } else if (hex && (b == 'p' || b == 'P')) {
                    return false;
                } else if (b >= '1' && b <= '9' || hex && (b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F')) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A range end as zslParseRange reads it with bare strtod: leading white space is skipped, the text ends at a
     * NUL byte, and an empty text is 0. Throws "min or max is not a float" otherwise.
     */
    static double parseRangeEnd(byte[] text, int from) {
        int end = from;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        if (end == from) {
            return 0;
        }
        int start = from;
        while (start < end && isSpace(text[start])) {
            start++;
        }
        Double value = start == end ? null : Numbers.parseDouble(Arrays.copyOfRange(text, start, end));
        if (value == null) {
            throw new CommandException("ERR min or max is not a float");
        }
        return value;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    /** printf("%.17g"), which Redis 7.0's addReplyDouble uses; "inf" and "-inf" for infinities. */
    public static byte[] format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? INF : MINUS_INF;
        }
        if (value == 0) {
            return ascii(1 / value < 0 ? "-0" : "0");
        }
        if (value == (long) value && Math.abs(value) < 1e17) {
            // The common case, integral scores: all their digits fit in 17, so %.17g prints them as they are.
            return Numbers.toBytes((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN_DIGITS).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < 17) {
            return ascii(rounded.toPlainString());
        }
        String digits = rounded.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder(24);
        if (value < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append(exponent < 0 ? "e-" : "e+");
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            out.append('0');
        }
        return ascii(out.append(magnitude).toString());
    }

    /**
     * A score as a listpack holds it (ZSCAN of a small set shows it): an integer when the score is integral and
     * within half the 64-bit range, else d2string's form, which is "%.17g".
     */
    static byte[] listpackForm(double value) {
        if (value >= -(Long.MAX_VALUE / 2) && value <= Long.MAX_VALUE / 2 && value == (long) value) {
            return Numbers.toBytes((long) value);
        }
        return format(value);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
