package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.Client;
import io.fluxkv.server.aof.Effect;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.util.Clock;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

/** Expiry commands (Redis's expire.c): EXPIRE and friends, TTL, PERSIST, EXPIRETIME. */
public final class ExpiryCommands {
    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GT = 4;
    private static final int LT = 8;

    private ExpiryCommands() {
    }

    public static void register(HandlerBinder binder) {
        bindExpire(binder, "expire", true, 1000);
        bindExpire(binder, "pexpire", true, 1);
        bindExpire(binder, "expireat", false, 1000);
        bindExpire(binder, "pexpireat", false, 1);
        binder.bind("ttl", (client, argv) -> ttl(client, argv, false, false));
        binder.bind("pttl", (client, argv) -> ttl(client, argv, true, false));
        binder.bind("expiretime", (client, argv) -> ttl(client, argv, false, true));
        binder.bind("pexpiretime", (client, argv) -> ttl(client, argv, true, true));
        binder.bind("persist", ExpiryCommands::persist);
    }

    private static void bindExpire(HandlerBinder binder, String name, boolean relative, long unitMillis) {
        binder.bind(name, (client, argv) -> expire(client, argv, name, relative, unitMillis));
    }

    /**
     * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT key time [NX|XX|GT|LT]: {@code time} in {@code unitMillis}, from now
     * when {@code relative}, else from the epoch. A deadline already past deletes the key.
     */
    static void expire(Client client, byte[][] argv, String name, boolean relative, long unitMillis) {
        int conditions = parseConditions(argv);
        long when = Numbers.parseLong(argv[2]);
        if (when > Long.MAX_VALUE / unitMillis || when < Long.MIN_VALUE / unitMillis) {
            throw invalidExpireTime(name);
        }
        when *= unitMillis;
        long base = relative ? Clock.millis() : 0;
        if (when > Long.MAX_VALUE - base) {
            throw invalidExpireTime(name);
        }
        when += base;

        Database db = client.db();
        Entry entry = db.lookupWrite(argv[1]);
        if (entry == null || !conditionsHold(conditions, entry.expireAt(), when)) {
            client.reply().integer(0);
            return;
        }
        if (when <= Clock.millis()) {
            db.delete(entry.key());
            client.logAs(Effect.del(argv[1]));
        } else {
            db.setExpiry(entry, when);
            client.logAs(Effect.pexpireat(argv[1], when));
        }
        client.reply().integer(1);
    }

    private static int parseConditions(byte[][] argv) {
        int flags = 0;
        for (int i = 3; i < argv.length; i++) {
            if (Words.is(argv[i], "nx")) {
                flags |= NX;
            } else if (Words.is(argv[i], "xx")) {
                flags |= XX;
            } else if (Words.is(argv[i], "gt")) {
                flags |= GT;
            } else if (Words.is(argv[i], "lt")) {
                flags |= LT;
            } else {
                throw new CommandException("ERR Unsupported option " + Keywords.quoted(argv[i]));
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & (GT | LT)) == (GT | LT)) {
            throw new CommandException("ERR GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    /** {@code current} is the key's deadline or {@link Entry#NO_EXPIRY} (-1), which GT and LT treat as infinite. */
    private static boolean conditionsHold(int flags, long current, long when) {
        boolean persistent = current == Entry.NO_EXPIRY;
        if ((flags & NX) != 0 && !persistent) {
            return false;
        }
        if ((flags & XX) != 0 && persistent) {
            return false;
        }
        if ((flags & GT) != 0 && (persistent || when <= current)) {
            return false;
        }
        return (flags & LT) == 0 || persistent || when < current;
    }

    private static CommandException invalidExpireTime(String name) {
        return new CommandException("ERR invalid expire time in '" + name + "' command");
    }

    /** TTL, PTTL (remaining time) and EXPIRETIME, PEXPIRETIME (the deadline): -2 without key, -1 without expiry. */
    static void ttl(Client client, byte[][] argv, boolean millis, boolean absolute) {
        Entry entry = client.db().lookupNoTouch(argv[1]);
        if (entry == null) {
            client.reply().integer(-2);
        } else if (!entry.hasExpiry()) {
            client.reply().integer(-1);
        } else {
            long value = Math.max(0, absolute ? entry.expireAt() : entry.expireAt() - Clock.millis());
            // Seconds round to nearest; unsigned so that a deadline near Long.MAX_VALUE rounds as in Redis.
            client.reply().integer(millis ? value : Long.divideUnsigned(value + 500, 1000));
        }
    }

    static void persist(Client client, byte[][] argv) {
        Database db = client.db();
        Entry entry = db.lookupWrite(argv[1]);
        if (entry != null && entry.hasExpiry()) {
            db.setExpiry(entry, Entry.NO_EXPIRY);
            client.reply().integer(1);
        } else {
            client.reply().integer(0);
        }
    }
}
