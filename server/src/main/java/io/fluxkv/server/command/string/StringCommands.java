package io.fluxkv.server.command.string;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.aof.Effect;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.store.Key;
import io.fluxkv.server.util.Clock;
import io.fluxkv.server.util.LongDouble;
import io.fluxkv.server.util.Numbers;

/**
 * String commands (Redis's t_string.c), with Redis 7.0's replies, errors and order of checks.
 * <p>
 * A string value is a {@code byte[]}; any other value type is WRONGTYPE here. Stored arrays are never changed in
 * place (APPEND, SETRANGE and INCR store new arrays), so a value may safely be shared with argv, replies and
 * whatever else holds it. Lookups for reading use {@link Database#lookup} (counted as keyspace hits/misses, as
 * Redis's lookupKeyRead is); lookups that precede a write use {@link Database#peek}, as lookupKeyWrite does not count.
 */
public final class StringCommands {
    private static final byte[] EMPTY = new byte[0];

    private StringCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("get", StringCommands::get);
        binder.bind("set", StringCommands::set);
        binder.bind("setnx", StringCommands::setnx);
        binder.bind("setex", StringCommands::setex);
        binder.bind("psetex", StringCommands::psetex);
        binder.bind("getset", StringCommands::getset);
        binder.bind("getdel", StringCommands::getdel);
        binder.bind("getex", StringCommands::getex);
        binder.bind("mget", StringCommands::mget);
        binder.bind("mset", StringCommands::mset);
        binder.bind("msetnx", StringCommands::msetnx);
        binder.bind("incr", (client, argv) -> incrBy(client, argv[1], 1));
        binder.bind("decr", (client, argv) -> incrBy(client, argv[1], -1));
        binder.bind("incrby", (client, argv) -> incrBy(client, argv[1], Numbers.parseLong(argv[2])));
        binder.bind("decrby", StringCommands::decrby);
        binder.bind("incrbyfloat", StringCommands::incrbyfloat);
        binder.bind("append", StringCommands::append);
        binder.bind("strlen", StringCommands::strlen);
        binder.bind("getrange", StringCommands::getrange);
        binder.bind("substr", StringCommands::getrange);
        binder.bind("setrange", StringCommands::setrange);
        binder.bind("lcs", Lcs::lcs);
    }

    /** The string at {@code entry}, null for a missing key, WRONGTYPE for any other type. */
    private static byte[] string(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof byte[] value) {
            return value;
        }
        throw Errors.wrongType();
    }

    /** Redis's getGenericCommand: replies with the string at {@code key} or null; WRONGTYPE before any reply. */
    private static byte[] replyWithValue(Client client, byte[] key) {
        byte[] value = string(client.db().lookup(key));
        if (value == null) {
            client.reply().nullBulk();
        } else {
            client.reply().bulk(value);
        }
        return value;
    }

    static void get(Client client, byte[][] argv) {
        replyWithValue(client, argv[1]);
    }

    static void set(Client client, byte[][] argv) {
        StringOptions options = argv.length == 3 ? StringOptions.NONE : StringOptions.parse(argv, 3, true);
        long deadline = options.hasExpiry() ? options.deadline("set") : Entry.NO_EXPIRY;
        setGeneric(client, argv[1], argv[2], options.flags, deadline, false);
    }

    static void setnx(Client client, byte[][] argv) {
        setGeneric(client, argv[1], argv[2], StringOptions.NX, Entry.NO_EXPIRY, true);
    }

    static void setex(Client client, byte[][] argv) {
        long deadline = StringOptions.deadline(argv[2], StringOptions.EX, "setex");
        setGeneric(client, argv[1], argv[3], StringOptions.EX, deadline, false);
    }

    static void psetex(Client client, byte[][] argv) {
        long deadline = StringOptions.deadline(argv[2], StringOptions.PX, "psetex");
        setGeneric(client, argv[1], argv[3], StringOptions.PX, deadline, false);
    }

    /**
     * SET and its variants once the deadline is known: GET replies with the old value first (and then no other
     * reply follows); NX/XX abort with null, or 0 for SETNX's integer replies.
     */
    private static void setGeneric(Client client, byte[] keyBytes, byte[] value, int flags, long deadline,
            boolean integerReplies) {
        boolean get = (flags & StringOptions.GET) != 0;
        if (get) {
            replyWithValue(client, keyBytes);
        }
        Database db = client.db();
        Key key = Key.of(keyBytes);
        if ((flags & (StringOptions.NX | StringOptions.XX | StringOptions.KEEPTTL)) == 0) {
            // A plain SET needs no lookup first: put finds or inserts in one probe (and counts a replaced expired
            // key as expired, as Redis's lookup before a write does).
            db.put(key, value, deadline);
            logDeadline(client, keyBytes, value, deadline);
            if (!get) {
                replyStored(client, integerReplies);
            }
            return;
        }
        Entry existing = db.peek(key);
        boolean found = existing != null;
        if (((flags & StringOptions.NX) != 0 && found) || ((flags & StringOptions.XX) != 0 && !found)) {
            if (!get) {
                if (integerReplies) {
                    client.reply().integer(0);
                } else {
                    client.reply().nullBulk();
                }
            }
            return;
        }
        if (found && (flags & StringOptions.KEEPTTL) != 0) {
            db.replaceValue(existing, value);
        } else {
            db.put(key, value, deadline);
            logDeadline(client, keyBytes, value, deadline);
        }
        if (!get) {
            replyStored(client, integerReplies);
        }
    }

    /** A relative TTL (EX, PX, SETEX ...) is logged as the absolute deadline it became. */
    private static void logDeadline(Client client, byte[] key, byte[] value, long deadline) {
        if (deadline != Entry.NO_EXPIRY) {
            client.logAs(Effect.set(key, value, deadline));
        }
    }

    private static void replyStored(Client client, boolean integerReplies) {
        if (integerReplies) {
            client.reply().integer(1);
        } else {
            client.reply().ok();
        }
    }

    static void getset(Client client, byte[][] argv) {
        replyWithValue(client, argv[1]);
        client.db().put(argv[1], argv[2]);
    }

    static void getdel(Client client, byte[][] argv) {
        if (replyWithValue(client, argv[1]) != null) {
            client.db().delete(argv[1]);
        }
    }

    /** GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST]. */
    static void getex(Client client, byte[][] argv) {
        StringOptions options = StringOptions.parse(argv, 2, false);
        Database db = client.db();
        Entry entry = db.lookup(argv[1]);
        byte[] value = string(entry);
        if (value == null) {
            client.reply().nullBulk();
            return;
        }
        long deadline = options.hasExpiry() ? options.deadline("getex") : Entry.NO_EXPIRY;
        client.reply().bulk(value);
        if (options.has(StringOptions.EXAT | StringOptions.PXAT) && deadline <= Clock.millis()) {
            // An absolute deadline already past deletes the key now rather than leaving an expired entry.
            db.delete(argv[1]);
            client.logAs(Effect.del(argv[1]));
        } else if (options.hasExpiry()) {
            db.setExpiry(entry, deadline);
            client.logAs(Effect.pexpireat(argv[1], deadline));
        } else if (options.has(StringOptions.PERSIST) && entry.hasExpiry()) {
            db.setExpiry(entry, Entry.NO_EXPIRY);
            client.logAs(Effect.persist(argv[1]));
        }
    }

    /** MGET: null for missing keys and for values of other types (no WRONGTYPE). */
    static void mget(Client client, byte[][] argv) {
        Database db = client.db();
        RespWriter reply = client.reply();
        reply.arrayHeader(argv.length - 1);
        for (int j = 1; j < argv.length; j++) {
            Entry entry = db.lookup(argv[j]);
            if (entry != null && entry.value() instanceof byte[] value) {
                reply.bulk(value);
            } else {
                reply.nullBulk();
            }
        }
    }

    static void mset(Client client, byte[][] argv) {
        requirePairs(argv, "mset");
        putPairs(client.db(), argv);
        client.reply().ok();
    }

    static void msetnx(Client client, byte[][] argv) {
        requirePairs(argv, "msetnx");
        Database db = client.db();
        for (int j = 1; j < argv.length; j += 2) {
            if (db.peek(argv[j]) != null) {
                client.reply().integer(0);
                return;
            }
        }
        putPairs(db, argv);
        client.reply().integer(1);
    }

    /** The arity rule the command table cannot express: key/value pairs. */
    private static void requirePairs(byte[][] argv, String command) {
        if (argv.length % 2 == 0) {
            throw Errors.wrongArity(command);
        }
    }

    private static void putPairs(Database db, byte[][] argv) {
        for (int j = 1; j < argv.length; j += 2) {
            db.put(argv[j], argv[j + 1]);
        }
    }

    static void decrby(Client client, byte[][] argv) {
        long decrement = Numbers.parseLong(argv[2]);
        if (decrement == Long.MIN_VALUE) {
            throw new CommandException("ERR decrement would overflow");
        }
        incrBy(client, argv[1], -decrement);
    }

    /** INCR, DECR, INCRBY, DECRBY: a missing key counts as 0; the TTL of an existing key is kept. */
    private static void incrBy(Client client, byte[] keyBytes, long increment) {
        Database db = client.db();
        Key key = Key.of(keyBytes);
        Entry entry = db.peek(key);
        byte[] current = string(entry);
        long value = current == null ? 0 : Numbers.parseLong(current);
        long result = value + increment;
        // Overflow iff both operands have the same sign and the result's sign differs.
        if (((value ^ result) & (increment ^ result)) < 0) {
            throw new CommandException(Errors.OVERFLOW);
        }
        store(db, key, entry, Numbers.toBytes(result));
        client.reply().integer(result);
    }

    static void incrbyfloat(Client client, byte[][] argv) {
        Database db = client.db();
        Key key = Key.of(argv[1]);
        Entry entry = db.peek(key);
        byte[] current = string(entry);
        LongDouble value = current == null ? LongDouble.ZERO : LongDouble.parse(current);
        LongDouble increment = LongDouble.parse(argv[2]);
        if (value == null || increment == null) {
            throw new CommandException(Errors.NOT_FLOAT);
        }
        LongDouble sum = value.add(increment);
        if (!sum.isFinite()) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        byte[] result = sum.toHumanBytes();
        store(db, key, entry, result);
        // The value it came to, not the increment: float formatting must not decide the replayed state.
        client.logAs(Effect.setKeepTtl(argv[1], result));
        client.reply().bulk(result);
    }

    /** Stores a new string at a key, keeping the TTL if the key exists (Redis's dbOverwrite vs dbAdd). */
    private static void store(Database db, Key key, Entry existing, byte[] value) {
        if (existing == null) {
            db.put(key, value, Entry.NO_EXPIRY);
        } else {
            db.replaceValue(existing, value);
        }
    }

    static void append(Client client, byte[][] argv) {
        Database db = client.db();
        Entry entry = db.peek(argv[1]);
        byte[] current = string(entry);
        byte[] suffix = argv[2];
        if (current == null) {
            db.put(argv[1], suffix);
            client.reply().integer(suffix.length);
            return;
        }
        checkStringLength(client, current.length, suffix.length);
        byte[] result = new byte[current.length + suffix.length];
        System.arraycopy(current, 0, result, 0, current.length);
        System.arraycopy(suffix, 0, result, current.length, suffix.length);
        db.replaceValue(entry, result);
        client.reply().integer(result.length);
    }

    static void strlen(Client client, byte[][] argv) {
        byte[] value = string(client.db().lookup(argv[1]));
        client.reply().integer(value == null ? 0 : value.length);
    }

    /** GETRANGE (and its old name SUBSTR): inclusive range, negative indexes from the end, clamped. */
    static void getrange(Client client, byte[][] argv) {
        long start = Numbers.parseLong(argv[2]);
        long end = Numbers.parseLong(argv[3]);
        byte[] value = string(client.db().lookup(argv[1]));
        if (value == null) {
            client.reply().bulk(EMPTY);
            return;
        }
        long length = value.length;
        if (start < 0 && end < 0 && start > end) {
            client.reply().bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        if (end < 0) {
            end = Math.max(0, length + end);
        }
        end = Math.min(end, length - 1);
        if (start > end || length == 0) {
            client.reply().bulk(EMPTY);
        } else {
            client.reply().bulk(value, (int) start, (int) (end - start + 1));
        }
    }

    static void setrange(Client client, byte[][] argv) {
        long offset = Numbers.parseLong(argv[2]);
        if (offset < 0) {
            throw new CommandException("ERR offset is out of range");
        }
        byte[] patch = argv[3];
        Database db = client.db();
        Key key = Key.of(argv[1]);
        Entry entry = db.peek(key);
        byte[] current = string(entry);
        if (patch.length == 0) {
            // Nothing to write: report the current length without creating the key.
            client.reply().integer(current == null ? 0 : current.length);
            return;
        }
        checkStringLength(client, offset, patch.length);
        int end = (int) offset + patch.length;
        byte[] result = new byte[Math.max(end, current == null ? 0 : current.length)];
        if (current != null) {
            System.arraycopy(current, 0, result, 0, current.length);
        }
        System.arraycopy(patch, 0, result, (int) offset, patch.length);
        store(db, key, entry, result);
        client.reply().integer(result.length);
    }

    /**
     * Refuses a string that would grow beyond proto-max-bulk-len (or overflow), as Redis's checkStringLength does;
     * also beyond the largest Java array, which only matters when proto-max-bulk-len is configured above 2 GB.
     */
    private static void checkStringLength(Client client, long size, long append) {
        long total = size + append;
        long limit = Math.min(client.node().config().protoMaxBulkLen, Integer.MAX_VALUE - 8);
        if (total > limit || total < size) {
            throw new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }
}
