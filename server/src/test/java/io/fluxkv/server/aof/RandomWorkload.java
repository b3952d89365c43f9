package io.fluxkv.server.aof;

import io.fluxkv.server.testing.Commands;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A seeded stream of write commands of every type over a small key space (so that commands meet each other's keys,
 * wrong types included) in four databases: the effect-logged ones (relative TTLs, random pops, float increments,
 * blocking pops with tiny timeouts, multi-key pops), transactions, SELECT, MOVE, SWAPDB and the occasional FLUSHDB.
 * TTLs are long (or already past), so nothing expires between a dump and the next.
 */
final class RandomWorkload {
    private static final String[] SCORES = {"1.5", "-inf", "+inf", "1e-300", "0.30000000000000004", "-2.5e10", "0",
        "7", "3.141592653589793"};

    private final Random random;
    private final List<Supplier<Object[]>> generators = new ArrayList<>();

    RandomWorkload(long seed) {
        this.random = new Random(seed);
        // Strings.
        add(4, () -> new Object[] {"SET", key("s"), value()});
        add(1, () -> new Object[] {"SET", key("s"), value(), "EX", 1000 + random.nextInt(9000)});
        add(1, () -> new Object[] {"SET", key("s"), value(), "PX", 1_000_000 + random.nextInt(9_000_000), "GET"});
        add(1, () -> new Object[] {"SET", key("s"), value(), "KEEPTTL"});
        add(1, () -> new Object[] {"SET", key("s"), value(), random.nextBoolean() ? "NX" : "XX"});
        add(1, () -> new Object[] {"SETEX", key("s"), 500 + random.nextInt(5000), value()});
        add(1, () -> new Object[] {"PSETEX", key("s"), 500_000 + random.nextInt(5_000_000), value()});
        add(1, () -> new Object[] {"APPEND", key("s"), value()});
        add(2, () -> new Object[] {"INCRBY", key("n"), random.nextInt(200) - 100});
        add(2, () -> new Object[] {"INCRBYFLOAT", key("n"), random.nextBoolean() ? "0.1" : "-1.25e-3"});
        add(1, () -> new Object[] {"SETRANGE", key("s"), random.nextInt(20), value()});
        add(1, () -> new Object[] {"GETDEL", key("s")});
        add(1, () -> new Object[] {"GETEX", key("s"), "EX", 2000 + random.nextInt(1000)});
        add(1, () -> new Object[] {"GETEX", key("s"), "PERSIST"});
        add(1, () -> new Object[] {"MSET", key("s"), value(), key("n"), random.nextInt(1000)});
        // Lists.
        add(4, () -> new Object[] {random.nextBoolean() ? "RPUSH" : "LPUSH", key("l"), value(), value()});
        add(1, () -> new Object[] {"LPOP", key("l"), 1 + random.nextInt(3)});
        add(1, () -> new Object[] {"RPOP", key("l")});
        add(1, () -> new Object[] {"LMOVE", key("l"), key("l"), side(), side()});
        add(1, () -> new Object[] {"RPOPLPUSH", key("l"), key("l")});
        add(1, () -> new Object[] {"LMPOP", 2, key("l"), key("l"), side(), "COUNT", 1 + random.nextInt(3)});
        add(1, () -> new Object[] {"BLPOP", key("l"), key("l"), "0.01"});
        add(1, () -> new Object[] {"BLMOVE", key("l"), key("l"), side(), side(), "0.01"});
        add(1, () -> new Object[] {"LINSERT", key("l"), "BEFORE", value(), value()});
        add(1, () -> new Object[] {"LSET", key("l"), 0, value()});
        add(1, () -> new Object[] {"LTRIM", key("l"), 0, 5 + random.nextInt(10)});
        // Hashes.
        add(4, () -> new Object[] {"HSET", key("h"), field(), value(), field(), value()});
        add(1, () -> new Object[] {"HDEL", key("h"), field()});
        add(1, () -> new Object[] {"HINCRBY", key("h"), "count", random.nextInt(10)});
        add(1, () -> new Object[] {"HINCRBYFLOAT", key("h"), "float", random.nextBoolean() ? "0.1" : "0.2"});
        // Sets: small integers (intset) and strings.
        add(3, () -> new Object[] {"SADD", key("t"), random.nextInt(50), random.nextInt(50), value()});
        add(1, () -> new Object[] {"SREM", key("t"), random.nextInt(50)});
        add(1, () -> new Object[] {"SPOP", key("t"), 1 + random.nextInt(3)});
        add(1, () -> new Object[] {"SPOP", key("t")});
        add(1, () -> new Object[] {"SMOVE", key("t"), key("t"), random.nextInt(50)});
        add(1, () -> new Object[] {"SUNIONSTORE", key("t"), key("t"), key("t")});
        // Sorted sets.
        add(4, () -> new Object[] {"ZADD", key("z"), score(), member(), score(), member()});
        add(1, () -> new Object[] {"ZINCRBY", key("z"), random.nextBoolean() ? "0.1" : "0.2", member()});
        add(1, () -> new Object[] {"ZPOPMIN", key("z"), 1 + random.nextInt(2)});
        add(1, () -> new Object[] {"ZPOPMAX", key("z")});
        add(1, () -> new Object[] {"ZMPOP", 2, key("z"), key("z"), random.nextBoolean() ? "MIN" : "MAX"});
        add(1, () -> new Object[] {"BZPOPMIN", key("z"), "0.01"});
        add(1, () -> new Object[] {"ZUNIONSTORE", key("z"), 2, key("z"), key("z"), "WEIGHTS", "2", "0.5"});
        add(1, () -> new Object[] {"ZREMRANGEBYSCORE", key("z"), "-inf", "(0"});
        // Keyspace.
        add(1, () -> new Object[] {"DEL", anyKey()});
        add(1, () -> new Object[] {"RENAME", anyKey(), anyKey()});
        add(1, () -> new Object[] {"COPY", anyKey(), anyKey(), "DB", random.nextInt(4), "REPLACE"});
        add(1, () -> new Object[] {"MOVE", anyKey(), random.nextInt(4)});
        add(2, () -> new Object[] {"EXPIRE", anyKey(), 1000 + random.nextInt(9000)});
        add(1, () -> new Object[] {"PEXPIREAT", anyKey(), System.currentTimeMillis() + 5_000_000L});
        add(1, () -> new Object[] {"EXPIREAT", anyKey(), 1000}); // long past: deletes
        add(1, () -> new Object[] {"PERSIST", anyKey()});
        add(2, () -> new Object[] {"SELECT", random.nextInt(4)});
    }

