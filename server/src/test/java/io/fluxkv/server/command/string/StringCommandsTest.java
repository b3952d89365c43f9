package io.fluxkv.server.command.string;

import io.fluxkv.server.store.Entry;
import io.fluxkv.server.store.Key;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.testing.NodeTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The string commands through Jedis: what the differential test cannot compare byte for byte (TTL deadlines, which
 * depend on the clock, and expiry as time passes), the store-level effects (which commands keep or drop a TTL), and
 * the atomicity of MSET against concurrent MGET. Expected error texts are Redis 7.0.15's.
 */
class StringCommandsTest extends NodeTest {
    /** The key's absolute deadline in the store (unix ms), {@link Entry#NO_EXPIRY} if none, null if absent. */
    private static Long deadline(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        Store store = node.node().store();
        int shard = Key.shardOf(bytes);
        store.lock(shard).lock();
        try {
            Entry entry = store.database(0).peek(bytes);
            return entry == null ? null : entry.expireAt();
        } finally {
            store.lock(shard).unlock();
        }
    }

    private static void assertDeadlineIn(String key, long relativeMillis, long before) {
        long after = System.currentTimeMillis();
        assertThat(deadline(key)).isBetween(before + relativeMillis, after + relativeMillis);
    }

    private static Object send(String command, String... args) {
        ProtocolCommand name = () -> command.getBytes(StandardCharsets.US_ASCII);
        return jedis.sendCommand(name, args);
    }

    private static void assertError(Runnable command, String message) {
        assertThatThrownBy(command::run).isInstanceOf(JedisDataException.class).hasMessage(message);
    }

    @Test
    void setWithRelativeExpiryStoresAnAbsoluteDeadline() {
        long before = System.currentTimeMillis();
        assertThat(jedis.set("ex", "v", SetParams.setParams().ex(100))).isEqualTo("OK");
        assertThat(jedis.set("px", "v", SetParams.setParams().px(2500))).isEqualTo("OK");
        assertThat(jedis.setex("setex", 7, "v")).isEqualTo("OK");
        assertThat(jedis.psetex("psetex", 1234, "v")).isEqualTo("OK");
        assertDeadlineIn("ex", 100_000, before);
        assertDeadlineIn("px", 2500, before);
        assertDeadlineIn("setex", 7000, before);
        assertDeadlineIn("psetex", 1234, before);
    }

    @Test
    void setWithAbsoluteExpiryStoresItExactly() {
        long future = System.currentTimeMillis() + 3_600_000;
        jedis.set("pxat", "v", SetParams.setParams().pxAt(future));
        jedis.set("exat", "v", SetParams.setParams().exAt(future / 1000));
        assertThat(deadline("pxat")).isEqualTo(future);
        assertThat(deadline("exat")).isEqualTo(future / 1000 * 1000);
    }

    @Test
    void keepTtlAndWhichCommandsKeepOrDropTheTtl() {
        long future = System.currentTimeMillis() + 3_600_000;
        for (String key : List.of("keep", "plain", "incr", "float", "append", "setrange", "getset", "mset")) {
            jedis.set(key, "10", SetParams.setParams().pxAt(future));
        }
        jedis.set("keep", "v2", SetParams.setParams().keepTtl());
        jedis.set("plain", "v2");
        jedis.incr("incr");
        jedis.incrByFloat("float", 0.5);
        jedis.append("append", "x");
        jedis.setrange("setrange", 0, "x");
        jedis.getSet("getset", "x");
        jedis.mset("mset", "x");
        assertThat(deadline("keep")).isEqualTo(future);
        assertThat(deadline("incr")).isEqualTo(future);
        assertThat(deadline("float")).isEqualTo(future);
        assertThat(deadline("append")).isEqualTo(future);
        assertThat(deadline("setrange")).isEqualTo(future);
        assertThat(deadline("plain")).isEqualTo(Entry.NO_EXPIRY);
        assertThat(deadline("getset")).isEqualTo(Entry.NO_EXPIRY);
        assertThat(deadline("mset")).isEqualTo(Entry.NO_EXPIRY);
        assertThat(jedis.get("keep")).isEqualTo("v2");
        assertThat(jedis.get("incr")).isEqualTo("11");
        assertThat(jedis.get("float")).isEqualTo("10.5");
        // KEEPTTL on a missing key creates it without a TTL.
        jedis.set("fresh", "v", SetParams.setParams().keepTtl());
        assertThat(deadline("fresh")).isEqualTo(Entry.NO_EXPIRY);
    }

