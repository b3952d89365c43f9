package io.fluxkv.server.command.server;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.util.Numbers;

import java.nio.charset.StandardCharsets;

/** Argument helpers shared by the command families: text, Redis's int parsing, database indexes. */
public final class Args {
    private Args() {
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

    /**
     * The database index an argument names (SELECT, MOVE, COPY ... DB): an int as {@link #parseInt} reads it with
     * Redis's default errors, then "DB index is out of range" unless the node has that database.
     */
    public static int databaseIndex(Client client, byte[] arg) {
        int index = parseInt(arg, null);
        if (index < 0 || index >= client.node().store().databaseCount()) {
            throw new CommandException(Errors.DB_INDEX_OUT_OF_RANGE);
        }
        return index;
    }
}
