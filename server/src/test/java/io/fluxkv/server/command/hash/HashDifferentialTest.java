package io.fluxkv.server.command.hash;

import io.fluxkv.server.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash commands against a real redis-server 7.0.15, reply for reply and byte for byte: hand-picked edge cases for
 * every command (errors and OBJECT ENCODING included), a seeded random sequence, and RESP3. A hash table's order is
 * Redis's dict order, which we do not reproduce, so order-dependent replies (HGETALL, HKEYS, HVALS, HSCAN, whole-hash
 * HRANDFIELD) are compared only while a hash is compact, where both keep insertion order. Random picks are checked
 * by membership in {@link HashCommandsTest}.
 */
class HashDifferentialTest extends DifferentialTestBase {
    private static final String LONG_64 = "x".repeat(64);
    private static final String LONG_65 = "x".repeat(65);

    @Test
    void setAndGet() {
        all(new String[][] {
            {"HSET", "h", "f1", "v1"}, {"HSET", "h", "f1", "v2", "f2", "v2", "f3", "3"}, {"HGET", "h", "f1"},
            {"HGET", "h", "nope"}, {"HGET", "missing", "f"}, {"HSET", "h", "f"}, {"HSET", "h", "f", "v", "g"},
            {"HMSET", "h", "f", "v", "g"}, {"HMSET", "h", "f4", "v4", "f1", "v1"}, {"HSETNX", "h", "f1", "x"},
            {"HSETNX", "h", "f5", "v5"}, {"HSETNX", "new", "f", "v"}, {"HSETNX", "h", "f"},
            {"HMGET", "h", "f1", "nope", "f5", "f1"}, {"HMGET", "missing", "a", "b"}, {"HMGET", "h"},
            {"HLEN", "h"}, {"HLEN", "missing"}, {"HSTRLEN", "h", "f4"}, {"HSTRLEN", "h", "f3"},
            {"HSTRLEN", "h", "nope"}, {"HSTRLEN", "missing", "f"}, {"HEXISTS", "h", "f1"}, {"HEXISTS", "h", "no"},
            {"HEXISTS", "missing", "f"}, {"HKEYS", "h"}, {"HVALS", "h"}, {"HGETALL", "h"}, {"HKEYS", "missing"},
            {"HVALS", "missing"}, {"HGETALL", "missing"}, {"TYPE", "h"}, {"OBJECT", "ENCODING", "h"},
            {"HSET", "h", "", ""}, {"HGET", "h", ""}, {"HSTRLEN", "h", ""}, {"HGETALL", "h"},
        });
    }

    @Test
    void deleteEmptiesTheKey() {
        all(new String[][] {
            {"HSET", "h", "a", "1", "b", "2", "c", "3"}, {"HDEL", "h", "a", "nope", "a"}, {"HGETALL", "h"},
            {"HDEL", "missing", "a"}, {"HDEL", "h", "b", "c", "b"}, {"EXISTS", "h"}, {"TYPE", "h"},
            {"HLEN", "h"}, {"HDEL", "h"},
        });
    }

    @Test
    void wrongTypeBothWays() {
        all(new String[][] {
            {"SET", "s", "value"}, {"HSET", "s", "f", "v"}, {"HMSET", "s", "f", "v"}, {"HSETNX", "s", "f", "v"},
            {"HGET", "s", "f"}, {"HMGET", "s", "f"}, {"HDEL", "s", "f"}, {"HLEN", "s"}, {"HSTRLEN", "s", "f"},
            {"HEXISTS", "s", "f"}, {"HKEYS", "s"}, {"HVALS", "s"}, {"HGETALL", "s"}, {"HINCRBY", "s", "f", "1"},
            {"HINCRBYFLOAT", "s", "f", "1"}, {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "0"},
            {"HRANDFIELD", "s", "3", "WITHVALUES"}, {"HSCAN", "s", "0"}, {"HSCAN", "s", "0", "COUNT", "0"},
            // Argument errors that Redis reports before looking at the key.
            {"HINCRBY", "s", "f", "x"}, {"HINCRBYFLOAT", "s", "f", "x"}, {"HRANDFIELD", "s", "x"},
            {"HSCAN", "s", "x"},
            {"HSET", "h", "f", "v"}, {"GET", "h"}, {"APPEND", "h", "x"}, {"INCR", "h"}, {"STRLEN", "h"},
        });
    }