    @Test
    void getexSetsAndRemovesTheTtl() {
        jedis.set("k", "v");
        long before = System.currentTimeMillis();
        assertThat(jedis.getEx("k", GetExParams.getExParams().ex(50))).isEqualTo("v");
        assertDeadlineIn("k", 50_000, before);
        assertThat(jedis.getEx("k", GetExParams.getExParams())).isEqualTo("v");
        assertDeadlineIn("k", 50_000, before);
        assertThat(jedis.getEx("k", GetExParams.getExParams().persist())).isEqualTo("v");
        assertThat(deadline("k")).isEqualTo(Entry.NO_EXPIRY);
        long at = System.currentTimeMillis() + 10_000;
        assertThat(jedis.getEx("k", GetExParams.getExParams().pxAt(at))).isEqualTo("v");
        assertThat(deadline("k")).isEqualTo(at);
        // A deadline already past returns the value and deletes the key.
        assertThat(jedis.getEx("k", GetExParams.getExParams().pxAt(1))).isEqualTo("v");
        assertThat(deadline("k")).isNull();
        assertThat(jedis.getEx("k", GetExParams.getExParams().ex(10))).isNull();
        assertThat(deadline("k")).isNull();
    }

    @Test
    void expiredKeysAreInvisibleToEveryCommand() throws InterruptedException {
        for (String key : List.of("get", "strlen", "mget", "append", "incr", "setnx", "getex", "float", "range",
                "getdel", "lcs", "setxx", "msetnx")) {
            jedis.set(key, "5", SetParams.setParams().px(50));
        }
        jedis.set("past", "v", SetParams.setParams().pxAt(System.currentTimeMillis() - 1000));
        assertThat(jedis.get("past")).isNull();
        Thread.sleep(120);
        assertThat(jedis.get("get")).isNull();
        assertThat(jedis.strlen("strlen")).isZero();
        assertThat(jedis.mget("mget", "get")).containsExactly(null, null);
        assertThat(jedis.append("append", "ab")).isEqualTo(2);
        assertThat(jedis.incr("incr")).isEqualTo(1);
        assertThat(jedis.setnx("setnx", "x")).isEqualTo(1);
        assertThat(jedis.getEx("getex", GetExParams.getExParams().persist())).isNull();
        assertThat(jedis.incrByFloat("float", 1.5)).isEqualTo(1.5);
        assertThat(jedis.getrange("range", 0, -1)).isEmpty();
        assertThat(jedis.getDel("getdel")).isNull();
        assertThat(jedis.lcs("lcs", "get", LCSParams.LCSParams().len()).getLen())
                .isZero();
        assertThat(jedis.set("setxx", "v", SetParams.setParams().xx())).isNull();
        assertThat(jedis.msetnx("msetnx", "v")).isEqualTo(1);
        // Recreated keys carry no leftover deadline.
        assertThat(deadline("append")).isEqualTo(Entry.NO_EXPIRY);
        assertThat(deadline("incr")).isEqualTo(Entry.NO_EXPIRY);
    }

