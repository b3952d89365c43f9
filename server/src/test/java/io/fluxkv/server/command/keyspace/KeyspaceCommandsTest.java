package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.store.Key;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.store.ValueType;
import io.fluxkv.server.testing.NodeTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keyspace commands through a real client: counts, types, databases, the SCAN guarantee under concurrent writes,
 * glob patterns, and the rule that an expired key is invisible to every command. Expected values that depend on
 * Redis's behaviour were checked against redis-server 7.0.15 (and KeyspaceDifferentialTest compares the rest).
 */
class KeyspaceCommandsTest extends NodeTest {
    private static Store store() {
        return node.node().store();
    }

    /** Reads a key of any database the way a command would: under its shard's lock. */
    private static Entry entryIn(int db, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int shard = Key.shardOf(bytes);
        store().lock(shard).lock();
        try {
            return store().database(db).peek(bytes);
        } finally {
            store().lock(shard).unlock();
        }
    }

    private static void putIn(int db, String key, Object value, long expireAt) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int shard = Key.shardOf(bytes);
        store().lock(shard).lock();
        try {
            store().database(db).put(new Key(bytes), value, expireAt);
        } finally {
            store().lock(shard).unlock();
        }
    }

    /** A list-typed value, standing in for the list family: what a later value class must provide. */
    record FakeList(String encoding) implements ValueType.Value {
        @Override
        public ValueType type() {
            return ValueType.LIST;
        }

        @Override
        public ValueType.Value copy() {
            return new FakeList(encoding);
        }
    }

    @Test
    void wrongArityNamesTheCommand() {
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.DEL))
                .hasMessage("ERR wrong number of arguments for 'del' command");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.OBJECT, "ENCODING"))
                .hasMessage("ERR wrong number of arguments for 'object|encoding' command");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.RENAME, "a"))
                .hasMessage("ERR wrong number of arguments for 'rename' command");
    }

    @Test
    void delUnlinkExistsTouchCountLiveKeys() {
        jedis.set("a", "1");
        jedis.set("b", "2");
        assertThat(jedis.exists("a", "a", "b", "c")).isEqualTo(3);
        assertThat(jedis.touch("a", "c")).isEqualTo(1);
        assertThat(jedis.del("a", "a", "c")).isEqualTo(1);
        assertThat(jedis.unlink("b")).isEqualTo(1);
        assertThat(jedis.exists("a", "b")).isZero();
    }

    @Test
    void typeAndEncodingComeFromTheValueClass() {
        jedis.set("s", "hello");
        putIn(0, "l", new FakeList("quicklist"), Entry.NO_EXPIRY);
        assertThat(jedis.type("s")).isEqualTo("string");
        assertThat(jedis.type("l")).isEqualTo("list");
        assertThat(jedis.type("none")).isEqualTo("none");
        assertThat(jedis.objectEncoding("l")).isEqualTo("quicklist");
        assertThat(jedis.objectRefcount("l")).isEqualTo(1);
        assertThat(jedis.copy("l", "l2", false)).isTrue();
        assertThat(entryIn(0, "l2").value()).isEqualTo(new FakeList("quicklist"))
                .isNotSameAs(entryIn(0, "l").value());
        ScanResult<String> lists = jedis.scan("0", new ScanParams().count(1000), "LiSt");
        assertThat(lists.getResult()).containsExactlyInAnyOrder("l", "l2");
    }

    @Test
    void stringEncodingsAndRefcounts() {
        Map<String, String> expected = Map.of("123", "int", "-9223372036854775808", "int", "0123", "embstr",
                "1.0", "embstr", "x".repeat(44), "embstr", "x".repeat(45), "raw", "9223372036854775808", "embstr");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            jedis.set("k", e.getKey());
            assertThat(jedis.objectEncoding("k")).as(e.getKey()).isEqualTo(e.getValue());
        }
        jedis.set("k", "9999");
        assertThat(jedis.objectRefcount("k")).isEqualTo(Integer.MAX_VALUE);
        jedis.set("k", "10000");
        assertThat(jedis.objectRefcount("k")).isEqualTo(1);
        assertThat(jedis.objectIdletime("k")).isBetween(0L, 1L);
        assertThat(jedis.objectEncoding("missing")).isNull();
        assertThatThrownBy(() -> jedis.objectFreq("k")).hasMessageStartingWith(
                "ERR An LFU maxmemory policy is not selected, access frequency not tracked.");
        assertThat(jedis.objectHelp()).hasSize(15).first().isEqualTo(
                "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    }

    @Test
    void renameKeepsValueAndDeadlineAndRenameToItselfIsANoOp() {
        assertThatThrownBy(() -> jedis.rename("nosuch", "x")).hasMessage("ERR no such key");
        jedis.set("a", "1");
        assertThat(jedis.rename("a", "a")).isEqualTo("OK");
        assertThat(jedis.renamenx("a", "a")).isZero();
        assertThat(jedis.get("a")).isEqualTo("1");
        jedis.pexpire("a", 100_000);
        jedis.set("b", "old");
        assertThat(jedis.renamenx("a", "b")).isZero();
        assertThat(jedis.rename("a", "b")).isEqualTo("OK");
        assertThat(jedis.exists("a")).isFalse();
        assertThat(jedis.get("b")).isEqualTo("1");
        assertThat(jedis.pttl("b")).isBetween(90_000L, 100_000L);
        assertThat(jedis.renamenx("b", "c")).isEqualTo(1);
        assertThat(jedis.pttl("c")).isBetween(90_000L, 100_000L);
        assertThat(jedis.dbSize()).isEqualTo(1);
    }

    @Test
    void copyAcrossDatabases() {
        jedis.set("a", "v");
        jedis.pexpire("a", 100_000);
        assertThat(jedis.copy("a", "a", 3, false)).isTrue();
        assertThat(entryIn(3, "a").value()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        assertThat(entryIn(3, "a").expireAt()).isEqualTo(entryIn(0, "a").expireAt());
        assertThat(jedis.copy("a", "a", 3, false)).isFalse();
        jedis.set("a", "w");
        assertThat(jedis.copy("a", "a", 3, true)).isTrue();
        assertThat(entryIn(3, "a").value()).isEqualTo("w".getBytes(StandardCharsets.UTF_8));
        assertThat(entryIn(3, "a").hasExpiry()).isFalse();
        assertThatThrownBy(() -> jedis.copy("a", "a", false))
                .hasMessage("ERR source and destination objects are the same");
        assertThatThrownBy(() -> jedis.copy("a", "b", 16, false)).hasMessage("ERR DB index is out of range");
        assertThat(jedis.copy("missing", "b", false)).isFalse();
    }

    @Test
    void copiedStringsAreIndependent() {
        jedis.set("a", "v");
        jedis.copy("a", "b", false);
        assertThat(entryIn(0, "b").value()).isNotSameAs(entryIn(0, "a").value());
    }

    @Test
    void moveAcrossDatabases() {
        jedis.set("a", "v");
        jedis.pexpire("a", 100_000);
        long deadline = entryIn(0, "a").expireAt();
        assertThat(jedis.move("a", 5)).isEqualTo(1);
        assertThat(jedis.exists("a")).isFalse();
        assertThat(entryIn(5, "a").expireAt()).isEqualTo(deadline);
        jedis.set("a", "again");
        assertThat(jedis.move("a", 5)).isZero();
        assertThat(jedis.get("a")).isEqualTo("again");
        assertThatThrownBy(() -> jedis.move("a", 0)).hasMessage("ERR source and destination objects are the same");
        assertThatThrownBy(() -> jedis.move("a", 16)).hasMessage("ERR DB index is out of range");
        assertThat(jedis.move("missing", 5)).isZero();
    }

    /** Every command treats a key whose deadline has passed (but which nobody reclaimed yet) as absent. */
    @Test
    void expiredKeysAreInvisibleToEveryCommand() {
        List<Consumer<Jedis>> checks = List.of(
                j -> assertThat(j.get("gone")).isNull(),
                j -> assertThat(j.exists("gone")).isFalse(),
                j -> assertThat(j.type("gone")).isEqualTo("none"),
                j -> assertThat(j.touch("gone")).isZero(),
                j -> assertThat(j.del("gone")).isZero(),
                j -> assertThat(j.unlink("gone")).isZero(),
                j -> assertThat(j.ttl("gone")).isEqualTo(-2),
                j -> assertThat(j.pttl("gone")).isEqualTo(-2),
                j -> assertThat(j.expireTime("gone")).isEqualTo(-2),
                j -> assertThat(j.pexpireTime("gone")).isEqualTo(-2),
                j -> assertThat(j.persist("gone")).isZero(),
                j -> assertThat(j.expire("gone", 100)).isZero(),
                j -> assertThat(j.objectEncoding("gone")).isNull(),
                j -> assertThat(j.copy("gone", "copy", false)).isFalse(),
                j -> assertThat(j.move("gone", 1)).isZero(),
                j -> assertThat(j.renamenx("other", "gone")).isEqualTo(1),
                j -> assertThatThrownBy(() -> j.rename("gone", "x")).hasMessage("ERR no such key"),
                j -> assertThat(j.keys("*")).doesNotContain("gone"),
                j -> assertThat(j.scan("0", new ScanParams().count(1000)).getResult()).doesNotContain("gone"),
                j -> assertThat(j.randomKey()).isNotEqualTo("gone"));
        for (Consumer<Jedis> check : checks) {
            node.node().store().flushAll();
            jedis.set("other", "o");
            putIn(0, "gone", "v".getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() - 1);
            putIn(1, "gone", "v".getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() - 1);
            check.accept(jedis);
        }
        node.node().store().flushAll();
        putIn(0, "gone", "v".getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() - 1);
        assertThat(jedis.randomKey()).isNull();
    }

    @Test
    void keysMatchesGlobPatternsWithEscapesAndClasses() {
        for (String key : List.of("a*b", "a?b", "axb", "a[b", "a]b", "ab", "A-b", "hello", "hallo", "h\\llo")) {
            jedis.set(key, "v");
        }
        assertThat(jedis.keys("*")).hasSize(10);
        assertThat(jedis.keys("a\\*b")).containsExactly("a*b");
        assertThat(jedis.keys("a[*?]b")).containsExactlyInAnyOrder("a*b", "a?b");
        assertThat(jedis.keys("a[^*?]b")).containsExactlyInAnyOrder("axb", "a[b", "a]b");
        assertThat(jedis.keys("a[\\]]b")).containsExactly("a]b");
        assertThat(jedis.keys("a[[]b")).containsExactly("a[b");
        assertThat(jedis.keys("a?b")).containsExactlyInAnyOrder("a*b", "a?b", "axb", "a[b", "a]b");
        assertThat(jedis.keys("h[a-e]llo")).containsExactlyInAnyOrder("hello", "hallo");
        assertThat(jedis.keys("h[e-a]llo")).containsExactlyInAnyOrder("hello", "hallo");
        assertThat(jedis.keys("h\\\\llo")).containsExactly("h\\llo");
        assertThat(jedis.keys("[A-Z]-b")).containsExactly("A-b");
        assertThat(jedis.keys("nothing*")).isEmpty();
    }

    @Test
    void scanMatchTypeAndCount() {
        for (int i = 0; i < 100; i++) {
            jedis.set("user:" + i, "v");
            jedis.set("item:" + i, "v");
        }
        putIn(0, "user:list", new FakeList("quicklist"), Entry.NO_EXPIRY);
        ScanResult<String> first = jedis.scan("0", new ScanParams().count(5));
        assertThat(first.getCursor()).isNotEqualTo("0");
        assertThat(first.getResult()).hasSizeLessThanOrEqualTo(5);

        assertThat(scanAll(new ScanParams().match("user:*").count(7), null))
                .hasSize(101).allMatch(k -> k.startsWith("user:"));
        assertThat(scanAll(new ScanParams().match("user:*"), "string")).hasSize(100);
        assertThat(scanAll(new ScanParams(), "LIST")).containsExactly("user:list");
        assertThat(scanAll(new ScanParams(), "nosuchtype")).isEmpty();
        assertThatThrownBy(() -> jedis.scan("abc")).hasMessage("ERR invalid cursor");
        assertThatThrownBy(() -> jedis.scan("0", new ScanParams().count(0))).hasMessage("ERR syntax error");
    }

    private static List<String> scanAll(ScanParams params, String type) {
        List<String> all = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            ScanResult<String> page = type == null ? jedis.scan(cursor, params) : jedis.scan(cursor, params, type);
            all.addAll(page.getResult());
            cursor = page.getCursor();
            assertThat(++calls).as("SCAN calls").isLessThan(100_000);
        } while (!cursor.equals("0"));
        return all;
    }

    /** Keys present for the whole scan are all returned, however many keys are added meanwhile. */
    @Test
    void scanReturnsEveryKeyWhileKeysAreAdded() throws Exception {
        int preloaded = 2000;
        for (int i = 0; i < preloaded; i++) {
            jedis.set("stable:" + i, "v");
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger added = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try (Jedis other = new Jedis("127.0.0.1", node.port())) {
                for (int i = 0; i < 20_000 && !stop.get(); i++) {
                    other.set("new:" + i, "v");
                    if (i % 3 == 0) {
                        other.del("new:" + (i / 2));
                    }
                    added.incrementAndGet();
                }
            }
        });
        writer.start();
        try {
            for (int count : new int[] {5, 100}) {
                Set<String> seen = new HashSet<>();
                for (String key : scanAll(new ScanParams().count(count), null)) {
                    assertThat(key).matches("stable:\\d+|new:\\d+");
                    seen.add(key);
                }
                for (int i = 0; i < preloaded; i++) {
                    assertThat(seen).contains("stable:" + i);
                }
            }
        } finally {
            stop.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(added.get()).as("keys added while scanning").isPositive();
    }

    @Test
    void randomKeyPicksAmongLiveKeys() {
        assertThat(jedis.randomKey()).isNull();
        jedis.set("a", "1");
        jedis.set("b", "2");
        jedis.set("c", "3");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300 && seen.size() < 3; i++) {
            seen.add(jedis.randomKey());
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void dbIndexArgumentsAreValidated() {
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.MOVE, "a", "x"))
                .isInstanceOf(JedisDataException.class).hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.MOVE, "a", "4294967296"))
                .hasMessage("ERR value is out of range, value must between -2147483648 and 2147483647");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.COPY, "a", "b", "DB"))
                .hasMessage("ERR syntax error");
    }

    @Test
    void keysOfOtherDatabasesAreSeparate() {
        putIn(2, "x", "v".getBytes(StandardCharsets.UTF_8), Entry.NO_EXPIRY);
        Database db0 = store().database(0);
        assertThat(db0.size()).isZero();
        assertThat(jedis.keys("*")).isEmpty();
        assertThat(jedis.exists("x")).isFalse();
    }
}
