package io.fluxkv.server.command.string;

import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.util.Clock;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

/**
 * The options shared by SET and GETEX (Redis's parseExtendedStringArgumentsOrReply): NX, XX, GET and KEEPTTL for
 * SET, PERSIST for GETEX, and EX/PX/EXAT/PXAT for both, with Redis's rules on which may be combined and its
 * conversion of the expiry argument into an absolute deadline. Redis reads the option words as C strings, so an
 * option followed by a NUL byte still counts ({@link Words#isCString}).
 */
final class StringOptions {
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int EX = 1 << 2;
    static final int PX = 1 << 3;
    static final int KEEPTTL = 1 << 4;
    static final int GET = 1 << 5;
    static final int EXAT = 1 << 6;
    static final int PXAT = 1 << 7;
    static final int PERSIST = 1 << 8;

    private static final int ANY_EXPIRY = EX | PX | EXAT | PXAT;

    /** Plain SET: no options. */
    static final StringOptions NONE = new StringOptions(0, null);

    final int flags;
    /** The argument following EX/PX/EXAT/PXAT (the last one given), or null. */
    final byte[] expire;

    StringOptions(int flags, byte[] expire) {
        this.flags = flags;
        this.expire = expire;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * Parses argv from {@code first} on. {@code forSet} allows NX/XX/GET/KEEPTTL, otherwise PERSIST. An option is
     * refused with a syntax error when it conflicts with one already seen; repeating the same expiry option is
     * allowed and the last value wins, as in Redis.
     */
    static StringOptions parse(byte[][] argv, int first, boolean forSet) {
        int flags = 0;
        byte[] expire = null;
        for (int j = first; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean hasNext = j < argv.length - 1;
            int expiryFlag = 0;
            if (forSet && Words.is(opt, "NX") && (flags & XX) == 0) {
                flags |= NX;
            } else if (forSet && Words.is(opt, "XX") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && Words.is(opt, "GET")) {
                flags |= GET;
            } else if (forSet && Words.is(opt, "KEEPTTL") && (flags & (PERSIST | ANY_EXPIRY)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && Words.is(opt, "PERSIST") && (flags & (KEEPTTL | ANY_EXPIRY)) == 0) {
                flags |= PERSIST;
            } else if (Words.is(opt, "EX")) {
                expiryFlag = EX;
            } else if (Words.is(opt, "PX")) {
                expiryFlag = PX;
            } else if (Words.is(opt, "EXAT")) {
                expiryFlag = EXAT;
            } else if (Words.is(opt, "PXAT")) {
                expiryFlag = PXAT;
            } else {
                throw Errors.syntax();
            }
            if (expiryFlag != 0) {
                int conflicts = KEEPTTL | PERSIST | (ANY_EXPIRY & ~expiryFlag);
                if ((flags & conflicts) != 0 || !hasNext) {
                    throw Errors.syntax();
                }
                flags |= expiryFlag;
                expire = argv[++j];
            }
        }
        return new StringOptions(flags, expire);
    }

    /**
     * The absolute deadline in unix ms of a relative (EX/PX) or absolute (EXAT/PXAT) expiry argument, refusing
     * non-positive values and overflow with "invalid expire time in '<command>' command".
     */
    static long deadline(byte[] argument, int unit, String command) {
        long value = Numbers.parseLong(argument);
        boolean seconds = unit == EX || unit == EXAT;
        if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000)) {
            throw invalidExpireTime(command);
        }
        if (seconds) {
            value *= 1000;
        }
        if (unit == EX || unit == PX) {
            // Wraps on overflow like Redis's signed addition; the check below then refuses it.
            value += Clock.millis();
        }
        if (value <= 0) {
            throw invalidExpireTime(command);
        }
        return value;
    }

    /** The deadline these options ask for (they must carry an expiry). */
    long deadline(String command) {
        return deadline(expire, flags & ANY_EXPIRY, command);
    }

    boolean hasExpiry() {
        return expire != null;
    }

    private static CommandException invalidExpireTime(String command) {
        return new CommandException("ERR invalid expire time in '" + command + "' command");
    }
}
