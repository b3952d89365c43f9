package io.fluxkv.server.command.blocking;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.util.LongDouble;
import io.fluxkv.server.util.Numbers;

import java.util.List;

/** What every blocking command shares: its timeout argument, and blocking when nothing can be popped yet. */
public final class Blocking {
    private Blocking() {
    }

    /**
     * The timeout argument in seconds (fractions allowed, 0 = for ever) as milliseconds, as Redis 7.0 reads it: any
     * long double is accepted, and one too large for 64-bit milliseconds wraps negative in Redis's cast, so it is
     * refused as negative.
     */
    static long timeoutMillis(byte[] arg) {
        Double seconds = LongDouble.parse(arg) == null ? null : Numbers.parseDouble(arg);
        if (seconds == null) {
            throw new CommandException("ERR timeout is not a float or out of range");
        }
        double millis = Math.ceil(seconds * 1000);
        if (millis < 0 || millis >= 0x1p63) {
            throw new CommandException("ERR timeout is negative");
        }
        return (long) millis;
    }

    /**
     * A blocking command found data. A client that was blocked (this is its retry after a wake-up) stops waiting
     * now, within the handler, before the dispatcher tells the next waiter of the key, so that wake-up goes past it.
     */
    static void served(Client client) {
        client.unblock();
    }

    /**
     * Nothing to pop on any of {@code keys}: block the client, or, inside a transaction (where nothing may wait),
     * answer a null at once — a null array, or for BLMOVE/BRPOPLPUSH ({@code nullArray} false) a null bulk, as
     * their non-blocking forms would. A client retrying after a wake-up that still finds nothing stays blocked.
     */
    static void blockOrGiveUp(Client client, byte[][] argv, List<byte[]> keys, long timeoutMillis,
            boolean nullArray) {
        if (client.blocked() != null) {
            return;
        }
        if (client.transaction().executing()) {
            if (nullArray) {
                client.reply().nullArray();
            } else {
                client.reply().nullBulk();
            }
            return;
        }
        client.block(argv, keys, timeoutMillis);
    }
}
