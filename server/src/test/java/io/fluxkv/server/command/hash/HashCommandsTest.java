package io.fluxkv.server.command.hash;

import io.fluxkv.server.testing.NodeTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hash commands through Jedis: errors, the listpack/hashtable switch (at Redis 7.0's built-in limits: 512
 * fields, 64-byte fields and values), HSCAN's guarantee on a hash table that
 * changes during the scan, and HRANDFIELD's random picks by membership (which the differential test cannot compare).
 * Expected error texts are Redis 7.0.15's.
 */
class HashCommandsTest extends NodeTest {
    private static final String WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    @Test
    void wrongTypeBothWays() {
        jedis.set("s", "v");
        assertThatThrownBy(() -> jedis.hset("s", "f", "v")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.hget("s", "f")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.hgetAll("s")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.hincrBy("s", "f", 1)).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.hscan("s", "0")).hasMessage(WRONG_TYPE);
        assertThat(jedis.get("s")).isEqualTo("v");
        jedis.hset("h", "f", "v");
        assertThatThrownBy(() -> jedis.get("h")).hasMessage(WRONG_TYPE);
        assertThatThrownBy(() -> jedis.incr("h")).hasMessage(WRONG_TYPE);
        assertThat(jedis.type("h")).isEqualTo("hash");
    }

    @Test
    void arity() {
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HSET, "h", "f", "v", "g"))
                .hasMessage("ERR wrong number of arguments for 'hset' command");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HMSET, "h", "f", "v", "g"))
                .hasMessage("ERR wrong number of arguments for 'hmset' command");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HSET, "h", "f"))
                .hasMessage("ERR wrong number of arguments for 'hset' command");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HGET, "h"))
                .hasMessage("ERR wrong number of arguments for 'hget' command");
        assertThat(jedis.exists("h")).isFalse();
    }

    @Test
    void incrementErrorsAndOverflow() {
        jedis.hset("h", Map.of("max", Long.toString(Long.MAX_VALUE), "text", "abc"));
        assertThatThrownBy(() -> jedis.hincrBy("h", "max", 1))
                .hasMessage("ERR increment or decrement would overflow");
        assertThat(jedis.hincrBy("h", "max", -1)).isEqualTo(Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> jedis.hincrBy("h", "text", 1)).hasMessage("ERR hash value is not an integer");
        assertThatThrownBy(() -> jedis.hincrByFloat("h", "text", 1)).hasMessage("ERR hash value is not a float");
        assertThat(jedis.hincrByFloat("h", "x", 10.5)).isEqualTo(10.5);
        assertThat(jedis.hincrByFloat("h", "x", 0.1)).isEqualTo(10.6);
        assertThat(jedis.hget("h", "x")).isEqualTo("10.6");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HINCRBYFLOAT, "h", "x", "inf"))
                .hasMessage("ERR value is NaN or Infinity");
    }

    @Test
    void emptyHashDeletesItsKey() {
        jedis.hset("h", Map.of("a", "1", "b", "2"));
        assertThat(jedis.hdel("h", "a", "zz")).isEqualTo(1);
        assertThat(jedis.exists("h")).isTrue();
        assertThat(jedis.hdel("h", "b", "a")).isEqualTo(1);
        assertThat(jedis.exists("h")).isFalse();
        assertThat(jedis.hlen("h")).isZero();
    }

    @Test
    void convertsPast512Fields() {
        for (int i = 0; i < 512; i++) {
            jedis.hset("h", "f" + i, "v" + i);
        }
        assertThat(jedis.objectEncoding("h")).isEqualTo("listpack");
        jedis.hset("h", "f0", "updated");
        assertThat(jedis.objectEncoding("h")).isEqualTo("listpack");
        jedis.hset("h", "f512", "v512");
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        assertThat(jedis.hlen("h")).isEqualTo(513);
        assertThat(jedis.hget("h", "f0")).isEqualTo("updated");
        jedis.hdel("h", "f512", "f511");
        assertThat(jedis.objectEncoding("h")).as("never converts back").isEqualTo("hashtable");
        assertThat(jedis.hgetAll("h")).hasSize(511).containsEntry("f5", "v5");
    }

    @Test
    void convertsAtA65ByteFieldOrValue() {
        jedis.hset("h", "f", "x".repeat(64));
        jedis.hset("h", "y".repeat(64), "v");
        assertThat(jedis.objectEncoding("h")).isEqualTo("listpack");
        jedis.hset("h", "g", "x".repeat(65));
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        assertThat(jedis.hgetAll("h")).containsOnlyKeys("f", "y".repeat(64), "g");

        jedis.hset("k", "f", "1");
        jedis.hincrBy("k", "z".repeat(65), 1);
        assertThat(jedis.objectEncoding("k")).isEqualTo("hashtable");
    }

    @Test
    void copyIsDeep() {
        jedis.hset("small", "f", "v");
        jedis.hset("large", "f", "x".repeat(100));
        for (String key : List.of("small", "large")) {
            assertThat(jedis.copy(key, key + "-copy", false)).isTrue();
            jedis.hset(key + "-copy", "f", "changed");
            jedis.hset(key + "-copy", "g", "added");
            assertThat(jedis.hgetAll(key)).containsOnlyKeys("f").doesNotContainValue("changed");
            assertThat(jedis.objectEncoding(key + "-copy")).isEqualTo(jedis.objectEncoding(key));
        }
    }

    @Test
    void compactHashScansInOneStep() {
        jedis.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
        ScanResult<Map.Entry<String, String>> step = jedis.hscan("h", "0", new ScanParams().count(1));
        assertThat(step.getCursor()).isEqualTo("0");
        assertThat(step.getResult()).hasSize(3);
    }

    /** Every field present for the whole scan is returned, while the table grows (and rehashes) between steps. */
    @Test
    void scanReturnsEveryFieldWhileFieldsAreAdded() {
        Map<String, String> initial = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            initial.put("field:" + i, "v");
        }
        jedis.hset("h", initial);
        assertThat(jedis.objectEncoding("h")).isEqualTo("hashtable");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int added = 0;
        int steps = 0;
        do {
            ScanResult<Map.Entry<String, String>> step = jedis.hscan("h", cursor, new ScanParams().count(25));
            step.getResult().forEach(entry -> seen.add(entry.getKey()));
            cursor = step.getCursor();
            for (int i = 0; i < 50; i++) {
                jedis.hset("h", "added:" + added++, "v");
            }
            steps++;
        } while (!cursor.equals("0"));
        assertThat(seen).containsAll(initial.keySet());
        assertThat(steps).isGreaterThan(10);
        // MATCH filters fields but still walks by cursor.
        Set<String> matched = new HashSet<>();
        cursor = "0";
        do {
            ScanResult<Map.Entry<String, String>> step =
                    jedis.hscan("h", cursor, new ScanParams().match("field:1*").count(100));
            step.getResult().forEach(entry -> matched.add(entry.getKey()));
            cursor = step.getCursor();
        } while (!cursor.equals("0"));
        assertThat(matched).hasSize(111).allMatch(field -> field.startsWith("field:1"));
    }

    @Test
    void randomFields() {
        Map<String, String> hash = Map.of("a", "1", "b", "2", "c", "3", "d", "4");
        jedis.hset("h", hash);
        assertThat(jedis.hrandfield("h")).isIn(hash.keySet());
        assertThat(jedis.hrandfield("h", 3)).hasSize(3).doesNotHaveDuplicates().isSubsetOf(hash.keySet());
        assertThat(jedis.hrandfield("h", 10)).containsExactlyInAnyOrderElementsOf(hash.keySet());
        // A negative count may repeat fields and returns exactly that many.
        List<String> repeated = jedis.hrandfield("h", -50);
        assertThat(repeated).hasSize(50).isSubsetOf(hash.keySet());
        assertThat(new HashSet<>(repeated)).as("50 picks of 4 fields cover them all").hasSize(4);
        List<Map.Entry<String, String>> pairs = jedis.hrandfieldWithValues("h", -20);
        assertThat(pairs).hasSize(20).allMatch(pair -> hash.get(pair.getKey()).equals(pair.getValue()));
        assertThat(jedis.hrandfieldWithValues("h", 2)).hasSize(2)
                .allMatch(pair -> hash.get(pair.getKey()).equals(pair.getValue()));

        Map<String, String> large = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            large.put("f" + i, "v" + i);
        }
        jedis.hset("large", large);
        assertThat(jedis.hrandfield("large", 550)).hasSize(550).doesNotHaveDuplicates()
                .isSubsetOf(large.keySet());
        assertThat(jedis.hrandfieldWithValues("large", -5)).hasSize(5)
                .allMatch(pair -> large.get(pair.getKey()).equals(pair.getValue()));
        assertThatThrownBy(() -> jedis.hrandfield("h", Long.MIN_VALUE)).isInstanceOf(JedisDataException.class)
                .hasMessageStartingWith("ERR value is out of range");
    }
}
