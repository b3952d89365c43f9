package io.fluxkv.server.command.server;

import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.util.Numbers;

import java.nio.charset.StandardCharsets;

/** Argument helpers shared by the connection and server commands: keywords, text, Redis's int parsing. */
public final class Args {
    private Args() {
    }

    /** Whether {@code arg} is {@code word} in any letter case (ASCII). */
    public static boolean is(byte[] arg, String word) {
        if (arg.length != word.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i] >= 'A' && arg[i] <= 'Z' ? arg[i] + 32 : arg[i];
            char w = Character.toLowerCase(word.charAt(i));
            if (a != w) {
                return false;
            }
        }
        return true;
    }

    public static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }

    /**
     * An int as getIntFromObjectOrReply reads it: {@code message} (without "ERR ") replaces both of Redis's default
     * errors when given.
     */
    public static int parseInt(byte[] arg, String message) {
        long[] value = new long[1];
        if (!Numbers.parseLong(arg, value)) {
            throw new CommandException(message != null ? "ERR " + message : Errors.NOT_INTEGER);
        }
        if (value[0] < Integer.MIN_VALUE || value[0] > Integer.MAX_VALUE) {
            throw new CommandException(message != null ? "ERR " + message
                    : "ERR value is out of range, value must between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE);
        }
        return (int) value[0];
    }
}
