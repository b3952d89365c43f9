package io.fluxkv.server.command.hash;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.aof.Effect;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.command.keyspace.ScanOptions;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.type.HashValue;
import io.fluxkv.server.util.LongDouble;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Hashes (Redis's t_hash.c) commands. */
public final class HashCommands {
    private static final String NOT_INTEGER = "ERR hash value is not an integer";
    private static final String NOT_FLOAT = "ERR hash value is not a float";
    /** getRangeLongFromObjectOrReply's wording for HRANDFIELD's count range [-LONG_MAX, LONG_MAX]. */
    private static final String COUNT_RANGE = "ERR value is out of range, value must between -9223372036854775807 "
            + "and 9223372036854775807";

    private HashCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("hset", (client, argv) -> client.reply().integer(setPairs(client, argv, "hset")));
        binder.bind("hmset", (client, argv) -> {
            setPairs(client, argv, "hmset");
            client.reply().ok();
        });
        binder.bind("hsetnx", HashCommands::hsetnx);
        binder.bind("hget", HashCommands::hget);
        binder.bind("hmget", HashCommands::hmget);
        binder.bind("hdel", HashCommands::hdel);
        binder.bind("hlen", HashCommands::hlen);
        binder.bind("hstrlen", HashCommands::hstrlen);
        binder.bind("hexists", HashCommands::hexists);
        binder.bind("hkeys", (client, argv) -> getAll(client, argv, true, false));
        binder.bind("hvals", (client, argv) -> getAll(client, argv, false, true));
        binder.bind("hgetall", (client, argv) -> getAll(client, argv, true, true));
        binder.bind("hincrby", HashCommands::hincrby);
        binder.bind("hincrbyfloat", HashCommands::hincrbyfloat);
        binder.bind("hrandfield", HashCommands::hrandfield);
        binder.bind("hscan", HashCommands::hscan);
    }

    /** The hash at {@code entry}, null for a missing key, WRONGTYPE for any other type. */
    private static HashValue hash(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof HashValue hash) {
            return hash;
        }
        throw Errors.wrongType();
    }

    private static HashValue read(Client client, byte[] key) {
        return hash(client.db().lookup(key));
    }

    /**
     * The hash at {@code key} for a write, stored empty when absent (Redis's hashTypeLookupWriteOrCreate). Callers
     * check everything that can fail first, so no empty hash is left behind.
     */
    private static HashValue writable(Client client, byte[] key) {
        Database db = client.db();
        HashValue hash = hash(db.lookupWrite(key));
        if (hash == null) {
            hash = new HashValue();
            db.put(key, hash);
        }
        return hash;
    }

    /** HSET and HMSET: sets every pair; returns how many fields are new. */
    private static long setPairs(Client client, byte[][] argv, String name) {
        if (argv.length % 2 == 1) {
            throw Errors.wrongArity(name);
        }
        HashValue hash = writable(client, argv[1]);
        long created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (hash.put(argv[i], argv[i + 1])) {
                created++;
            }
        }
        client.db().store().countChanges((argv.length - 2) / 2);
        return created;
    }

    static void hsetnx(Client client, byte[][] argv) {
        HashValue hash = writable(client, argv[1]);
        if (hash.get(argv[2]) != null) {
            client.reply().integer(0);
            return;
        }
        hash.put(argv[2], argv[3]);
        client.db().store().countChanges(1);
        client.reply().integer(1);
    }

    static void hget(Client client, byte[][] argv) {
        HashValue hash = read(client, argv[1]);
        replyValue(client.reply(), hash == null ? null : hash.get(argv[2]));
    }

    static void hmget(Client client, byte[][] argv) {
        HashValue hash = read(client, argv[1]);
        RespWriter out = client.reply();
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            replyValue(out, hash == null ? null : hash.get(argv[i]));
        }
    }

    private static void replyValue(RespWriter out, byte[] value) {
        if (value == null) {
            out.nullBulk();
        } else {
            out.bulk(value);
        }
    }

    static void hdel(Client client, byte[][] argv) {
        Database db = client.db();
        HashValue hash = hash(db.lookupWrite(argv[1]));
        long deleted = 0;
        if (hash != null) {
            for (int i = 2; i < argv.length; i++) {
                if (hash.remove(argv[i])) {
                    deleted++;
                    if (hash.size() == 0) {
                        db.delete(argv[1]);
                        break;
                    }
                }
            }
            db.store().countChanges(deleted);
        }
        client.reply().integer(deleted);
    }

    static void hlen(Client client, byte[][] argv) {
        HashValue hash = read(client, argv[1]);
        client.reply().integer(hash == null ? 0 : hash.size());
    }

    static void hstrlen(Client client, byte[][] argv) {
        HashValue hash = read(client, argv[1]);
        byte[] value = hash == null ? null : hash.get(argv[2]);
        client.reply().integer(value == null ? 0 : value.length);
    }

    static void hexists(Client client, byte[][] argv) {
        HashValue hash = read(client, argv[1]);
        client.reply().integer(hash != null && hash.get(argv[2]) != null ? 1 : 0);
    }

    /** HKEYS, HVALS and HGETALL (a map in RESP3, as Redis replies only when both are asked for). */
    private static void getAll(Client client, byte[][] argv, boolean fields, boolean values) {
        HashValue hash = read(client, argv[1]);
        int size = hash == null ? 0 : hash.size();
        RespWriter out = client.reply();
        if (fields && values) {
            out.mapHeader(size);
        } else {
            out.arrayHeader(size);
        }
        if (hash != null) {
            hash.forEach((field, value) -> {
                if (fields) {
                    out.bulk(field);
                }
                if (values) {
                    out.bulk(value);
                }
            });
        }
    }

    static void hincrby(Client client, byte[][] argv) {
        long increment = Numbers.parseLong(argv[3]);
        HashValue hash = writable(client, argv[1]);
        byte[] current = hash.get(argv[2]);
        long value = current == null ? 0 : Numbers.parseLong(current, NOT_INTEGER);
        long sum;
        try {
            sum = Math.addExact(value, increment);
        } catch (ArithmeticException overflow) {
            throw new CommandException(Errors.OVERFLOW);
        }
        hash.put(argv[2], Long.toString(sum).getBytes(StandardCharsets.US_ASCII));
        client.db().store().countChanges(1);
        client.reply().integer(sum);
    }

    static void hincrbyfloat(Client client, byte[][] argv) {
        LongDouble increment = LongDouble.parse(argv[3]);
        if (increment == null) {
            throw new CommandException(Errors.NOT_FLOAT);
        }
        if (!increment.isFinite()) {
            throw new CommandException("ERR value is NaN or Infinity");
        }
        HashValue hash = writable(client, argv[1]);
        byte[] current = hash.get(argv[2]);
        LongDouble value = current == null ? LongDouble.ZERO : LongDouble.parse(current);
        if (value == null) {
            throw new CommandException(NOT_FLOAT);
        }
        LongDouble sum = value.add(increment);
        if (!sum.isFinite()) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        byte[] result = sum.toHumanBytes();
        hash.put(argv[2], result);
        client.db().store().countChanges(1);
        client.logAs(Effect.hset(argv[1], argv[2], result));
        client.reply().bulk(result);
    }

    /** HRANDFIELD key [count [WITHVALUES]], checking arguments in Redis's order. */
    static void hrandfield(Client client, byte[][] argv) {
        RespWriter out = client.reply();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (argv.length == 2) {
            HashValue hash = read(client, argv[1]);
            if (hash == null) {
                out.nullBulk();
            } else {
                out.bulk(hash.pairs()[2 * random.nextInt(hash.size())]);
            }
            return;
        }
        long count = Numbers.parseLong(argv[2]);
        if (count == Long.MIN_VALUE) {
            throw new CommandException(COUNT_RANGE);
        }
        if (argv.length > 4 || (argv.length == 4 && !Words.is(argv[3], "withvalues"))) {
            throw Errors.syntax();
        }
        boolean withValues = argv.length == 4;
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw new CommandException("ERR value is out of range");
        }
        HashValue hash = read(client, argv[1]);
        if (hash == null || count == 0) {
            out.arrayHeader(0);
            return;
        }
        byte[][] pairs = hash.pairs();
        int size = pairs.length / 2;
        // A negative count (and 1) picks with repetition; a positive one distinct fields, in hash order.
        long replyCount = count < 0 ? -count : Math.min(count, size);
        out.arrayHeader(withValues && !out.resp3() ? replyCount * 2 : replyCount);
        if (count < 0 || count == 1) {
            for (long i = 0; i < replyCount && !client.replyOverLimit(); i++) {
                writePick(out, pairs, random.nextInt(size), withValues);
            }
            return;
        }
        // Selection sampling: each field is taken with probability (still needed) / (still available).
        long needed = replyCount;
        for (int i = 0; i < size && needed > 0; i++) {
            if (random.nextLong(size - i) < needed) {
                writePick(out, pairs, i, withValues);
                needed--;
            }
        }
    }

    /** One HRANDFIELD pick: the field, and with values its value (the pair as a nested array in RESP3). */
    private static void writePick(RespWriter out, byte[][] pairs, int index, boolean withValues) {
        if (withValues && out.resp3()) {
            out.arrayHeader(2);
        }
        out.bulk(pairs[2 * index]);
        if (withValues) {
            out.bulk(pairs[2 * index + 1]);
        }
    }

    /** HSCAN: the cursor is checked before the key, the options only once a hash is found, as in Redis. */
    static void hscan(Client client, byte[][] argv) {
        long cursor = ScanOptions.parseCursor(argv[2]);
        HashValue hash = read(client, argv[1]);
        if (hash == null) {
            ScanOptions.reply(client, 0, List.of());
            return;
        }
        ScanOptions options = ScanOptions.parse(argv, 3, false);
        List<byte[]> found = new ArrayList<>();
        long next = hash.scan(cursor, options.count(), (field, value) -> {
            if (options.matches(field)) {
                found.add(field);
                found.add(value);
            }
        });
        ScanOptions.reply(client, next, found);
    }
}