    @Test
    void incrementAndOverflow() {
        all(new String[][] {
            {"HINCRBY", "h", "n", "5"}, {"HINCRBY", "h", "n", "-10"}, {"HINCRBY", "h", "n", "x"},
            {"HINCRBY", "h", "n", "1.5"}, {"HINCRBY", "h", "n", ""}, {"HSET", "h", "s", "abc", "e", "", "z", "007"},
            {"HINCRBY", "h", "s", "1"}, {"HINCRBY", "h", "e", "1"}, {"HINCRBY", "h", "z", "1"},
            {"HSET", "h", "big", "9223372036854775806"}, {"HINCRBY", "h", "big", "1"}, {"HINCRBY", "h", "big", "1"},
            {"HSET", "h", "small", "-9223372036854775807"}, {"HINCRBY", "h", "small", "-1"},
            {"HINCRBY", "h", "small", "-1"}, {"HINCRBY", "h", "small", "9223372036854775807"},
            {"HINCRBY", "h", "new", "9223372036854775807"}, {"HINCRBY", "h", "n", "9223372036854775808"},
            {"HINCRBYFLOAT", "h", "f", "10.5"}, {"HINCRBYFLOAT", "h", "f", "0.1"}, {"HINCRBYFLOAT", "h", "f", "-5"},
            {"HINCRBYFLOAT", "h", "f", "5.0e3"}, {"HINCRBYFLOAT", "h", "f", "1e30"}, {"HINCRBYFLOAT", "h", "g", "0x10"},
            {"HINCRBYFLOAT", "h", "f", "inf"}, {"HINCRBYFLOAT", "h", "f", "-inf"}, {"HINCRBYFLOAT", "h", "f", "nan"},
            {"HINCRBYFLOAT", "h", "f", "abc"}, {"HINCRBYFLOAT", "h", "f", " 1"}, {"HINCRBYFLOAT", "h", "s", "1"},
            {"HINCRBYFLOAT", "h", "e", "1"}, {"HINCRBYFLOAT", "h", "n", "1.5"}, {"HINCRBYFLOAT", "h", "big", "1"},
            {"HINCRBY", "h", "f", "1"}, {"HSET", "h", "i", "inf"}, {"HINCRBYFLOAT", "h", "i", "1"},
            {"HINCRBYFLOAT", "h", "tiny", "1e-20"}, {"HINCRBYFLOAT", "h", "tiny", "-1e-20"},
            {"HINCRBYFLOAT", "h", "neg", "-0.00000000000000000001"}, {"HGETALL", "h"},
            {"HINCRBYFLOAT", "new2", "n", "1.23"}, {"HINCRBYFLOAT", "new3", "n", "x"}, {"EXISTS", "new3"},
            {"HINCRBY", "new4", "n", "x"}, {"EXISTS", "new4"}, {"OBJECT", "ENCODING", "h"},
        });
    }

    @Test
    void encodingFollowsRedis() {
        List<String> wide = new ArrayList<>(List.of("HSET", "wide"));
        for (int i = 0; i < 512; i++) {
            wide.add("f" + i);
            wide.add("v" + i);
        }
        all(new String[][] {
            {"HSET", "v64", "f", LONG_64}, {"OBJECT", "ENCODING", "v64"}, {"HSET", "v64", LONG_64, "v"},
            {"OBJECT", "ENCODING", "v64"}, {"HGETALL", "v64"},
            {"HSET", "v65", "f", LONG_65}, {"OBJECT", "ENCODING", "v65"}, {"HGET", "v65", "f"},
            {"HSET", "f65", LONG_65, "v"}, {"OBJECT", "ENCODING", "f65"},
            {"HSET", "later", "a", "1"}, {"HSETNX", "later", "a", LONG_65}, {"OBJECT", "ENCODING", "later"},
            {"HSETNX", "later", "b", LONG_65}, {"OBJECT", "ENCODING", "later"},
            {"HSET", "incr", "a", "1"}, {"HINCRBY", "incr", LONG_65, "1"}, {"OBJECT", "ENCODING", "incr"},
            {"HINCRBYFLOAT", "incrf", "a", "1e60"}, {"OBJECT", "ENCODING", "incrf"}, {"HGET", "incrf", "a"},
            // Shrinking never converts back.
            {"HSET", "back", "a", LONG_65, "b", "1"}, {"HDEL", "back", "a"}, {"OBJECT", "ENCODING", "back"},
            {"HGETALL", "back"},
        });
        d.check(wide.toArray(new String[0]));
        all(new String[][] {
            {"OBJECT", "ENCODING", "wide"}, {"HLEN", "wide"}, {"HGETALL", "wide"}, {"HSCAN", "wide", "0"},
            {"HSCAN", "wide", "12345", "MATCH", "f1*", "COUNT", "1"}, {"HRANDFIELD", "wide", "512", "WITHVALUES"},
            {"HSET", "wide", "f0", "again"}, {"OBJECT", "ENCODING", "wide"}, {"HSET", "wide", "f512", "v"},
            {"OBJECT", "ENCODING", "wide"}, {"HLEN", "wide"}, {"HGET", "wide", "f512"}, {"HDEL", "wide", "f512"},
            {"OBJECT", "ENCODING", "wide"}, {"HSTRLEN", "wide", "f5"}, {"HEXISTS", "wide", "f511"},
        });
    }

