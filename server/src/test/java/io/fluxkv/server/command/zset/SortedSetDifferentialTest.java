package io.fluxkv.server.command.zset;

import io.fluxkv.server.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorted-set commands against a real redis-server 7.0.15, reply for reply and byte for byte: hand-picked edge
 * cases for every command and option, then a seeded random sequence over a few keys, then RESP3. ZRANDMEMBER's
 * picks are random and are checked by shape in {@link SortedSetCommandsTest}.
 */
class SortedSetDifferentialTest extends DifferentialTestBase {
    @Test
    void zaddOptionsAndErrors() {
        all(c("ZADD", "z", "1", "a", "2", "b"), c("ZADD", "z", "NX", "5", "a", "3", "c"), c("ZRANGE", "z", "0", "-1",
                "WITHSCORES"), c("ZADD", "z", "XX", "10", "a", "4", "d"), c("ZADD", "z", "XX", "CH", "11", "a", "4",
                "d"), c("ZADD", "z", "GT", "CH", "1", "a", "20", "b"), c("ZADD", "z", "LT", "CH", "1", "a", "30", "b"),
                c("ZADD", "z", "XX", "GT", "CH", "100", "a"), c("ZADD", "z", "INCR", "1.5", "a"),
                c("ZADD", "z", "INCR", "XX", "1", "nosuch"), c("ZADD", "z", "INCR", "NX", "1", "a"),
                c("ZADD", "z", "INCR", "GT", "-1", "a"), c("ZADD", "z", "INCR", "LT", "-1", "a"),
                c("ZADD", "z", "NX", "XX", "1", "a"), c("ZADD", "z", "NX", "GT", "1", "a"),
                c("ZADD", "z", "GT", "LT", "1", "a"), c("ZADD", "z", "NX", "LT", "1", "a"),
                c("ZADD", "z", "INCR", "1", "a", "2", "b"), c("ZADD", "z", "1"), c("ZADD", "z", "1", "a", "2"),
                c("ZADD", "z", "x", "a"), c("ZADD", "z", "1", "a", "nan", "b"), c("ZADD", "z", "NX"),
                c("ZADD", "z", "CH", "CH", "1", "zz"), c("ZADD", "z", "+inf", "i"), c("ZADD", "z", "INCR", "-inf", "i"),
                c("ZADD", "z", "1e400", "big"), c("ZADD", "z", "1e-400", "tiny"), c("ZADD", "z", " 1", "sp"),
                c("ZADD", "z", "1 ", "sp"), c("ZADD", "z", "", "e"), c("ZADD", "z", "0x10", "hex"),
                c("ZADD", "z", "4.9e-324", "denorm"), c("ZADD", "z", "-inf", "ninf"),
                c("ZRANGE", "z", "0", "-1", "WITHSCORES"), c("ZADD", "missing", "XX", "1", "a"),
                c("ZADD", "missing", "XX", "INCR", "1", "a"), c("EXISTS", "missing"), c("ZCARD", "z"));
        all(c("SET", "s", "x"), c("ZADD", "s", "1", "a"), c("ZADD", "s", "x", "a"), c("ZINCRBY", "s", "1", "a"),
                c("ZSCORE", "s", "a"), c("ZCARD", "s"), c("ZRANGE", "s", "0", "1"), c("ZREM", "s", "a"));
    }

    @Test
    void scoreFormatting() {
        all(c("ZADD", "f", "1.1", "a", "1e20", "b", "1.5e-7", "c", "-0", "d", "inf", "e", "-inf", "g",
                "123456789012345678", "h", "0.1", "i", "1e17", "j", "-1e-5", "k", "100", "l", "1e16", "m",
                "3.0000000000000004", "n", "0.0001", "o", "0.00001", "p", "4611686018427387904", "q"),
                c("ZRANGE", "f", "0", "-1", "WITHSCORES"), c("ZSCAN", "f", "0"), c("ZSCORE", "f", "d"),
                c("ZINCRBY", "g1", "0.1", "x"), c("ZINCRBY", "g1", "0.2", "x"), c("ZINCRBY", "g1", "-0", "y"),
                c("ZINCRBY", "g1", "-0.5", "x"), c("ZINCRBY", "g1", "inf", "x"), c("ZINCRBY", "g1", "-inf", "x"),
                c("ZINCRBY", "g1", "abc", "x"), c("ZSCORE", "g1", "x"), c("ZMSCORE", "g1", "x", "y", "none"),
                c("ZADD", "g1", "INCR", "-0", "neg0"), c("ZSCORE", "g1", "neg0"));
        // A skiplist-encoded set keeps -0; a listpack stores it as the integer 0.
        List<String> big = new ArrayList<>(List.of("ZADD", "big"));
        for (int i = 0; i < 130; i++) {
            big.add(Integer.toString(i));
            big.add("m" + i);
        }
        // ZSCAN of a skiplist goes in hash order: one match each keeps the replies comparable.
        all(big.toArray(new String[0]), c("ZADD", "big", "-0", "negzero", "1e17", "e17"), c("ZSCORE", "big",
                "negzero"), c("OBJECT", "ENCODING", "big"), c("ZSCAN", "big", "0", "MATCH", "negzero", "COUNT", "1000"),
                c("ZSCAN", "big", "0", "MATCH", "e17", "COUNT", "1000"));
    }