    private void add(int weight, Supplier<Object[]> generator) {
        for (int i = 0; i < weight; i++) {
            generators.add(generator);
        }
    }

    /** The next {@code count} command lines; a few are whole transactions or rare database-wide commands. */
    List<byte[][]> next(int count) {
        List<byte[][]> commands = new ArrayList<>(count);
        while (commands.size() < count) {
            int pick = random.nextInt(1000);
            if (pick < 30) {
                commands.add(Commands.argv("MULTI"));
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    commands.add(Commands.argv(one()));
                }
                commands.add(Commands.argv("EXEC"));
            } else if (pick < 33) {
                commands.add(Commands.argv("SWAPDB", random.nextInt(4), random.nextInt(4)));
            } else if (pick < 34) {
                commands.add(Commands.argv("FLUSHDB"));
            } else {
                commands.add(Commands.argv(one()));
            }
        }
        return commands;
    }

    private Object[] one() {
        return generators.get(random.nextInt(generators.size())).get();
    }

    /** Runs command lines in pipelined batches; errors (WRONGTYPE and the like) are part of the workload. */
    static void run(Jedis jedis, List<byte[][]> commands) {
        Pipeline pipeline = jedis.pipelined();
        int queued = 0;
        for (byte[][] command : commands) {
            Commands.queue(pipeline, command);
            if (++queued % 50 == 0) {
                pipeline.sync();
            }
        }
        pipeline.sync();
        // Back to db 0 and out of any transaction, whatever the last batch did.
        Commands.call(jedis, "SELECT", 0);
    }

    private String key(String type) {
        return type + random.nextInt(8);
    }

    private String anyKey() {
        return key(String.valueOf("slhtzn".charAt(random.nextInt(6))));
    }

    private String side() {
        return random.nextBoolean() ? "LEFT" : "RIGHT";
    }

    private String field() {
        return "f" + random.nextInt(12);
    }

    private Object member() {
        return random.nextInt(5) == 0 ? bytes() : "m" + random.nextInt(15);
    }

    private String score() {
        return random.nextInt(3) == 0 ? SCORES[random.nextInt(SCORES.length)]
                : Double.toString(random.nextInt(2000) / 8.0 - 100);
    }

    /** Mostly short text, sometimes arbitrary bytes (newlines, NUL, invalid UTF-8 ...). */
    private Object value() {
        return random.nextInt(6) == 0 ? bytes() : "v" + random.nextInt(1000);
    }

    private byte[] bytes() {
        byte[] bytes = new byte[random.nextInt(12)];
        random.nextBytes(bytes);
        return bytes;
    }
}
