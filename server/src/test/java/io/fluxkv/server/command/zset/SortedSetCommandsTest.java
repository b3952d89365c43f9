package io.fluxkv.server.command.zset;

import io.fluxkv.server.testing.NodeTest;
import io.fluxkv.server.type.SortedSetValue;
import io.fluxkv.server.type.ZSkipList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorted sets on the node alone: what the differential test cannot compare (random picks, ZSCAN of a large set,
 * COPY), the score formatter, and the skiplist's ranks against a plain sorted list, up to 200k members.
 */
class SortedSetCommandsTest extends NodeTest {

    @Test
    void formatsScoresAsPrintfDoes() {
        assertThat(text(Scores.format(1.1))).isEqualTo("1.1000000000000001");
        assertThat(text(Scores.format(0.1 + 0.2))).isEqualTo("0.30000000000000004");
        assertThat(text(Scores.format(1e20))).isEqualTo("1e+20");
        assertThat(text(Scores.format(1.5e-7))).isEqualTo("1.4999999999999999e-07");
        assertThat(text(Scores.format(-0.0))).isEqualTo("-0");
        assertThat(text(Scores.format(Double.POSITIVE_INFINITY))).isEqualTo("inf");
        assertThat(text(Scores.format(Double.NEGATIVE_INFINITY))).isEqualTo("-inf");
        assertThat(text(Scores.format(1e17))).isEqualTo("1e+17");
        assertThat(text(Scores.format(12345678901234567.0))).isEqualTo("12345678901234568");
        assertThat(text(Scores.format(99999999999999984.0))).isEqualTo("99999999999999984");
        assertThat(text(Scores.format(-1e16))).isEqualTo("-10000000000000000");
        assertThat(text(Scores.format(1.7e12))).isEqualTo("1700000000000");
        assertThat(text(Scores.format(0.0001))).isEqualTo("0.0001");
        assertThat(text(Scores.format(Double.MIN_VALUE))).isEqualTo("4.9406564584124654e-324");
        assertThat(text(Scores.listpackForm(1e17))).isEqualTo("100000000000000000");
        assertThat(text(Scores.listpackForm(1e19))).isEqualTo("1e+19");
    }