    @Test
    void setOptionsCombined() {
        assertThat(jedis.set("k", "a", SetParams.setParams().nx().ex(100))).isEqualTo("OK");
        assertThat(jedis.set("k", "b", SetParams.setParams().nx().ex(100))).isNull();
        assertThat(jedis.setGet("k", "c", SetParams.setParams().xx().keepTtl())).isEqualTo("a");
        assertThat(deadline("k")).isGreaterThan(System.currentTimeMillis());
        assertThat(jedis.setGet("k", "d", SetParams.setParams().nx())).isEqualTo("c");
        assertThat(jedis.get("k")).isEqualTo("c");
        assertThat(jedis.setGet("none", "d", SetParams.setParams().xx())).isNull();
        assertThat(jedis.get("none")).isNull();
        // Jedis's SetParams keeps only one of NX/XX and one expiry, so conflicting options go out raw.
        assertError(() -> send("SET", "k", "v", "NX", "XX"), "ERR syntax error");
        assertError(() -> send("SET", "k", "v", "EX", "10", "PX", "10"), "ERR syntax error");
        assertError(() -> send("SET", "k", "v", "KEEPTTL", "EX", "10"), "ERR syntax error");
        assertError(() -> send("GETEX", "k", "PERSIST", "EX", "10"), "ERR syntax error");
        assertError(() -> jedis.set("k", "v", SetParams.setParams().ex(0)),
                "ERR invalid expire time in 'set' command");
        assertError(() -> jedis.set("k", "v", SetParams.setParams().px(-5)),
                "ERR invalid expire time in 'set' command");
        assertError(() -> jedis.setex("k", 0, "v"), "ERR invalid expire time in 'setex' command");
        assertError(() -> jedis.psetex("k", -1, "v"), "ERR invalid expire time in 'psetex' command");
        assertError(() -> jedis.getEx("k", GetExParams.getExParams().ex(-1)),
                "ERR invalid expire time in 'getex' command");
        assertThat(jedis.get("k")).isEqualTo("c");
    }

