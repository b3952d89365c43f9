package io.fluxkv.server.command.set;

import io.fluxkv.server.testing.NodeTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Set commands through a real client: what cannot be compared with Redis byte for byte (random picks, hash order,
 * the SSCAN guarantee while the set changes). {@link SetDifferentialTest} compares everything else.
 */
class SetCommandsTest extends NodeTest {
    private static final String[] INTS = IntStream.range(0, 10).mapToObj(Integer::toString).toArray(String[]::new);
    private static final String[] WORDS = IntStream.range(0, 10).mapToObj(i -> "w" + i).toArray(String[]::new);

    @Test
    void basics() {
        assertThat(jedis.sadd("s", "a", "b", "a")).isEqualTo(2);
        assertThat(jedis.smembers("s")).containsExactlyInAnyOrder("a", "b");
        assertThat(jedis.smismember("s", "a", "z")).containsExactly(true, false);
        assertThat(jedis.srem("s", "a", "b")).isEqualTo(2);
        assertThat(jedis.exists("s")).isFalse();
        jedis.set("str", "v");
        assertThatThrownBy(() -> jedis.sinter("missing", "str")).isInstanceOf(JedisDataException.class)
                .hasMessageStartingWith("WRONGTYPE");
    }

    @Test
    void encodingsAtTheIntsetLimit() {
        for (int i = 0; i < 512; i++) {
            jedis.sadd("s", Integer.toString(i));
        }
        assertThat(jedis.objectEncoding("s")).isEqualTo("intset");
        jedis.sadd("s", "512");
        assertThat(jedis.objectEncoding("s")).isEqualTo("hashtable");
        assertThat(jedis.scard("s")).isEqualTo(513);
        jedis.srem("s", "512");
        assertThat(jedis.objectEncoding("s")).isEqualTo("hashtable");
        assertThat(jedis.sismember("s", "511")).isTrue();
        jedis.sadd("t", "1", "x");
        assertThat(jedis.objectEncoding("t")).isEqualTo("hashtable");
    }

    @Test
    void spopTakesDistinctMembersAndRemovesThem() {
        for (String[] members : new String[][] {INTS, WORDS}) {
            jedis.del("s");
            jedis.sadd("s", members);
            Set<String> popped = jedis.spop("s", 4);
            assertThat(popped).hasSize(4).isSubsetOf(members);
            assertThat(jedis.smembers("s")).hasSize(6).doesNotContainAnyElementsOf(popped);
            String one = jedis.spop("s");
            assertThat(members).contains(one);
            assertThat(jedis.sismember("s", one)).isFalse();
            assertThat(jedis.spop("s", 100)).hasSize(5);
            assertThat(jedis.exists("s")).isFalse();
        }
    }

    @Test
    void srandmemberCounts() {
        for (String[] members : new String[][] {INTS, WORDS}) {
            jedis.del("s");
            jedis.sadd("s", members);
            for (int count : new int[] {1, 2, 5, 9, 10, 20}) {
                List<String> picked = jedis.srandmember("s", count);
                assertThat(picked).hasSize(Math.min(count, 10)).doesNotHaveDuplicates().isSubsetOf(members);
            }
            List<String> repeated = jedis.srandmember("s", -50);
            assertThat(repeated).hasSize(50).isSubsetOf(members);
            assertThat(new HashSet<>(repeated).size()).isLessThan(50);
            assertThat(jedis.scard("s")).isEqualTo(10);
        }
        jedis.sadd("one", "x");
        assertThat(jedis.srandmember("one", -3)).containsExactly("x", "x", "x");
    }

    /** Each of 10 members is picked about a tenth of the time, single picks and distinct ones alike. */
    @Test
    void randomPicksAreUniform() {
        for (String[] members : new String[][] {INTS, WORDS}) {
            jedis.del("s");
            jedis.sadd("s", members);
            // A hashtable that grew and shrank: holes in the table must not bias the picks.
            if (members == WORDS) {
                for (int i = 0; i < 1000; i++) {
                    jedis.sadd("s", "extra" + i);
                }
                for (int i = 0; i < 1000; i++) {
                    jedis.srem("s", "extra" + i);
                }
            }
            assertUniform(jedis.srandmember("s", -20000), members, 2000);
            List<String> distinct = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                distinct.addAll(jedis.srandmember("s", 2));
                distinct.addAll(jedis.srandmember("s", 8));
            }
            assertUniform(distinct, members, 2000);
        }
        Map<String, Integer> popped = new HashMap<>();
        for (int i = 0; i < 6000; i++) {
            jedis.sadd("p", "a", "b", "c");
            popped.merge(jedis.spop("p"), 1, Integer::sum);
            jedis.del("p");
        }
        assertThat(popped.values()).allSatisfy(n -> assertThat(n).isBetween(1700, 2300));
    }

    private static void assertUniform(List<String> picks, String[] members, int expectedEach) {
        Map<String, Long> counts = picks.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(counts.keySet()).containsExactlyInAnyOrder(members);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(expectedEach * 85L / 100,
                expectedEach * 115L / 100));
    }

    @Test
    void sscanOfAnIntsetIsOneStep() {
        jedis.sadd("s", INTS);
        ScanResult<String> result = jedis.sscan("s", "12345", new ScanParams().count(1));
        assertThat(result.getCursor()).isEqualTo("0");
        assertThat(result.getResult()).containsExactly(INTS);
    }

    /**
     * Every member present for the whole scan is returned, while others come and go between steps and the table
     * grows and shrinks under the cursor.
     */
    @Test
    void sscanReturnsEveryStableMemberWhileTheSetChanges() {
        Set<String> stable = IntStream.range(0, 2000).mapToObj(i -> "stable" + i).collect(Collectors.toSet());
        jedis.sadd("s", stable.toArray(String[]::new));
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int steps = 0;
        do {
            ScanResult<String> result = jedis.sscan("s", cursor, new ScanParams().count(25));
            seen.addAll(result.getResult());
            cursor = result.getCursor();
            // Grow the set to several times its size in the first half, then shrink it back.
            for (int i = 0; i < 60; i++) {
                String churn = "churn" + (steps * 60 + i);
                if (steps < 60) {
                    jedis.sadd("s", churn);
                } else {
                    jedis.srem("s", "churn" + ((steps - 60) * 60 + i));
                }
            }
            steps++;
        } while (!cursor.equals("0"));
        assertThat(seen).containsAll(stable);
        assertThat(steps).isGreaterThan(20);
    }

    @Test
    void sscanMatchAndCount() {
        for (int i = 0; i < 1000; i++) {
            jedis.sadd("s", "m" + i);
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            ScanResult<String> result = jedis.sscan("s", cursor, new ScanParams().match("m9*").count(50));
            seen.addAll(result.getResult());
            cursor = result.getCursor();
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(111).allSatisfy(m -> assertThat(m).startsWith("m9"));
        // A COUNT beyond the set's size finishes the scan from any cursor.
        assertThat(jedis.sscan("s", "12345", new ScanParams().count(Integer.MAX_VALUE)).getCursor()).isEqualTo("0");
        assertThat(jedis.sscan("s", "0", new ScanParams().count(Integer.MAX_VALUE)).getResult()).hasSize(1000);
    }
}