    @Test
    void parsesScoresAsStrtodDoes() {
        assertThat(Scores.parse(bytes("0x10"))).isEqualTo(16.0);
        assertThat(Scores.parse(bytes("-INF"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Scores.parse(bytes("4.9e-324"))).isEqualTo(Double.MIN_VALUE);
        assertThat(Scores.parse(bytes("0e-400"))).isZero();
        for (String bad : new String[] {"1e400", "1e-400", "nan", " 1", "1 ", "", "1f", "abc"}) {
            assertThat(catchError(() -> Scores.parse(bytes(bad)))).as(bad).isEqualTo("ERR value is not a valid float");
        }
        assertThat(Scores.parseRangeEnd(bytes(" 2"), 0)).isEqualTo(2.0);
        assertThat(Scores.parseRangeEnd(bytes("("), 1)).isZero();
    }

    @Test
    void zrandmemberPicks() {
        jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0, "e", 5.0));
        Set<String> all = Set.of("a", "b", "c", "d", "e");
        for (int i = 0; i < 50; i++) {
            assertThat(jedis.zrandmember("z")).isIn(all);
            List<String> distinct = jedis.zrandmember("z", 3);
            assertThat(distinct).hasSize(3).doesNotHaveDuplicates().isSubsetOf(all);
            assertThat(jedis.zrandmember("z", 2)).hasSize(2).doesNotHaveDuplicates();
            assertThat(jedis.zrandmember("z", -20)).hasSize(20).isSubsetOf(all);
        }
        List<Tuple> withScores = jedis.zrandmemberWithScores("z", -10);
        assertThat(withScores).hasSize(10)
                .allSatisfy(t -> assertThat(t.getScore()).isEqualTo((double) (t.getElement().charAt(0) - 'a' + 1)));
        assertThat(jedis.zrandmember("z", 5)).containsExactly("e", "d", "c", "b", "a");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seen.add(jedis.zrandmember("z"));
        }
        assertThat(new HashSet<>(seen)).isEqualTo(all);
    }

    @Test
    void zscanOfALargeSetVisitsEveryMemberOnce() {
        Map<String, Double> members = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            members.put("m" + i, i * 0.5);
        }
        jedis.zadd("big", members);
        assertThat(jedis.objectEncoding("big")).isEqualTo("skiplist");
        Map<String, Double> seen = new HashMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int steps = 0;
        do {
            ScanResult<Tuple> step = jedis.zscan("big", cursor, new ScanParams().count(100));
            for (Tuple t : step.getResult()) {
                assertThat(seen.put(t.getElement(), t.getScore())).isNull();
            }
            cursor = step.getCursor();
            steps++;
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(members);
        assertThat(steps).isGreaterThan(5);
        ScanResult<Tuple> matched = jedis.zscan("big", "0", new ScanParams().match("m99*").count(2000));
        assertThat(matched.getResult()).extracting(Tuple::getElement)
                .containsExactlyInAnyOrder("m99", "m990", "m991", "m992", "m993", "m994", "m995", "m996", "m997",
                        "m998", "m999");
    }

    /** The SCAN guarantee: a member present for the whole scan is returned, while the set grows and shrinks. */
    @Test
    void zscanReturnsStableMembersWhileTheSetChanges() {
        Map<String, Double> stable = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            stable.put("stable" + i, (double) i);
        }
        jedis.zadd("z", stable);
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int step = 0;
        do {
            ScanResult<Tuple> result = jedis.zscan("z", cursor, new ScanParams().count(20));
            result.getResult().forEach(t -> seen.add(t.getElement()));
            cursor = result.getCursor();
            // Grow the table a lot for a while, then shrink it back below its starting size.
            if (step < 5) {
                Map<String, Double> extra = new HashMap<>();
                for (int i = 0; i < 2000; i++) {
                    extra.put("extra" + step + "-" + i, -1.0);
                }
                jedis.zadd("z", extra);
            } else if (step == 5) {
                jedis.zremrangeByScore("z", -1, -1);
            }
            step++;
        } while (!cursor.equals("0"));
        assertThat(seen).containsAll(stable.keySet());
    }

    @Test
    void copyIsDeepAndKeepsTheEncoding() {
        jedis.zadd("src", Map.of("a", 1.0, "b", 2.0));
        assertThat(jedis.copy("src", "dst", false)).isTrue();
        jedis.zadd("dst", 10, "a");
        jedis.zrem("dst", "b");
        assertThat(jedis.zscore("src", "a")).isEqualTo(1.0);
        assertThat(jedis.zcard("src")).isEqualTo(2);
        assertThat(jedis.objectEncoding("dst")).isEqualTo("listpack");
        assertThat(jedis.type("dst")).isEqualTo("zset");
    }

    @Test
    void popIsOnlyDeletingTheKeyWhenEmpty() {
        jedis.zadd("z", Map.of("a", 1.0, "b", 2.0));
        assertThat(jedis.zpopmax("z").getElement()).isEqualTo("b");
        assertThat(jedis.exists("z")).isTrue();
        assertThat(jedis.zpopmin("z", 5)).extracting(Tuple::getElement).containsExactly("a");
        assertThat(jedis.exists("z")).isFalse();
    }

    /** 200k members through the node: every sampled rank matches a sorted list, before and after removals. */
    @Test
    void ranksOfALargeSetMatchASortedList() {
        Random random = new Random(42);
        Map<String, Double> scores = new HashMap<>();
        Pipeline pipeline = jedis.pipelined();
        Map<String, Double> batch = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String member = "m" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36);
            double score = random.nextInt(5000) / 4.0;
            scores.put(member, score);
            batch.put(member, score);
            if (batch.size() == 1000) {
                pipeline.zadd("big", batch);
                batch = new HashMap<>();
            }
        }
        pipeline.zadd("big", batch);
        pipeline.sync();
        List<String> sorted = sortedMembers(scores);
        assertThat(jedis.zcard("big")).isEqualTo(sorted.size());
        checkRanks(random, sorted);
        Pipeline removals = jedis.pipelined();
        for (int i = 0; i < 50_000; i++) {
            String member = sorted.get(random.nextInt(sorted.size()));
            if (scores.remove(member) != null) {
                removals.zrem("big", member);
            }
        }
        removals.sync();
        sorted = sortedMembers(scores);
        assertThat(jedis.zcard("big")).isEqualTo(sorted.size());
        checkRanks(random, sorted);
    }

    private static void checkRanks(Random random, List<String> sorted) {
        Pipeline pipeline = jedis.pipelined();
        List<Integer> ranks = new ArrayList<>();
        List<Response<Long>> answers = new ArrayList<>();
        List<Response<List<String>>> byRank = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int rank = random.nextInt(sorted.size());
            ranks.add(rank);
            answers.add(pipeline.zrank("big", sorted.get(rank)));
            byRank.add(pipeline.zrange("big", rank, rank));
        }
        pipeline.sync();
        for (int i = 0; i < ranks.size(); i++) {
            assertThat(answers.get(i).get()).isEqualTo((long) ranks.get(i));
            assertThat(byRank.get(i).get()).containsExactly(sorted.get(ranks.get(i)));
        }
        assertThat(jedis.zrevrank("big", sorted.get(0))).isEqualTo(sorted.size() - 1L);
    }

    private static List<String> sortedMembers(Map<String, Double> scores) {
        List<String> sorted = new ArrayList<>(scores.keySet());
        sorted.sort(Comparator.<String>comparingDouble(scores::get)
                .thenComparing((a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b))));
        return sorted;
    }

    /** The value class alone: random adds, updates and removals against a map sorted by (score, member). */
    @Test
    void skiplistAgreesWithASortedList() {
        Random random = new Random(1);
        SortedSetValue zset = new SortedSetValue(false);
        Map<String, Double> scores = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String member = "k" + random.nextInt(500);
            if (random.nextInt(3) == 0) {
                assertThat(zset.remove(bytes(member))).isEqualTo(scores.remove(member) != null);
            } else {
                double score = random.nextInt(50) - 25;
                zset.put(bytes(member), score);
                scores.put(member, score);
            }
        }
        List<String> sorted = sortedMembers(scores);
        assertThat(zset.size()).isEqualTo(sorted.size());
        int i = 0;
        for (ZSkipList.Node n = zset.first(); n != null; n = n.next(), i++) {
            assertThat(text(n.member())).isEqualTo(sorted.get(i));
            assertThat(zset.rank(n.member())).isEqualTo(i);
            assertThat(zset.byRank(i)).isSameAs(n);
        }
        assertThat(text(zset.last().member())).isEqualTo(sorted.get(sorted.size() - 1));
        SortedSetValue copy = zset.copy();
        copy.remove(zset.first().member());
        assertThat(zset.size()).isEqualTo(sorted.size());
    }

    private static String catchError(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