    @Test
    void wrongTypeWrongArityAndNumberErrors() {
        byte[] list = "list".getBytes(StandardCharsets.UTF_8);
        Store store = node.node().store();
        store.lock(Key.shardOf(list)).lock();
        try {
            store.database(0).put(list, new Object());
        } finally {
            store.lock(Key.shardOf(list)).unlock();
        }
        String wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
        assertError(() -> jedis.get("list"), wrongType);
        assertError(() -> jedis.setGet("list", "v", SetParams.setParams()), wrongType);
        assertError(() -> jedis.incr("list"), wrongType);
        assertError(() -> jedis.append("list", "x"), wrongType);
        assertError(() -> jedis.lcs("list", "x", LCSParams.LCSParams()),
                "ERR The specified keys must contain string values");
        assertThat(jedis.mget("list")).containsExactly((String) null);
        assertThat(jedis.set("list", "now a string")).isEqualTo("OK");
        assertThat(jedis.get("list")).isEqualTo("now a string");

        assertError(() -> send("GET"), "ERR wrong number of arguments for 'get' command");
        assertError(() -> send("GETRANGE", "k", "0"), "ERR wrong number of arguments for 'getrange' command");
        assertError(() -> send("MSET", "a", "1", "b"), "ERR wrong number of arguments for 'mset' command");
        assertError(() -> send("MSETNX", "a"), "ERR wrong number of arguments for 'msetnx' command");
        assertThat(jedis.get("a")).isNull();

        jedis.set("n", "9223372036854775807");
        assertError(() -> jedis.incr("n"), "ERR increment or decrement would overflow");
        assertThat(jedis.get("n")).isEqualTo("9223372036854775807");
        jedis.set("n", "-9223372036854775808");
        assertError(() -> jedis.decr("n"), "ERR increment or decrement would overflow");
        assertError(() -> jedis.decrBy("n", Long.MIN_VALUE), "ERR decrement would overflow");
        jedis.set("s", "12a");
        assertError(() -> jedis.incr("s"), "ERR value is not an integer or out of range");
        assertError(() -> jedis.incrByFloat("s", 1), "ERR value is not a valid float");
        jedis.set("inf", "inf");
        assertError(() -> jedis.incrByFloat("inf", 1), "ERR increment would produce NaN or Infinity");
        assertError(() -> jedis.setrange("s", -1, "x"), "ERR offset is out of range");
        assertError(() -> jedis.setrange("s", 536_870_912, "x"),
                "ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        assertThat(jedis.get("s")).isEqualTo("12a");
    }

    @Test
    void countersAndFloats() {
        assertThat(jedis.incr("c")).isEqualTo(1);
        assertThat(jedis.incrBy("c", 41)).isEqualTo(42);
        assertThat(jedis.decrBy("c", 50)).isEqualTo(-8);
        assertThat(jedis.decr("c")).isEqualTo(-9);
        assertThat(jedis.get("c")).isEqualTo("-9");
        assertThat(jedis.incrByFloat("f", 0.1)).isEqualTo(0.1);
        assertThat(jedis.incrByFloat("f", 0.2)).isEqualTo(0.3);
        assertThat(jedis.get("f")).isEqualTo("0.3");
        jedis.set("f", "10.5");
        assertThat(jedis.incrByFloat("f", 0.1)).isEqualTo(10.6);
        jedis.set("f", "1e30");
        jedis.incrByFloat("f", 0);
        // The exact value of the long double nearest to 1e30, as redis-server prints it.
        assertThat(jedis.get("f")).isEqualTo("1000000000000000000024696061952");
    }

    @Test
    void binarySafeValues() {
        byte[] key = {'b', 0, '\r', '\n', (byte) 0xff};
        byte[] value = {0, '\r', '\n', (byte) 0xc3, (byte) 0x28, (byte) 0xff, 'z'};
        assertThat(jedis.set(key, value)).isEqualTo("OK");
        assertThat(jedis.get(key)).isEqualTo(value);
        assertThat(jedis.strlen(key)).isEqualTo(value.length);
        assertThat(jedis.append(key, new byte[] {0})).isEqualTo(value.length + 1);
        assertThat(jedis.getrange(key, 1, 2)).isEqualTo(new byte[] {'\r', '\n'});
        assertThat(jedis.setrange(key, 9, new byte[] {(byte) 0x80})).isEqualTo(10);
        assertThat(jedis.get(key)).isEqualTo(new byte[] {0, '\r', '\n', (byte) 0xc3, (byte) 0x28, (byte) 0xff, 'z', 0,
            0, (byte) 0x80});
        assertThat(jedis.mget(key, "nothing".getBytes())).containsExactly(jedis.get(key), null);
        assertThat(jedis.getDel(key)).hasSize(10);
        assertThat(jedis.get(key)).isNull();
    }

    /**
     * MSET is atomic: writers set every key of a set spread over many shards to one new value per round, readers
     * MGET them all and must never see values of two different rounds.
     */
    @Test
    void msetIsAtomicAgainstConcurrentMget() throws Exception {
        List<String> keys = new ArrayList<>();
        Set<Integer> shards = new HashSet<>();
        for (int i = 0; keys.size() < 24; i++) {
            String key = "atomic:" + i;
            if (shards.add(Key.shardOf(key.getBytes(StandardCharsets.UTF_8)))) {
                keys.add(key);
            }
        }
        String[] initial = new String[keys.size() * 2];
        for (int i = 0; i < keys.size(); i++) {
            initial[2 * i] = keys.get(i);
            initial[2 * i + 1] = "w0-0";
        }
        jedis.mset(initial);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int writers = 2;
        int readers = 3;
        int maxRounds = 20_000;
        AtomicLong reads = new AtomicLong();
        AtomicLong changesSeen = new AtomicLong();
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(writers + readers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w + 1;
            threads.add(new Thread(() -> {
                try (Jedis conn = new Jedis("127.0.0.1", node.port(), 10_000)) {
                    String[] kv = initial.clone();
                    for (int round = 1; round <= maxRounds && System.nanoTime() < deadline && torn.isEmpty();
                            round++) {
                        for (int i = 1; i < kv.length; i += 2) {
                            kv[i] = "w" + writer + "-" + round;
                        }
                        conn.mset(kv);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.countDown();
                }
            }));
        }
        for (int r = 0; r < readers; r++) {
            threads.add(new Thread(() -> {
                try (Jedis conn = new Jedis("127.0.0.1", node.port(), 10_000)) {
                    String[] names = keys.toArray(new String[0]);
                    String last = null;
                    while (System.nanoTime() < deadline && reads.get() < 5L * maxRounds && torn.isEmpty()) {
                        List<String> values = conn.mget(names);
                        reads.incrementAndGet();
                        if (new HashSet<>(values).size() != 1) {
                            torn.add(values.toString());
                        }
                        if (last != null && !last.equals(values.get(0))) {
                            changesSeen.incrementAndGet();
                        }
                        last = values.get(0);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.countDown();
                }
            }));
        }
        threads.forEach(Thread::start);
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(torn).as("MGET saw a mix of two MSET rounds").isEmpty();
        assertThat(reads.get()).isGreaterThan(100);
        assertThat(changesSeen.get()).as("readers must observe writes for the test to mean anything")
                .isGreaterThan(10);
    }
}
