package io.fluxkv.server.aof;

import io.fluxkv.server.testing.AofNode;
import io.fluxkv.server.testing.Commands;
import io.fluxkv.server.testing.DataDump;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.fluxkv.server.testing.Commands.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node stopped and started again on its AOF has exactly the data it had: every type and encoding, binary keys
 * and values, exact score text, absolute deadlines, in every database, whatever commands built it (the effect-logged
 * ones especially) — after a plain restart and after a rewrite, under appendfsync always and everysec.
 */
class AofRestartTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "appendfsync {0}")
    @ValueSource(strings = {"always", "everysec"})
    void everyTypeAndEveryEffectLoggedCommandSurvivesRestartAndRewrite(String fsync) throws Exception {
        try (AofNode node = AofNode.start(dir, "appendfsync", fsync)) {
            writeEveryKind(node);
            DataDump before = node.dump();
            assertPinnedResults(before);

            node.restart().dump().assertSameAs(before, "after restart");
            node.rewriteAndWait();
            node.dump().assertSameAs(before, "after rewrite");
            node.restart().dump().assertSameAs(before, "after rewrite and restart");
        }
    }

    @ParameterizedTest(name = "appendfsync {0}")
    @ValueSource(strings = {"always", "everysec"})
    void seededRandomWorkloadSurvivesRestartsAndRewrite(String fsync) {
        // A new seed each run, named in any failure; -Daof.seed=N replays one.
        long seed = Long.getLong("aof.seed", new Random().nextLong());
        RandomWorkload workload = new RandomWorkload(seed);
        try (AofNode node = AofNode.start(dir, "appendfsync", fsync)) {
            RandomWorkload.run(node.jedis(), workload.next(1500));
            DataDump middle = node.dump();
            assertThat(middle.size()).as("seed %d builds some data", seed).isGreaterThan(20);
            node.restart().dump().assertSameAs(middle, "seed " + seed + ", restart in the middle");

            RandomWorkload.run(node.jedis(), workload.next(1500));
            DataDump end = node.dump();
            node.restart().dump().assertSameAs(end, "seed " + seed + ", restart at the end");

            node.rewriteAndWait();
            node.restart().dump().assertSameAs(end, "seed " + seed + ", restart after a rewrite");
            // The rewritten file keeps taking records: more work, one more restart.
            RandomWorkload.run(node.jedis(), workload.next(500));
            DataDump last = node.dump();
            node.restart().dump().assertSameAs(last, "seed " + seed + ", restart after writing to the rewritten file");
        }
    }

    @ParameterizedTest(name = "appendfsync {0}")
    @ValueSource(strings = {"always", "everysec"})
    void deadlinesAreAbsoluteAcrossRestarts(String fsync) throws Exception {
        try (AofNode node = AofNode.start(dir, "appendfsync", fsync)) {
            Jedis jedis = node.jedis();
            call(jedis, "SET", "ttl:ex", "v", "EX", 3600);
            call(jedis, "RPUSH", "ttl:list", "a");
            call(jedis, "PEXPIRE", "ttl:list", 7_200_000);
            call(jedis, "HSET", "ttl:hash", "f", "v");
            call(jedis, "EXPIRE", "ttl:hash", 5000);
            long deadlineEx = jedis.pexpireTime("ttl:ex");
            long pttlBefore = jedis.pttl("ttl:list");
            long stoppedAt = System.currentTimeMillis();

            node.stop();
            Thread.sleep(1200); // down for a while: relative TTLs would come back 1.2 s too long
            node.startAgain();
            long elapsed = System.currentTimeMillis() - stoppedAt;

            Jedis after = node.jedis();
            assertThat(after.pexpireTime("ttl:ex")).isEqualTo(deadlineEx);
            assertThat(after.pttl("ttl:list")).isBetween(pttlBefore - elapsed - 1000, pttlBefore - elapsed + 50);
            assertThat(after.ttl("ttl:hash")).isBetween(4990L, 4999L);
        }
    }

    /**
     * Keys whose deadline passes while the node is down are gone after the restart — including keys written again
     * (without touching their TTL) while they were alive: at replay time their deadline has passed, yet the later
     * records must not bring them back as new keys without a TTL.
     */
    @ParameterizedTest(name = "appendfsync {0}")
    @ValueSource(strings = {"always", "everysec"})
    void keysWhoseDeadlinePassesWhileTheNodeIsDownAreGone(String fsync) throws Exception {
        try (AofNode node = AofNode.start(dir, "appendfsync", fsync)) {
            Jedis jedis = node.jedis();
            long setAt = System.currentTimeMillis();
            call(jedis, "SET", "short:plain", "v", "PX", 1500);
            call(jedis, "SET", "short:appended", "v", "PX", 1500);
            call(jedis, "APPEND", "short:appended", "+more");
            call(jedis, "SET", "short:counter", "5", "PX", 1500);
            call(jedis, "INCR", "short:counter");
            call(jedis, "RPUSH", "short:list", "a");
            call(jedis, "PEXPIRE", "short:list", 1500);
            call(jedis, "RPUSH", "short:list", "b");
            call(jedis, "HSET", "short:hash", "f1", "v");
            call(jedis, "PEXPIRE", "short:hash", 1500);
            call(jedis, "HSET", "short:hash", "f2", "v");
            call(jedis, "ZADD", "short:zset", 1, "a");
            call(jedis, "PEXPIRE", "short:zset", 1500);
            call(jedis, "ZINCRBY", "short:zset", 2, "a");
            call(jedis, "SET", "long", "stays", "EX", 3600);
            assertThat(jedis.exists("short:plain", "short:appended", "short:counter", "short:list", "short:hash",
                    "short:zset")).isEqualTo(6);
            node.stop();
            assertThat(System.currentTimeMillis() - setAt).as("stopped before the deadline").isLessThan(1500);

            Thread.sleep(Math.max(0, setAt + 1800 - System.currentTimeMillis()));
            node.startAgain();

            DataDump after = node.dump();
            assertThat(after.get(0, "long")).startsWith("string \"stays\"");
            List<String> back = Stream.of("short:plain", "short:appended", "short:counter", "short:list",
                    "short:hash", "short:zset").filter(key -> after.get(0, key) != null)
                    .map(key -> key + " -> " + after.get(0, key)).toList();
            assertThat(back).as("keys whose deadline passed while the node was down").isEmpty();
        }
    }

    /** The data set of the first test: every type, encoding and effect-logged command, in several databases. */
    private static void writeEveryKind(AofNode node) throws Exception {
        Jedis jedis = node.jedis();
        Random random = new Random(42);
        // Strings, binary included.
        for (int i = 0; i < 20; i++) {
            byte[] key = new byte[1 + random.nextInt(16)];
            byte[] value = new byte[random.nextInt(64)];
            random.nextBytes(key);
            random.nextBytes(value);
            call(jedis, "SET", key, value);
        }
        call(jedis, "SET", "str:empty", "");
        call(jedis, "SET", "str:big", "x".repeat(100_000));
        call(jedis, "MSET", "str:a", "1", "str:b", "2");
        call(jedis, "APPEND", "str:a", "23");
        call(jedis, "SETRANGE", "str:range", 5, "after-a-gap");
        call(jedis, "INCRBY", "num", 41);
        call(jedis, "INCR", "num");
        call(jedis, "DECRBY", "num", 2);
        call(jedis, "INCRBYFLOAT", "float", "0.1");
        call(jedis, "INCRBYFLOAT", "float", "0.2");
        call(jedis, "INCRBYFLOAT", "float", "1e-5");
        call(jedis, "SET", "float:ttl", "1.5", "EX", 3600);
        call(jedis, "INCRBYFLOAT", "float:ttl", "2.25");
        call(jedis, "SET", "ttl:ex", "v", "EX", 1000);
        call(jedis, "SET", "ttl:px", "v", "PX", 2_000_000);
        call(jedis, "SET", "ttl:exat", "v", "EXAT", System.currentTimeMillis() / 1000 + 3000);
        call(jedis, "SET", "ttl:keep", "v", "EX", 4000);
        call(jedis, "SET", "ttl:keep", "w", "KEEPTTL");
        call(jedis, "SETEX", "ttl:setex", 5000, "v");
        call(jedis, "PSETEX", "ttl:psetex", 6_000_000, "v");
        call(jedis, "SET", "getex", "v");
        call(jedis, "GETEX", "getex", "EX", 7000);
        call(jedis, "SET", "getex:persist", "v", "EX", 7000);
        call(jedis, "GETEX", "getex:persist", "PERSIST");
        call(jedis, "SET", "getex:past", "v");
        call(jedis, "GETEX", "getex:past", "PXAT", 1000);
        call(jedis, "SET", "getdel", "v");
        call(jedis, "GETDEL", "getdel");
        call(jedis, "GETSET", "getset", "new");
        call(jedis, "SETNX", "setnx", "first");
        call(jedis, "SETNX", "setnx", "second");

        // Lists.
        call(jedis, "RPUSH", "list", "a", "b", "c", "d", "e", "f", "g");
        call(jedis, "LPUSH", "list", "z");
        call(jedis, "LINSERT", "list", "AFTER", "c", "c2");
        call(jedis, "LSET", "list", 1, "A");
        call(jedis, "LPOP", "list", 2);
        call(jedis, "RPOP", "list", 2);
        call(jedis, line("RPUSH list:big", range("e", 1000)));
        call(jedis, "LTRIM", "list:big", 1, 998);
        call(jedis, "LREM", "list:big", 0, "e500");
        call(jedis, "RPUSH", "mpop", "1", "2", "3", "4");
        call(jedis, "LMPOP", 2, "mpop:none", "mpop", "RIGHT", "COUNT", 3);
        call(jedis, "RPUSH", "move:src", "x", "y");
        call(jedis, "LMOVE", "move:src", "move:dst", "LEFT", "RIGHT");
        call(jedis, "RPOPLPUSH", "move:src", "move:dst");
        call(jedis, "BLMOVE", "move:dst", "move:dst2", "RIGHT", "LEFT", 1);
        // Blocking pops served by a later push from another connection.
        servedAfterPush(node, b -> call(b, "BLPOP", "queue", 5), () -> call(jedis, "RPUSH", "queue", "q1", "q2"));
        servedAfterPush(node, b -> call(b, "BLMOVE", "bsrc", "bdst", "LEFT", "RIGHT", 5),
                () -> call(jedis, "RPUSH", "bsrc", "s1", "s2", "s3"));
        servedAfterPush(node, b -> call(b, "BLMPOP", 5, 2, "bm1", "bm2", "LEFT", "COUNT", 2),
                () -> call(jedis, "RPUSH", "bm2", "m1", "m2", "m3"));
        servedAfterPush(node, b -> call(b, "BZPOPMIN", "bz", 5),
                () -> call(jedis, "ZADD", "bz", 1, "low", 2, "high"));

        // Hashes: small, and large (over 512 fields).
        call(jedis, "HSET", "hash", "f1", "v1", "f2", "v2", "f3", "v3");
        call(jedis, "HDEL", "hash", "f2");
        call(jedis, "HSETNX", "hash", "f1", "ignored");
        call(jedis, "HINCRBY", "hash", "n", 7);
        call(jedis, "HINCRBYFLOAT", "hash", "x", "0.1");
        call(jedis, "HINCRBYFLOAT", "hash", "x", "0.2");
        String[] fields = new String[2 * 600];
        for (int i = 0; i < 600; i++) {
            fields[2 * i] = "field" + i;
            fields[2 * i + 1] = "value" + i;
        }
        call(jedis, line("HSET hash:big", fields));

        // Sets: integers only (intset) and strings (hashtable).
        call(jedis, "SADD", "set:int", 1, 2, 3, -5, 100_000, 42);
        call(jedis, "SREM", "set:int", 2);
        call(jedis, line("SADD set:big", range("member", 600)));
        call(jedis, line("SADD set:pop", range("p", 20)));
        call(jedis, "SPOP", "set:pop", 3);
        call(jedis, "SPOP", "set:pop");
        call(jedis, "SADD", "set:gone", "a", "b");
        call(jedis, "SPOP", "set:gone", 10);
        call(jedis, "SMOVE", "set:int", "set:moved", 42);
        call(jedis, "SINTERSTORE", "set:inter", "set:int", "set:moved");
        call(jedis, "SUNIONSTORE", "set:union", "set:int", "set:pop");
        call(jedis, "SDIFFSTORE", "set:diff", "set:big", "set:pop");

        // Sorted sets: the scores whose text must survive exactly.
        call(jedis, "ZADD", "zset", "1.5", "a", "-inf", "b", "+inf", "c", "1e-300", "d", "0", "e");
        call(jedis, "ZINCRBY", "zset", "0.1", "sum");
        call(jedis, "ZINCRBY", "zset", "0.2", "sum");
        call(jedis, line("ZADD zset:big", scored(200)));
        call(jedis, "ZPOPMIN", "zset:big", 3);
        call(jedis, "ZPOPMAX", "zset:big");
        call(jedis, "ZMPOP", 2, "zset:none", "zset:big", "MAX", "COUNT", 2);
        call(jedis, "ZUNIONSTORE", "zset:union", 2, "zset", "zset:big", "WEIGHTS", 2, 1);
        call(jedis, "ZRANGESTORE", "zset:stored", "zset:big", 0, 9);
        call(jedis, "ZREMRANGEBYSCORE", "zset:big", 100, 120);

        // Keyspace commands, expiry and other databases.
        call(jedis, "SET", "renamed:from", "v", "EX", 3000);
        call(jedis, "RENAME", "renamed:from", "renamed:to");
        call(jedis, "RENAMENX", "str:a", "str:b");
        call(jedis, "COPY", "list", "list:copy");
        call(jedis, "COPY", "hash", "hash:copy", "DB", 2);
        call(jedis, "SET", "moved", "to-db3");
        call(jedis, "MOVE", "moved", 3);
        call(jedis, "SET", "expire", "v");
        call(jedis, "EXPIRE", "expire", 3600);
        call(jedis, "PEXPIRE", "str:b", 9_000_000);
        call(jedis, "EXPIREAT", "list:copy", System.currentTimeMillis() / 1000 + 4000);
        call(jedis, "PEXPIREAT", "set:big", System.currentTimeMillis() + 8_000_000);
        call(jedis, "EXPIRE", "ttl:keep", 100, "GT");
        call(jedis, "PERSIST", "ttl:px");
        call(jedis, "SET", "expired:now", "v");
        call(jedis, "EXPIRE", "expired:now", -1);
        call(jedis, "DEL", "str:empty:none", "num:none");
        call(jedis, "UNLINK", "setnx");
        call(jedis, "SELECT", 5);
        call(jedis, "SET", "in5", "five");
        call(jedis, "SELECT", 6);
        call(jedis, "RPUSH", "in6", "six");
        call(jedis, "SWAPDB", 5, 6);
        call(jedis, "SELECT", 7);
        call(jedis, "SET", "flushed", "soon");
        call(jedis, "FLUSHDB");
        call(jedis, "SET", "after-flush", "kept");
        call(jedis, "SELECT", 0);

        // Transactions: several writes (logged multi/exec), one write, SELECT inside, and one aborted by WATCH.
        call(jedis, "MULTI");
        call(jedis, "SET", "tx:a", "1");
        call(jedis, "INCRBYFLOAT", "tx:a", "0.5");
        call(jedis, "RPUSH", "tx:list", "x", "y", "z");
        call(jedis, "LPOP", "tx:list");
        call(jedis, "SPOP", "set:pop", 2);
        call(jedis, "SELECT", 2);
        call(jedis, "SET", "tx:in2", "two");
        call(jedis, "EXPIRE", "tx:in2", 600);
        assertThat((List<?>) call(jedis, "EXEC")).hasSize(8);
        call(jedis, "SELECT", 0);
        call(jedis, "MULTI");
        call(jedis, "SET", "tx:single", "only");
        call(jedis, "EXEC");
        call(jedis, "WATCH", "tx:watched");
        call(node.jedis(), "SET", "tx:watched", "changed-by-another-client");
        call(jedis, "MULTI");
        call(jedis, "SET", "tx:watched", "never");
        assertThat(call(jedis, "EXEC")).isNull();
    }

    /** Some results the dump must show, so that an empty or half-written data set cannot pass. */
    private static void assertPinnedResults(DataDump dump) {
        assertThat(dump.get(0, "zset")).startsWith("zset [\"b\"@-inf, \"e\"@0, \"d\"@1").contains(
                "\"sum\"@0.30000000000000004, \"a\"@1.5, \"c\"@inf]");
        assertThat(dump.get(0, "float")).startsWith("string \"0.30001\"");
        assertThat(dump.get(0, "float:ttl")).startsWith("string \"3.75\"").doesNotContain("expireat=none");
        assertThat(dump.get(0, "queue")).startsWith("list [\"q2\"]");
        assertThat(dump.get(0, "bdst")).startsWith("list [\"s1\"]");
        assertThat(dump.get(0, "bm2")).startsWith("list [\"m3\"]");
        assertThat(dump.get(0, "bz")).startsWith("zset [\"high\"@2]");
        assertThat(dump.get(0, "mpop")).startsWith("list [\"1\"]");
        assertThat(dump.get(0, "set:gone")).isNull();
        assertThat(dump.get(0, "getex:past")).isNull();
        assertThat(dump.get(0, "expired:now")).isNull();
        assertThat(dump.get(0, "tx:watched")).startsWith("string \"changed-by-another-client\"");
        assertThat(dump.get(0, "tx:a")).startsWith("string \"1.5\"");
        assertThat(dump.get(0, "hash")).contains("\"x\"=\"0.3\"");
        assertThat(dump.get(3, "moved")).startsWith("string \"to-db3\"");
        assertThat(dump.get(2, "hash:copy")).startsWith("hash");
        assertThat(dump.get(2, "tx:in2")).startsWith("string \"two\"").doesNotContain("expireat=none");
        assertThat(dump.get(5, "in6")).startsWith("list [\"six\"]");
        assertThat(dump.get(6, "in5")).startsWith("string \"five\"");
        assertThat(dump.get(7, "flushed")).isNull();
        assertThat(dump.get(7, "after-flush")).isNotNull();
        assertThat(dump.size()).isGreaterThan(70);
    }

    /**
     * Runs a blocking command on a connection of its own, waits until the node has it blocked, then pushes from
     * another connection, and checks the blocked command was served.
     */
    private static void servedAfterPush(AofNode node, Function<Jedis, Object> blockingCommand, Runnable push)
            throws Exception {
        Jedis blocker = node.jedis();
        Jedis observer = node.jedis();
        CompletableFuture<Object> served = CompletableFuture.supplyAsync(() -> blockingCommand.apply(blocker));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> Commands.info(observer, "clients", "blocked_clients").equals("1"));
        push.run();
        assertThat(served.get(5, TimeUnit.SECONDS)).as("the blocked command was served").isNotNull();
    }

    /** A command line: the words of {@code head}, then {@code tail}. */
    private static Object[] line(String head, String[] tail) {
        String[] words = head.split(" ");
        Object[] line = new Object[words.length + tail.length];
        System.arraycopy(words, 0, line, 0, words.length);
        System.arraycopy(tail, 0, line, words.length, tail.length);
        return line;
    }

    private static String[] range(String prefix, int count) {
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = prefix + i;
        }
        return values;
    }

    private static String[] scored(int count) {
        String[] pairs = new String[2 * count];
        for (int i = 0; i < count; i++) {
            pairs[2 * i] = Double.toString(i * 1.25 - 30);
            pairs[2 * i + 1] = "zm" + i;
        }
        return pairs;
    }
}