    /** "%.17g" over doubles of every magnitude (random bit patterns) and the listpack's integer form (ZSCAN). */
    @Test
    void randomScoresFormatLikeRedis() {
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            List<String> add = new ArrayList<>(List.of("ZADD", "r" + round));
            for (int i = 0; i < (round % 2 == 0 ? 100 : 200); i++) {
                double value = round % 4 < 2 ? Double.longBitsToDouble(random.nextLong())
                        : (random.nextLong() >> random.nextInt(64)) / (double) (1L << random.nextInt(20));
                if (Double.isNaN(value)) {
                    continue;
                }
                add.add(Double.toString(value));
                add.add("m" + i);
            }
            d.check(add.toArray(new String[0]));
            d.check("ZRANGE", "r" + round, "0", "-1", "WITHSCORES");
            if (round % 2 == 0) {
                // Only a listpack's ZSCAN order (the set's) is comparable; a skiplist's follows its hash table.
                d.check("ZSCAN", "r" + round, "0", "COUNT", "1000");
            }
        }
    }

    /** Number syntax as strtod reads it, in scores, weights and range ends. */
    @Test
    void numberSyntax() {
        String[] texts = {"+.5", "5.", ".5", "-.5e-1", "0x1p3", "0x1.8P1", "0X10", "0x", "infinity", "-Infinity",
            "INF", "+inf", "1e", "e5", "--1", "1d", "1f", "0x1g", "1,5", "1e+5", "+0", "-0.0e0", "00012", "1e308",
            "1e309", "-1e309", "2.2250738585072014e-308", "1e-310", "0x1p-1080", ".", "+", "-", "nan", "-nan", "\t1",
            "\n1", "1\t", "0e999999"};
        d.check("ZADD", "base", "0", "m");
        for (String text : texts) {
            all(c("ZADD", "z", text, "m"), c("ZSCORE", "z", "m"), c("ZCOUNT", "z", text, "+inf"),
                    c("ZCOUNT", "z", "(" + text, "+inf"), c("ZRANGEBYSCORE", "z", "-inf", text),
                    c("ZUNION", "1", "base", "WEIGHTS", text, "WITHSCORES"), c("ZINCRBY", "z", text, "m"));
        }
    }

    @Test
    void duplicateMembersInOneZadd() {
        all(c("ZADD", "z", "1", "a", "2", "a"), c("ZSCORE", "z", "a"), c("ZADD", "z", "CH", "3", "a", "3", "a", "4",
                "b", "5", "b"), c("ZADD", "z", "NX", "CH", "9", "c", "10", "c"), c("ZRANGE", "z", "0", "-1",
                "WITHSCORES"), c("ZADD", "z", "GT", "CH", "1", "a", "7", "a", "6", "a"),
                c("ZRANGE", "z", "0", "-1", "WITHSCORES"));
    }

    @Test
    void encodings() {
        all(c("ZADD", "e", "1", "a"), c("OBJECT", "ENCODING", "e"),
                c("ZADD", "long", "1", "x".repeat(65)), c("OBJECT", "ENCODING", "long"),
                c("ZADD", "edge", "1", "x".repeat(64)), c("OBJECT", "ENCODING", "edge"),
                c("ZADD", "edge", "1", "y".repeat(65)), c("OBJECT", "ENCODING", "edge"),
                c("ZREM", "edge", "y".repeat(65)), c("OBJECT", "ENCODING", "edge"));
        List<String> add = new ArrayList<>(List.of("ZADD", "n"));
        for (int i = 0; i < 128; i++) {
            add.add(Integer.toString(i));
            add.add("m" + i);
        }
        all(add.toArray(new String[0]), c("OBJECT", "ENCODING", "n"), c("ZADD", "n", "1", "one-more"),
                c("OBJECT", "ENCODING", "n"), c("ZRANGESTORE", "dst", "n", "0", "9"), c("OBJECT", "ENCODING", "dst"),
                c("ZRANGESTORE", "dst", "n", "0", "-1"), c("OBJECT", "ENCODING", "dst"),
                c("ZUNIONSTORE", "u", "1", "dst"), c("OBJECT", "ENCODING", "u"),
                c("ZREMRANGEBYRANK", "u", "0", "10"), c("ZUNIONSTORE", "u2", "1", "u"), c("OBJECT", "ENCODING", "u2"),
                c("ZINTERSTORE", "i", "2", "n", "long"), c("EXISTS", "i"),
                c("ZADD", "neg", "-0", "a", "1", "b"), c("ZUNIONSTORE", "neg2", "1", "neg", "WEIGHTS", "-1"),
                c("ZRANGE", "neg2", "0", "-1", "WITHSCORES"), c("ZUNION", "1", "neg", "WEIGHTS", "-1", "WITHSCORES"));
    }

    @Test
    void readCommands() {
        all(c("ZADD", "z", "1", "a", "2", "b", "3", "c", "3", "cc", "4", "d"), c("ZCARD", "z"), c("ZCARD", "no"),
                c("ZSCORE", "z", "c"), c("ZSCORE", "z", "no"), c("ZSCORE", "no", "a"), c("ZMSCORE", "z", "a", "x", "d"),
                c("ZMSCORE", "no", "a", "b"), c("ZRANK", "z", "c"), c("ZRANK", "z", "cc"), c("ZREVRANK", "z", "a"),
                c("ZRANK", "z", "no"), c("ZRANK", "no", "a"), c("ZREVRANK", "no", "a"));
        all(c("ZCOUNT", "z", "-inf", "+inf"), c("ZCOUNT", "z", "(1", "3"), c("ZCOUNT", "z", "(1", "(3"),
                c("ZCOUNT", "z", "3", "1"), c("ZCOUNT", "z", "x", "1"), c("ZCOUNT", "z", "1", "(x"),
                c("ZCOUNT", "z", "(", "5"), c("ZCOUNT", "z", "", "5"), c("ZCOUNT", "z", " 2", "5"),
                c("ZCOUNT", "z", "2 ", "5"), c("ZCOUNT", "z", "nan", "5"), c("ZCOUNT", "z", "-inf", "(nan"),
                c("ZCOUNT", "no", "0", "1"), c("ZCOUNT", "no", "x", "1"), c("ZCOUNT", "z", "(-inf", "(+inf"),
                c("ZCOUNT", "z", "1e400", "1e500"), c("ZCOUNT", "z", "0x2", "3"));
        all(c("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", ""), c("ZLEXCOUNT", "l", "-", "+"),
                c("ZLEXCOUNT", "l", "[b", "(d"), c("ZLEXCOUNT", "l", "(b", "[d"), c("ZLEXCOUNT", "l", "+", "-"),
                c("ZLEXCOUNT", "l", "[", "[a"), c("ZLEXCOUNT", "l", "(", "+"), c("ZLEXCOUNT", "l", "a", "b"),
                c("ZLEXCOUNT", "l", "[a", ""), c("ZLEXCOUNT", "l", "-x", "+"), c("ZLEXCOUNT", "l", "[d", "[b"),
                c("ZLEXCOUNT", "no", "-", "+"), c("ZLEXCOUNT", "no", "x", "+"));
    }

    @Test
    void ranges() {
        all(c("ZADD", "z", "1", "a", "2", "b", "3", "c", "3", "cc", "4", "d", "5", "e"));
        String[][] ranges = {
            {"0", "-1"}, {"1", "3"}, {"-2", "-1"}, {"-100", "100"}, {"3", "1"}, {"10", "20"}, {"0", "0"}, {"-1", "-3"},
        };
        for (String[] r : ranges) {
            all(c("ZRANGE", "z", r[0], r[1]), c("ZRANGE", "z", r[0], r[1], "REV", "WITHSCORES"),
                    c("ZREVRANGE", "z", r[0], r[1]), c("ZREVRANGE", "z", r[0], r[1], "withscores"));
        }
        String[][] scoreRanges = {
            {"-inf", "+inf"}, {"(1", "3"}, {"2", "(3"}, {"3", "3"}, {"(3", "3"}, {"5", "1"}, {"-inf", "(1"},
        };
        for (String[] r : scoreRanges) {
            all(c("ZRANGE", "z", r[0], r[1], "BYSCORE"), c("ZRANGE", "z", r[1], r[0], "BYSCORE", "REV", "WITHSCORES"),
                    c("ZRANGEBYSCORE", "z", r[0], r[1], "WITHSCORES"), c("ZREVRANGEBYSCORE", "z", r[1], r[0]),
                    c("ZRANGEBYSCORE", "z", r[0], r[1], "LIMIT", "1", "2"),
                    c("ZREVRANGEBYSCORE", "z", r[1], r[0], "LIMIT", "1", "-1"),
                    c("ZRANGE", "z", r[0], r[1], "BYSCORE", "LIMIT", "0", "0"),
                    c("ZRANGE", "z", r[0], r[1], "BYSCORE", "LIMIT", "-1", "2"),
                    c("ZRANGE", "z", r[0], r[1], "BYSCORE", "LIMIT", "5", "10"),
                    c("ZRANGE", "z", r[0], r[1], "BYSCORE", "LIMIT", "6", "10"));
        }
        all(c("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"));
        String[][] lexRanges = {{"-", "+"}, {"[b", "(d"}, {"(a", "[c"}, {"+", "-"}, {"[z", "+"}, {"-", "(a"}};
        for (String[] r : lexRanges) {
            all(c("ZRANGE", "l", r[0], r[1], "BYLEX"), c("ZRANGE", "l", r[1], r[0], "BYLEX", "REV"),
                    c("ZRANGEBYLEX", "l", r[0], r[1], "LIMIT", "1", "2"), c("ZREVRANGEBYLEX", "l", r[1], r[0]),
                    c("ZREVRANGEBYLEX", "l", r[1], r[0], "LIMIT", "0", "1"));
        }
        all(c("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"), c("ZRANGE", "l", "-", "+", "BYLEX", "WITHSCORES"),
                c("ZRANGEBYLEX", "l", "-", "+", "WITHSCORES"), c("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"),
                c("ZRANGE", "z", "0", "1", "REV", "REV"), c("ZREVRANGE", "z", "0", "1", "REV"),
                c("ZRANGEBYSCORE", "z", "0", "1", "BYSCORE"), c("ZRANGE", "z", "0", "1", "LIMIT", "0"),
                c("ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "x", "1"), c("ZRANGE", "z", "a", "1"),
                c("ZRANGE", "z", "x", "1", "BYSCORE"), c("ZRANGE", "z", "x", "1", "BYLEX"), c("ZRANGE", "z", "0", "1",
                "FOO"), c("ZRANGE", "no", "0", "-1"), c("ZRANGE", "no", "0", "-1", "WITHSCORES"),
                c("ZRANGEBYSCORE", "no", "0", "1"), c("ZRANGE", "no", "x", "1"),
                c("ZRANGE", "z", "0", "1", "withscores", "WITHSCORES"));
        all(c("ZRANGESTORE", "dst", "z", "1", "3"), c("ZRANGE", "dst", "0", "-1", "WITHSCORES"),
                c("ZRANGESTORE", "dst", "z", "(2", "+inf", "BYSCORE", "LIMIT", "1", "2"),
                c("ZRANGE", "dst", "0", "-1", "WITHSCORES"), c("ZRANGESTORE", "dst", "l", "[c", "-", "BYLEX", "REV"),
                c("ZRANGE", "dst", "0", "-1", "WITHSCORES"), c("ZRANGESTORE", "dst", "z", "5", "6"), c("EXISTS", "dst"),
                c("ZRANGESTORE", "dst", "no", "0", "-1"), c("ZRANGESTORE", "dst", "z", "0", "1", "WITHSCORES"),
                c("SET", "str", "x"), c("ZRANGESTORE", "str", "z", "0", "1"), c("TYPE", "str"),
                c("ZRANGESTORE", "dst", "str", "0", "1"), c("ZRANGE", "str", "0", "1"),
                c("ZRANGESTORE", "z", "z", "0", "1"), c("ZRANGE", "z", "0", "-1", "WITHSCORES"));
    }

    @Test
    void removals() {
        all(c("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"), c("ZREM", "z", "a", "x", "a", "b"),
                c("ZREM", "no", "a"), c("ZREMRANGEBYRANK", "z", "5", "10"), c("ZREMRANGEBYRANK", "z", "-1", "-1"),
                c("ZREMRANGEBYRANK", "z", "x", "1"), c("ZREMRANGEBYRANK", "no", "0", "1"),
                c("ZRANGE", "z", "0", "-1"), c("ZREMRANGEBYRANK", "z", "0", "-1"), c("EXISTS", "z"));
        all(c("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"), c("ZREMRANGEBYSCORE", "z", "(1", "2"),
                c("ZREMRANGEBYSCORE", "z", "x", "2"), c("ZREMRANGEBYSCORE", "no", "x", "2"),
                c("ZREMRANGEBYSCORE", "z", "-inf", "+inf"), c("EXISTS", "z"));
        all(c("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d"), c("ZREMRANGEBYLEX", "l", "[a", "(c"),
                c("ZREMRANGEBYLEX", "l", "a", "c"), c("ZREMRANGEBYLEX", "l", "-", "+"), c("EXISTS", "l"),
                c("ZADD", "l", "0", "a"), c("ZREM", "l", "a", "b"), c("EXISTS", "l"));
    }

    @Test
    void pops() {
        all(c("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"), c("ZPOPMIN", "z"), c("ZPOPMAX", "z"),
                c("ZPOPMIN", "z", "2"), c("ZPOPMIN", "z", "0"), c("ZPOPMIN", "z", "-1"), c("ZPOPMIN", "z", "x"),
                c("ZPOPMIN", "z", "1", "2"), c("ZPOPMAX", "z", "10"), c("EXISTS", "z"), c("ZPOPMIN", "no"),
                c("ZPOPMIN", "no", "0"), c("ZPOPMAX", "no", "3"));
        all(c("ZADD", "z1", "1", "a", "2", "b", "3", "c"), c("ZADD", "z2", "4", "d"), c("ZMPOP", "1", "z1", "MIN"),
                c("ZMPOP", "2", "no", "z1", "MAX", "COUNT", "10"), c("ZMPOP", "2", "z1", "z2", "min", "count", "1"),
                c("ZMPOP", "2", "no", "z2", "MIN"), c("ZMPOP", "1", "z1", "MIN"), c("ZMPOP", "0", "z1", "MIN"),
                c("ZMPOP", "x", "z1", "MIN"), c("ZMPOP", "-1", "z1", "MIN"), c("ZMPOP", "3", "z1", "MIN"),
                c("ZMPOP", "1", "z1", "MID"), c("ZMPOP", "1", "z1", "MIN", "COUNT", "0"),
                c("ZMPOP", "1", "z1", "MIN", "COUNT"), c("ZMPOP", "1", "z1", "MIN", "COUNT", "1", "COUNT", "1"),
                c("ZMPOP", "1", "z1", "MIN", "COUNT", "x"), c("ZMPOP", "1", "z1", "MIN", "FOO"),
                c("ZMPOP", "9223372036854775807", "z1", "MIN"), c("ZMPOP", "2147483647", "z1", "MIN"),
                c("ZUNION", "9223372036854775807", "z1"), c("ZINTERSTORE", "d", "2147483648", "z1"));
        all(c("SET", "s", "x"), c("ZPOPMIN", "s"), c("ZMPOP", "2", "no", "s", "MIN"),
                c("ZADD", "z3", "1", "a"), c("ZMPOP", "2", "z3", "s", "MIN"));
    }

    @Test
    void setAlgebra() {
        all(c("ZADD", "a", "1", "x", "2", "y", "3", "z"), c("ZADD", "b", "10", "y", "20", "z", "30", "w"),
                c("ZADD", "inf", "inf", "x", "-inf", "y"), c("ZADD", "ninf", "-inf", "x", "inf", "y"));
        String[][] tails = {
            {}, {"WEIGHTS", "2", "3"}, {"AGGREGATE", "MIN"}, {"AGGREGATE", "max", "WEIGHTS", "0.5", "-1"},
            {"WEIGHTS", "1"}, {"WEIGHTS", "1", "x"}, {"AGGREGATE", "avg"}, {"AGGREGATE"}, {"FOO"},
        };
        for (String op : new String[] {"ZUNION", "ZINTER", "ZDIFF"}) {
            for (String[] tail : tails) {
                List<String> cmd = new ArrayList<>(List.of(op, "2", "a", "b"));
                Collections.addAll(cmd, tail);
                d.check(cmd.toArray(new String[0]));
                cmd.add("WITHSCORES");
                d.check(cmd.toArray(new String[0]));
                List<String> store = new ArrayList<>(List.of(op + "STORE", "dst", "2", "a", "b"));
                Collections.addAll(store, tail);
                d.check(store.toArray(new String[0]));
                d.check("ZRANGE", "dst", "0", "-1", "WITHSCORES");
            }
            all(c(op, "0", "a"), c(op, "3", "a", "b"), c(op, "x", "a"), c(op, "-1", "a"), c(op + "STORE", "d", "0",
                    "a"), c(op, "2", "a", "no", "WITHSCORES"), c(op, "2", "no", "a", "WITHSCORES"),
                    c(op + "STORE", "dst", "2", "a", "b", "WITHSCORES"), c(op, "2", "inf", "ninf", "WITHSCORES"),
                    c(op, "2", "inf", "ninf", "WEIGHTS", "0", "1", "WITHSCORES"),
                    c(op, "2", "inf", "ninf", "AGGREGATE", "MIN", "WITHSCORES"), c(op, "2", "a", "a", "WITHSCORES"),
                    c(op + "STORE", "a2", "1", "no"), c("EXISTS", "a2"), c(op + "STORE", "b", "2", "b", "a"),
                    c("ZRANGE", "b", "0", "-1", "WITHSCORES"), c("ZADD", "b", "10", "y", "20", "z", "30", "w"));
        }
        all(c("SET", "str", "x"), c("ZUNION", "2", "a", "str"), c("ZINTERSTORE", "dst", "2", "str", "a"),
                c("ZDIFF", "2", "a", "str"), c("ZUNIONSTORE", "str", "1", "a"), c("TYPE", "str"));
    }

    @Test
    void setInputsScoreOne() {
        // Plain sets are valid inputs with score 1.
        all(c("SADD", "s", "x", "q"), c("ZADD", "a", "5", "x", "2", "y"), c("ZUNION", "2", "a", "s", "WITHSCORES"),
                c("ZINTER", "2", "s", "a", "WITHSCORES"), c("ZDIFF", "2", "s", "a", "WITHSCORES"));
    }

    @Test
    void zscan() {
        all(c("ZADD", "z", "1", "a", "2.5", "b", "1e17", "c", "-0", "d", "inf", "e"), c("ZSCAN", "z", "0"),
                c("ZSCAN", "z", "0", "MATCH", "a*"), c("ZSCAN", "z", "0", "COUNT", "1"), c("ZSCAN", "z", "7"),
                c("ZSCAN", "z", "x"), c("ZSCAN", "z", "0", "COUNT", "0"), c("ZSCAN", "z", "0", "FOO", "1"),
                c("ZSCAN", "z", "0", "TYPE", "zset"), c("ZSCAN", "no", "0"), c("ZSCAN", "no", "x"),
                c("ZSCAN", "no", "0", "COUNT", "0"), c("SET", "s", "x"), c("ZSCAN", "s", "0"));
    }

    @Test
    void binaryMembersAndWrongType() {
        byte[][] members = {{(byte) 0xff}, {'a'}, {0}, {'a', 0}, {}, {(byte) 0x80, 'x'}, {'\r', '\n'}};
        for (byte[] member : members) {
            d.check(bytes("ZADD"), bytes("bin"), bytes("0"), member);
        }
        all(c("ZRANGE", "bin", "0", "-1"), c("ZRANGEBYLEX", "bin", "[a", "+"), c("ZRANGEBYLEX", "bin", "(a", "+"));
        d.check(bytes("ZRANK"), bytes("bin"), new byte[] {(byte) 0x80, 'x'});
        d.check(bytes("ZRANGEBYLEX"), bytes("bin"), new byte[] {'+', 0}, bytes("-"));
        d.check(bytes("ZRANGEBYLEX"), bytes("bin"), bytes("-"), new byte[] {'+', 0});
        d.check(bytes("ZRANGEBYSCORE"), bytes("bin"), new byte[] {'0', 0, 'x'}, bytes("1"));
        d.check(bytes("ZADD"), bytes("bin"), new byte[] {'1', 0}, bytes("x"));
        all(c("SET", "s", "x"));
        String[][] wrongType = {
            {"ZINCRBY", "s", "1", "a"}, {"ZREM", "s", "a"}, {"ZMSCORE", "s", "a"}, {"ZRANK", "s", "a"},
            {"ZREVRANK", "s", "a"}, {"ZCOUNT", "s", "0", "1"}, {"ZLEXCOUNT", "s", "-", "+"},
            {"ZRANGEBYSCORE", "s", "0", "1"}, {"ZREVRANGEBYLEX", "s", "+", "-"}, {"ZREMRANGEBYRANK", "s", "0", "1"},
            {"ZREMRANGEBYSCORE", "s", "0", "1"}, {"ZREMRANGEBYLEX", "s", "-", "+"}, {"ZPOPMAX", "s"},
            {"ZRANDMEMBER", "s"}, {"ZRANDMEMBER", "s", "1"}, {"ZSCAN", "s", "0"}, {"ZCOUNT", "s", "x", "1"},
        };
        all(wrongType);
    }

    @Test
    void zrandmemberDeterministicReplies() {
        all(c("ZADD", "z", "1", "a", "2.5", "b", "-0", "c"), c("ZRANDMEMBER", "z", "0"), c("ZRANDMEMBER", "z", "x"),
                c("ZRANDMEMBER", "z", "1", "FOO"), c("ZRANDMEMBER", "z", "1", "WITHSCORES", "x"),
                c("ZRANDMEMBER", "z", "-9223372036854775808"),
                c("ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"),
                c("ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"), c("ZRANDMEMBER", "z", "3"),
                c("ZRANDMEMBER", "z", "100", "WITHSCORES"), c("ZRANDMEMBER", "no"), c("ZRANDMEMBER", "no", "5"),
                c("ZRANDMEMBER", "no", "-5", "WITHSCORES"), c("ZRANDMEMBER", "no", "x"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * INFO's change counter moves per command as Redis's dirty counter does: one per member added, updated or
     * removed, nothing for keys created or deleted along the way, one for a stored result.
     */
    @Test
    void changeCounterMovesAsRedisDoes() throws Exception {
        String[][] commands = {
            {"ZADD", "z", "1", "a", "2", "b", "3", "c"}, {"ZADD", "z", "1", "a", "5", "b"}, {"ZINCRBY", "z", "1", "a"},
            {"ZADD", "z", "XX", "1", "nope"}, {"ZREM", "z", "a", "nope"}, {"ZPOPMIN", "z"}, {"ZPOPMAX", "z", "5"},
            {"ZADD", "y", "1", "a", "2", "b", "3", "c", "4", "d"}, {"ZREMRANGEBYRANK", "y", "0", "0"},
            {"ZREMRANGEBYSCORE", "y", "3", "3"}, {"ZREMRANGEBYLEX", "y", "-", "+"}, {"ZADD", "y", "1", "a", "2", "b"},
            {"ZUNIONSTORE", "u", "1", "y"}, {"ZINTERSTORE", "u", "2", "y", "nope"}, {"ZINTERSTORE", "u", "2", "y",
            "nope"}, {"ZRANGESTORE", "r", "y", "0", "0"}, {"ZRANGESTORE", "r", "y", "5", "6"},
            {"ZMPOP", "2", "nope", "y", "MIN", "COUNT", "5"}, {"ZREM", "nope", "a"},
        };
        assertChangeCountsMatch(commands);
    }

    /** A seeded random walk over a few keys through every deterministic sorted-set command. */
    @Test
    void randomSequence() {
        Random random = new Random(20261124);
        String[] keys = {"k1", "k2", "k3", "lex"};
        String[] members = {"a", "b", "c", "d", "e", "f", "g", "h", "", "x y", "10", "-1", "m".repeat(70)};
        String[] scores = {"0", "1", "-1", "2.5", "-0", "1e20", "1.1", "inf", "-inf", "0.1", "3", "(2", "x", "100"};
        String[] rangeEnds = {"0", "1", "-1", "2", "(1", "(2.5", "-inf", "+inf", "inf", "(0", "5", "x"};
        String[] lexEnds = {"-", "+", "[a", "(a", "[d", "(e", "[", "(", "x", "[10", "(g"};
        for (int step = 0; step < 3000; step++) {
            String key = keys[random.nextInt(keys.length)];
            List<String> cmd = new ArrayList<>();
            boolean lex = key.equals("lex");
            switch (random.nextInt(22)) {
                case 0, 1, 2 -> {
                    cmd.addAll(List.of("ZADD", key));
                    for (String opt : new String[] {"NX", "XX", "GT", "LT", "CH", "INCR"}) {
                        if (random.nextInt(8) == 0) {
                            cmd.add(opt);
                        }
                    }
                    for (int i = random.nextInt(4) + 1; i > 0; i--) {
                        cmd.add(lex ? "0" : scores[random.nextInt(scores.length)]);
                        cmd.add(members[random.nextInt(members.length)]);
                    }
                }
                case 3 -> addAll(cmd, "ZINCRBY", key, lex ? "0" : scores[random.nextInt(scores.length)],
                        members[random.nextInt(members.length)]);
                case 4 -> addAll(cmd, "ZREM", key, members[random.nextInt(members.length)],
                        members[random.nextInt(members.length)]);
                case 5 -> addAll(cmd, "ZSCORE", key, members[random.nextInt(members.length)]);
                case 6 -> addAll(cmd, random.nextBoolean() ? "ZRANK" : "ZREVRANK", key,
                        members[random.nextInt(members.length)]);
                case 7 -> addAll(cmd, "ZCARD", key);
                case 8 -> addAll(cmd, "ZRANGE", key, Integer.toString(random.nextInt(12) - 6),
                        Integer.toString(random.nextInt(12) - 6), random.nextBoolean() ? "REV" : "WITHSCORES");
                case 9 -> {
                    addAll(cmd, random.nextBoolean() ? "ZRANGEBYSCORE" : "ZREVRANGEBYSCORE", key,
                            rangeEnds[random.nextInt(rangeEnds.length)], rangeEnds[random.nextInt(rangeEnds.length)]);
                    if (random.nextBoolean()) {
                        cmd.add("WITHSCORES");
                    }
                    if (random.nextBoolean()) {
                        addAll(cmd, "LIMIT", Integer.toString(random.nextInt(4) - 1),
                                Integer.toString(random.nextInt(4) - 1));
                    }
                }
                case 10 -> addAll(cmd, "ZCOUNT", key, rangeEnds[random.nextInt(rangeEnds.length)],
                        rangeEnds[random.nextInt(rangeEnds.length)]);
                case 11 -> {
                    // Lex ranges are only meaningful (and deterministic) when all scores are equal.
                    String k = "lex";
                    String lo = lexEnds[random.nextInt(lexEnds.length)];
                    String hi = lexEnds[random.nextInt(lexEnds.length)];
                    switch (random.nextInt(4)) {
                        case 0 -> addAll(cmd, "ZLEXCOUNT", k, lo, hi);
                        case 1 -> addAll(cmd, "ZRANGEBYLEX", k, lo, hi);
                        case 2 -> addAll(cmd, "ZRANGE", k, lo, hi, "BYLEX", "REV", "LIMIT", "1", "3");
                        default -> addAll(cmd, "ZREMRANGEBYLEX", k, lo, hi);
                    }
                }
                case 12 -> addAll(cmd, "ZREMRANGEBYRANK", key, Integer.toString(random.nextInt(6) - 3),
                        Integer.toString(random.nextInt(6) - 3));
                case 13 -> addAll(cmd, "ZREMRANGEBYSCORE", key, rangeEnds[random.nextInt(rangeEnds.length)],
                        rangeEnds[random.nextInt(rangeEnds.length)]);
                case 14 -> addAll(cmd, random.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX", key,
                        Integer.toString(random.nextInt(3)));
                case 15 -> addAll(cmd, "ZMPOP", "2", key, keys[random.nextInt(keys.length)],
                        random.nextBoolean() ? "MIN" : "MAX", "COUNT", Integer.toString(random.nextInt(3) + 1));
                case 16, 17 -> {
                    String op = new String[] {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"}[random.nextInt(3)];
                    addAll(cmd, op, keys[random.nextInt(3)], "2", keys[random.nextInt(3)], keys[random.nextInt(3)]);
                    if (!op.equals("ZDIFFSTORE") && random.nextBoolean()) {
                        addAll(cmd, "WEIGHTS", scores[random.nextInt(scores.length)], "2", "AGGREGATE",
                                new String[] {"SUM", "MIN", "MAX"}[random.nextInt(3)]);
                    }
                }
                case 18 -> addAll(cmd, new String[] {"ZUNION", "ZINTER", "ZDIFF"}[random.nextInt(3)], "3",
                        keys[random.nextInt(3)], keys[random.nextInt(3)], keys[random.nextInt(3)], "WITHSCORES");
                case 19 -> addAll(cmd, "ZRANGESTORE", keys[random.nextInt(3)], key,
                        rangeEnds[random.nextInt(rangeEnds.length)], rangeEnds[random.nextInt(rangeEnds.length)],
                        "BYSCORE");
                case 20 -> addAll(cmd, "ZMSCORE", key, members[random.nextInt(members.length)], "a");
                default -> addAll(cmd, "OBJECT", "ENCODING", key);
            }
            d.check(cmd.toArray(new String[0]));
        }
        for (String key : keys) {
            d.check("ZRANGE", key, "0", "-1", "WITHSCORES");
        }
    }

    private static void addAll(List<String> cmd, String... args) {
        Collections.addAll(cmd, args);
    }

    /** RESP3: scores are doubles, WITHSCORES replies are [member, score] pairs, nulls are "_". */
    @Test
    void resp3Replies() throws Exception {
        String[][] commands = {
            {"ZADD", "z", "1.1", "a", "2", "b", "inf", "c", "-0", "d"}, {"ZSCORE", "z", "a"}, {"ZSCORE", "z", "no"},
            {"ZMSCORE", "z", "a", "no"}, {"ZRANK", "z", "b"}, {"ZRANK", "z", "no"}, {"ZINCRBY", "z", "1", "b"},
            {"ZADD", "z", "XX", "INCR", "1", "no"}, {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
            {"ZRANGE", "z", "0", "-1"}, {"ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES"},
            {"ZUNION", "1", "z", "WITHSCORES"}, {"ZINTER", "1", "z"}, {"ZPOPMIN", "z"}, {"ZPOPMIN", "z", "1"},
            {"ZPOPMAX", "z", "5"}, {"ZPOPMIN", "z"}, {"ZADD", "z", "1", "a", "2", "b"},
            {"ZMPOP", "1", "z", "MIN"}, {"ZMPOP", "1", "no", "MIN"}, {"ZSCAN", "z", "0"},
            {"ZRANDMEMBER", "no"}, {"ZRANDMEMBER", "no", "1"}, {"ZRANDMEMBER", "z", "1", "WITHSCORES"},
        };
        assertResp3RepliesMatch(commands);
    }
}
