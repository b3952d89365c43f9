package io.fluxkv.server.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The x86 80-bit {@code long double} that Redis uses for INCRBYFLOAT and HINCRBYFLOAT, emulated exactly so that our
 * replies match Redis digit for digit: a 64-bit significand, binary exponents down to the subnormal 2^-16445, and
 * overflow to infinity beyond 2^16384. Values are held as exact decimals; every result is rounded to the nearest
 * representable long double (ties to even), as the FPU does.
 * <p>
 * Redis prints these values with {@code %.17Lf} and then strips trailing zeros, so the printed form shows the exact
 * binary value to 17 decimals (1e30 prints as 1000000000000000000024696061952); {@link #toHumanBytes()} does the same.
 */
public final class LongDouble {
    private static final int SIGNIFICAND_BITS = 64;
    /** Exponent of the smallest subnormal: 2^-16445 is the least positive long double. */
    private static final int MIN_EXPONENT = -16445;
    /** Every finite long double is below 2^16384. */
    private static final int MAX_BIT_LENGTH = 16384;
    /** string2ld copies its input into a buffer of this size (MAX_LONG_DOUBLE_CHARS) and refuses longer text. */
    private static final int MAX_TEXT = 5 * 1024;
    /** Decimal exponents far outside the long double range; clamping to them keeps the arithmetic small. */
    private static final int EXPONENT_CLAMP = 100_000;

    public static final LongDouble ZERO = new LongDouble(BigDecimal.ZERO, 0);

    /** The exact value when finite, else null. */
    private final BigDecimal value;
    /** For a non-finite value: +1 or -1 for the infinities, 0 for NaN. */
    private final int infinity;

    private LongDouble(BigDecimal value, int infinity) {
        this.value = value;
        this.infinity = infinity;
    }

    public boolean isFinite() {
        return value != null;
    }

    /**
     * Reads {@code text} as Redis's string2ld does (strtold on the whole text): decimal or hexadecimal notation,
     * "inf"/"infinity" with a sign, no spaces; NaN and values that overflow or underflow to zero are refused.
     * Returns null when Redis would answer "value is not a valid float".
     */
    public static LongDouble parse(byte[] text) {
        if (text.length == 0 || text.length >= MAX_TEXT) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '+' || text[0] == '-') {
            negative = text[0] == '-';
            i = 1;
        }
        if (matchesIgnoreCase(text, i, "inf") || matchesIgnoreCase(text, i, "infinity")) {
            return new LongDouble(null, negative ? -1 : 1);
        }
        BigInteger[] fraction = text.length - i > 2 && text[i] == '0' && (text[i + 1] | 0x20) == 'x'
                ? hexFraction(text, i + 2) : decimalFraction(text, i);
        if (fraction == null) {
            return null;
        }
        if (fraction[0].signum() == 0) {
            return ZERO;
        }
        LongDouble rounded = round(negative ? fraction[0].negate() : fraction[0], fraction[1]);
        // strtold reports overflow and total underflow with ERANGE, which string2ld treats as invalid.
        return rounded.isFinite() && rounded.value.signum() != 0 ? rounded : null;
    }

    /** The sum rounded to long double: infinite on overflow, NaN for opposite infinities. */
    public LongDouble add(LongDouble other) {
        if (!isFinite() || !other.isFinite()) {
            // Opposite infinities give NaN, signalled by 0; otherwise the infinity wins.
            int sign = (isFinite() ? 0 : infinity) + (other.isFinite() ? 0 : other.infinity);
            return new LongDouble(null, Integer.signum(sign));
        }
        BigDecimal sum = value.add(other.value);
        if (sum.signum() == 0) {
            return ZERO;
        }
        BigInteger unscaled = sum.unscaledValue();
        int scale = sum.scale();
        return scale <= 0 ? round(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE)
                : round(unscaled, BigInteger.TEN.pow(scale));
    }

    /**
     * The value as Redis stores it after INCRBYFLOAT: 17 decimals, trailing zeros and a bare point removed,
     * "-0" printed as "0". Only for finite values.
     */
    public byte[] toHumanBytes() {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        text = text.substring(0, end);
        // BigDecimal has no negative zero, but a tiny negative value still prints as "-0" here, as in C.
        return (text.equals("-0") ? "0" : text).getBytes(StandardCharsets.US_ASCII);
    }

    /** The long double nearest to numerator/denominator (denominator positive, numerator non-zero). */
    private static LongDouble round(BigInteger numerator, BigInteger denominator) {
        boolean negative = numerator.signum() < 0;
        BigInteger n = numerator.abs();
        // Quick exits for values whose magnitude is far outside the range, before any big shift.
        int magnitude = n.bitLength() - denominator.bitLength();
        if (magnitude > MAX_BIT_LENGTH + 1) {
            return new LongDouble(null, negative ? -1 : 1);
        }
        if (magnitude < MIN_EXPONENT - 2) {
            return ZERO;
        }
        // Find the exponent that puts the quotient in [2^63, 2^64), but never below the subnormal exponent.
        int exponent = Math.max(magnitude - SIGNIFICAND_BITS, MIN_EXPONENT);
        BigInteger[] qr = divideByPowerOfTwo(n, denominator, exponent);
        while (qr[0].bitLength() > SIGNIFICAND_BITS) {
            exponent++;
            qr = divideByPowerOfTwo(n, denominator, exponent);
        }
        while (qr[0].bitLength() < SIGNIFICAND_BITS && exponent > MIN_EXPONENT) {
            exponent--;
            qr = divideByPowerOfTwo(n, denominator, exponent);
        }
        BigInteger significand = qr[0];
        BigInteger divisor = exponent >= 0 ? denominator.shiftLeft(exponent) : denominator;
        int half = qr[1].shiftLeft(1).compareTo(divisor);
        if (half > 0 || (half == 0 && significand.testBit(0))) {
            significand = significand.add(BigInteger.ONE);
        }
        if (significand.signum() == 0) {
            return ZERO;
        }
        if (significand.bitLength() + exponent > MAX_BIT_LENGTH) {
            return new LongDouble(null, negative ? -1 : 1);
        }
        BigDecimal exact = exponent >= 0 ? new BigDecimal(significand.shiftLeft(exponent))
                : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
        return new LongDouble(negative ? exact.negate() : exact, 0);
    }

    /** {floor(n / (d * 2^e)), remainder}, the remainder relative to the divisor {@code d * 2^max(e, 0)}. */
    private static BigInteger[] divideByPowerOfTwo(BigInteger n, BigInteger d, int e) {
        return e >= 0 ? n.divideAndRemainder(d.shiftLeft(e)) : n.shiftLeft(-e).divideAndRemainder(d);
    }

    /**
     * The parts of a number written in {@code radix} from {@code i}: digits, an optional point and digits (at least
     * one digit in all), an optional exponent after {@code exponentLetter} ('e' for decimal, 'p' for hex, where it
     * counts powers of two). Null when malformed.
     */
    private record Mantissa(BigInteger digits, int fractionDigits, long exponent) {
        static Mantissa scan(byte[] text, int i, int radix, char exponentLetter) {
            StringBuilder digits = new StringBuilder();
            int fractionDigits = 0;
            boolean point = false;
            for (; i < text.length; i++) {
                byte b = text[i];
                if (Character.digit(b, radix) >= 0) {
                    digits.append((char) b);
                    if (point) {
                        fractionDigits++;
                    }
                } else if (b == '.' && !point) {
                    point = true;
                } else {
                    break;
                }
            }
            if (digits.length() == 0) {
                return null;
            }
            long exponent = 0;
            if (i < text.length) {
                if ((text[i] | 0x20) != exponentLetter) {
                    return null;
                }
                Long parsed = LongDouble.exponent(text, i + 1);
                if (parsed == null) {
                    return null;
                }
                exponent = parsed;
            }
            return new Mantissa(new BigInteger(digits.toString(), radix), fractionDigits, exponent);
        }
    }

    /** Decimal notation from {@code i}. Returns {numerator, denominator} or null. */
    private static BigInteger[] decimalFraction(byte[] text, int i) {
        Mantissa scanned = Mantissa.scan(text, i, 10, 'e');
        if (scanned == null) {
            return null;
        }
        BigInteger mantissa = scanned.digits();
        int fractionDigits = scanned.fractionDigits();
        long exponent = scanned.exponent();
        if (mantissa.signum() == 0) {
            return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE};
        }
        long scale = fractionDigits - exponent;
        // The value's decimal exponent; far beyond ±4951 it is certainly out of range, so stop before huge powers.
        int precision = mantissa.toString().length();
        long adjusted = precision - 1 - scale;
        if (adjusted > 5000) {
            scale = precision - 1 - 6000;
        } else if (adjusted < -5000) {
            scale = precision - 1 + 6000;
        }
        return scale <= 0 ? new BigInteger[] {mantissa.multiply(BigInteger.TEN.pow((int) -scale)), BigInteger.ONE}
                : new BigInteger[] {mantissa, BigInteger.TEN.pow((int) scale)};
    }

    /** Hexadecimal notation after "0x", with an optional binary exponent 'p'. Returns {numerator, denominator}. */
    private static BigInteger[] hexFraction(byte[] text, int i) {
        Mantissa scanned = Mantissa.scan(text, i, 16, 'p');
        if (scanned == null) {
            return null;
        }
        BigInteger mantissa = scanned.digits();
        int fractionDigits = scanned.fractionDigits();
        long exponent = scanned.exponent();
        if (mantissa.signum() == 0) {
            return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE};
        }
        long binaryExponent = exponent - 4L * fractionDigits;
        // Far outside ±16445 the value is out of range whatever the mantissa; clamp before shifting.
        binaryExponent = Math.max(-40_000 - mantissa.bitLength(), Math.min(40_000, binaryExponent));
        return binaryExponent >= 0 ? new BigInteger[] {mantissa.shiftLeft((int) binaryExponent), BigInteger.ONE}
                : new BigInteger[] {mantissa, BigInteger.ONE.shiftLeft((int) -binaryExponent)};
    }

    /** An exponent: optional sign and at least one digit up to the end of the text, clamped; null if malformed. */
    private static Long exponent(byte[] text, int i) {
        boolean negative = false;
        if (i < text.length && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        if (i == text.length) {
            return null;
        }
        long value = 0;
        for (; i < text.length; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return null;
            }
            value = Math.min(EXPONENT_CLAMP, value * 10 + (text[i] - '0'));
        }
        return negative ? -value : value;
    }

    private static boolean matchesIgnoreCase(byte[] text, int from, String word) {
        if (text.length - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((text[from + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