    @Test
    void randomFieldArguments() {
        all(new String[][] {
            {"HRANDFIELD", "missing"}, {"HRANDFIELD", "missing", "5"}, {"HRANDFIELD", "missing", "-5", "WITHVALUES"},
            {"HSET", "h", "a", "1", "b", "2", "c", "3"}, {"HRANDFIELD", "h", "0"}, {"HRANDFIELD", "h", "0", "WITHVALUES"},
            {"HRANDFIELD", "h", "3"}, {"HRANDFIELD", "h", "100", "WITHVALUES"}, {"HRANDFIELD", "h", "4", "withvalues"},
            {"HRANDFIELD", "h", "1", "WITHVALUE"}, {"HRANDFIELD", "h", "1", "WITHVALUES", "x"},
            {"HRANDFIELD", "h", "x"}, {"HRANDFIELD", "h", "-9223372036854775808"},
            {"HRANDFIELD", "h", "9223372036854775807"},
            {"HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"},
            {"HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"},
            {"HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"},
            {"HRANDFIELD", "h", "x", "y"}, {"HRANDFIELD", "missing", "x", "y"},
        });
    }

    @Test
    void scanArguments() {
        all(new String[][] {
            {"HSCAN", "missing", "0"}, {"HSCAN", "missing", "0", "COUNT", "0"}, {"HSCAN", "missing", "x"},
            {"HSET", "h", "foo", "1", "bar", "2", "food", "3"}, {"HSCAN", "h", "0"}, {"HSCAN", "h", "7"},
            {"HSCAN", "h", "0", "MATCH", "foo*"}, {"HSCAN", "h", "0", "MATCH", "*", "COUNT", "1"},
            {"HSCAN", "h", "0", "COUNT", "0"}, {"HSCAN", "h", "0", "COUNT", "x"}, {"HSCAN", "h", "0", "MATCH"},
            {"HSCAN", "h", "0", "TYPE", "string"}, {"HSCAN", "h", "-1"}, {"HSCAN", "h", "18446744073709551616"},
            {"HSCAN", "h", "0", "NOVALUES"},
        });
    }

    /** A seeded random walk over a few compact hashes (and one string) through every command, reply for reply. */
    @Test
    void randomSequence() {
        Random random = new Random(20240611);
        String[] keys = {"a", "b", "c", "{x}d", "s"};
        String[] fields = {"f1", "f2", "f3", "n", "x", "", "longer-field-name"};
        String[] values = {"v", "", "1", "-5", "abc", "9223372036854775807", "-9223372036854775808", "1.5", "007",
            "0", "10", "3.0e2", LONG_64};
        String[] increments = {"1", "-1", "100", "x", "9223372036854775807", "-9223372036854775808", "0"};
        String[] floats = {"1.5", "-0.1", "1e3", "abc", "inf", "3", "0x10", "-2.5e-3"};
        d.check("SET", "s", "string");
        for (int step = 0; step < 3000; step++) {
            List<String> cmd = new ArrayList<>();
            String key = pick(random, keys);
            switch (random.nextInt(19)) {
                case 0, 1 -> {
                    addAll(cmd, pick(random, "HSET", "HMSET"), key);
                    for (int i = random.nextInt(3); i >= 0; i--) {
                        addAll(cmd, pick(random, fields), pick(random, values));
                    }
                }
                case 2 -> addAll(cmd, "HSETNX", key, pick(random, fields), pick(random, values));
                case 3 -> addAll(cmd, "HGET", key, pick(random, fields));
                case 4 -> addAll(cmd, "HMGET", key, pick(random, fields), pick(random, fields));
                case 5 -> {
                    addAll(cmd, "HDEL", key);
                    for (int i = random.nextInt(3); i >= 0; i--) {
                        cmd.add(pick(random, fields));
                    }
                }
                case 6 -> addAll(cmd, "HLEN", key);
                case 7 -> addAll(cmd, "HSTRLEN", key, pick(random, fields));
                case 8 -> addAll(cmd, "HEXISTS", key, pick(random, fields));
                case 9 -> addAll(cmd, pick(random, "HKEYS", "HVALS", "HGETALL"), key);
                case 10, 11 -> addAll(cmd, "HINCRBY", key, pick(random, fields), pick(random, increments));
                case 12, 13 -> addAll(cmd, "HINCRBYFLOAT", key, pick(random, fields), pick(random, floats));
                case 14 -> {
                    // Only counts that make the reply deterministic: none, or the whole hash.
                    addAll(cmd, "HRANDFIELD", key, pick(random, "0", "8", "100", "x"));
                    if (random.nextBoolean()) {
                        cmd.add("WITHVALUES");
                    }
                }
                case 15 -> {
                    addAll(cmd, "HSCAN", key, pick(random, "0", "5", "x"));
                    if (random.nextBoolean()) {
                        addAll(cmd, "MATCH", pick(random, "f*", "*", "n", "[a-f]?"));
                    }
                    if (random.nextBoolean()) {
                        addAll(cmd, "COUNT", pick(random, "1", "2", "0"));
                    }
                }
                case 16 -> addAll(cmd, pick(random, "TYPE", "EXISTS"), key);
                case 17 -> addAll(cmd, "OBJECT", "ENCODING", key);
                default -> addAll(cmd, "DEL", key);
            }
            d.check(cmd.toArray(new String[0]));
        }
    }

    @Test
    void binarySafeFieldsAndValues() {
        byte[][] samples = {{0}, {'\r', '\n'}, {'a', 0, 'b'}, {(byte) 0xff, (byte) 0x80}, {}};
        byte[] key = {'h', 0, (byte) 0xfe};
        for (byte[] field : samples) {
            for (byte[] value : samples) {
                d.check(bytes("HSET"), key, field, value);
                d.check(bytes("HGET"), key, field);
                d.check(bytes("HSTRLEN"), key, field);
            }
            d.check(bytes("HGETALL"), key);
            d.check(bytes("HSCAN"), key, bytes("0"), bytes("MATCH"), field);
        }
        d.check(bytes("HDEL"), key, samples[0], samples[1], samples[2], samples[3], samples[4]);
        d.check(bytes("EXISTS"), key);
    }

    /** RESP3: HGETALL is a map, HRANDFIELD WITHVALUES pairs are nested arrays, nulls are "_". */
    @Test
    void resp3Replies() throws Exception {
        String[][] commands = {
            {"HSET", "h", "a", "1", "b", "2"}, {"HGETALL", "h"}, {"HGETALL", "missing"}, {"HKEYS", "h"},
            {"HVALS", "missing"}, {"HGET", "h", "nope"}, {"HGET", "missing", "a"}, {"HMGET", "h", "a", "nope"},
            {"HRANDFIELD", "missing"}, {"HRANDFIELD", "missing", "2", "WITHVALUES"},
            {"HRANDFIELD", "h", "5", "WITHVALUES"}, {"HRANDFIELD", "h", "5"}, {"HRANDFIELD", "h", "0", "WITHVALUES"},
            {"HSCAN", "h", "0"}, {"HSCAN", "missing", "0"}, {"HINCRBYFLOAT", "h", "a", "0.5"},
            {"HSET", "one", "only", "v"}, {"HRANDFIELD", "one", "-3", "WITHVALUES"}, {"HRANDFIELD", "one", "-2"},
            {"HRANDFIELD", "one", "1", "WITHVALUES"},
        };
        assertResp3RepliesMatch(commands);
    }

    private static void addAll(List<String> cmd, String... args) {
        cmd.addAll(List.of(args));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
