package io.fluxkv.server.command.list;

import io.fluxkv.server.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list commands against a real redis-server 7.0.15, reply for reply and byte for byte: hand-picked edge cases
 * for every command (error strings and which error wins included), a RESP3 pass over the replies that differ
 * there, and a seeded random sequence over a few keys, one of them sometimes a string.
 */
class ListDifferentialTest extends DifferentialTestBase {
    private void checkAll(String[][] commands) {
        for (String[] command : commands) {
            d.check(command);
        }
    }

    @Test
    void pushAndPop() {
        checkAll(new String[][] {
            {"LPUSH", "l", "a", "b", "c"}, {"RPUSH", "l", "d", "e"}, {"LRANGE", "l", "0", "-1"},
            {"LPUSHX", "missing", "a"}, {"RPUSHX", "missing", "a", "b"}, {"EXISTS", "missing"},
            {"LPUSHX", "l", "x", "y"}, {"RPUSHX", "l", "z"}, {"LRANGE", "l", "0", "-1"},
            {"LPOP", "l"}, {"RPOP", "l"}, {"LPOP", "l", "2"}, {"RPOP", "l", "2"}, {"LPOP", "l", "0"},
            {"RPOP", "l", "100"}, {"EXISTS", "l"}, {"LPOP", "l"}, {"RPOP", "l", "1"}, {"LPOP", "l", "0"},
            {"RPUSH", "l", "1", "2"}, {"LPOP", "l", "-1"}, {"LPOP", "l", "x"}, {"LPOP", "missing", "-1"},
            {"RPOP", "l", "1", "2"}, {"LPOP", "l", "1", "2"}, {"LPOP", "missing", "1", "2"}, {"LPOP"},
            {"LPUSH", "l"}, {"RPUSHX", "l"}, {"LPOP", "l", "9223372036854775807"}, {"LPOP", "l", "09"},
            {"RPUSH", "l", "", "", "\r\n"}, {"LRANGE", "l", "0", "-1"}, {"LLEN", "l"}, {"LLEN", "missing"},
            {"OBJECT", "ENCODING", "l"}, {"TYPE", "l"},
        });
    }

    @Test
    void wrongTypeBothWays() {
        checkAll(new String[][] {
            {"SET", "s", "v"}, {"RPUSH", "l", "a", "b"},
            {"LPUSH", "s", "a"}, {"RPUSHX", "s", "a"}, {"LPOP", "s"}, {"RPOP", "s", "2"}, {"LPOP", "s", "x"},
            {"LLEN", "s"}, {"LRANGE", "s", "0", "-1"}, {"LRANGE", "s", "x", "1"}, {"LINDEX", "s", "0"},
            {"LINDEX", "s", "x"}, {"LSET", "s", "0", "v"}, {"LSET", "s", "x", "v"}, {"LINSERT", "s", "BEFORE", "a", "b"},
            {"LINSERT", "s", "MIDDLE", "a", "b"}, {"LREM", "s", "0", "a"}, {"LREM", "s", "x", "a"},
            {"LTRIM", "s", "0", "1"}, {"LPOS", "s", "a"}, {"LPOS", "s", "a", "RANK", "0"},
            {"LMOVE", "s", "l", "LEFT", "RIGHT"}, {"LMOVE", "l", "s", "LEFT", "RIGHT"}, {"LRANGE", "l", "0", "-1"},
            {"LMOVE", "missing", "s", "LEFT", "RIGHT"}, {"RPOPLPUSH", "l", "s"}, {"RPOPLPUSH", "s", "l"},
            {"LMPOP", "2", "s", "l", "LEFT"}, {"LMPOP", "2", "l", "s", "LEFT"}, {"LMPOP", "2", "missing", "s", "LEFT"},
            {"GET", "l"}, {"APPEND", "l", "x"}, {"INCR", "l"}, {"STRLEN", "l"}, {"GET", "s"},
        });
    }

    @Test
    void indexAccess() {
        checkAll(new String[][] {
            {"RPUSH", "l", "a", "b", "c", "d", "e"},
            {"LINDEX", "l", "0"}, {"LINDEX", "l", "4"}, {"LINDEX", "l", "5"}, {"LINDEX", "l", "-1"},
            {"LINDEX", "l", "-5"}, {"LINDEX", "l", "-6"}, {"LINDEX", "l", "9223372036854775807"},
            {"LINDEX", "l", "-9223372036854775808"}, {"LINDEX", "l", "x"}, {"LINDEX", "missing", "x"},
            {"LINDEX", "missing", "0"}, {"LINDEX", "l", "1.0"}, {"LINDEX", "l", " 1"}, {"LINDEX", "l", "+1"},
            {"LSET", "l", "0", "A"}, {"LSET", "l", "-1", "E"}, {"LSET", "l", "5", "x"}, {"LSET", "l", "-6", "x"},
            {"LSET", "l", "x", "x"}, {"LSET", "missing", "0", "x"}, {"LSET", "missing", "x", "x"},
            {"LRANGE", "l", "0", "-1"}, {"LRANGE", "l", "1", "2"}, {"LRANGE", "l", "-2", "-1"},
            {"LRANGE", "l", "-100", "100"}, {"LRANGE", "l", "3", "1"}, {"LRANGE", "l", "5", "10"},
            {"LRANGE", "l", "-1", "-2"}, {"LRANGE", "l", "0", "-6"}, {"LRANGE", "l", "0", "-5"},
            {"LRANGE", "l", "-9223372036854775808", "9223372036854775807"}, {"LRANGE", "l", "x", "1"},
            {"LRANGE", "l", "0", "y"}, {"LRANGE", "missing", "0", "-1"}, {"LRANGE", "missing", "x", "-1"},
        });
    }

    @Test
    void insertRemoveTrim() {
        checkAll(new String[][] {
            {"RPUSH", "l", "a", "b", "a", "c", "a", "b"},
            {"LINSERT", "l", "BEFORE", "a", "x"}, {"LINSERT", "l", "after", "b", "y"}, {"LINSERT", "l", "AFTER",
                "zz", "y"}, {"LINSERT", "l", "BEFOR", "a", "x"}, {"LINSERT", "missing", "BEFORE", "a", "x"},
            {"LINSERT", "missing", "bad", "a", "x"}, {"LRANGE", "l", "0", "-1"},
            {"LINSERT", "l", "AFTER", "b", "end"}, {"LRANGE", "l", "0", "-1"},
            {"LREM", "l", "1", "a"}, {"LREM", "l", "-1", "a"}, {"LRANGE", "l", "0", "-1"}, {"LREM", "l", "0", "y"},
            {"LREM", "l", "5", "nothing"}, {"LREM", "l", "x", "a"}, {"LREM", "missing", "1", "a"},
            {"LREM", "l", "-9223372036854775808", "b"}, {"LRANGE", "l", "0", "-1"}, {"LREM", "l", "0", "a"},
            {"LRANGE", "l", "0", "-1"}, {"LLEN", "l"},
            {"RPUSH", "t", "1", "2", "3", "4", "5", "6"}, {"LTRIM", "t", "1", "-2"}, {"LRANGE", "t", "0", "-1"},
            {"LTRIM", "t", "-100", "100"}, {"LRANGE", "t", "0", "-1"}, {"LTRIM", "t", "x", "1"},
            {"LTRIM", "t", "1", "x"}, {"LTRIM", "missing", "0", "1"}, {"LTRIM", "missing", "x", "1"},
            {"LTRIM", "t", "2", "1"}, {"EXISTS", "t"},
            {"RPUSH", "t", "1", "2", "3"}, {"LTRIM", "t", "5", "10"}, {"EXISTS", "t"},
            {"RPUSH", "t", "1", "2", "3"}, {"LTRIM", "t", "0", "-4"}, {"EXISTS", "t"},
            {"RPUSH", "t", "1", "2", "3"}, {"LTRIM", "t", "-1", "-1"}, {"LRANGE", "t", "0", "-1"},
            {"RPUSH", "r", "x"}, {"LREM", "r", "0", "x"}, {"EXISTS", "r"},
        });
    }

    @Test
    void lpos() {
        checkAll(new String[][] {
            {"RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c"},
            {"LPOS", "l", "c"}, {"LPOS", "l", "c", "RANK", "2"}, {"LPOS", "l", "c", "RANK", "-1"},
            {"LPOS", "l", "c", "RANK", "-3"}, {"LPOS", "l", "c", "RANK", "4"}, {"LPOS", "l", "c", "RANK", "-4"},
            {"LPOS", "l", "c", "COUNT", "0"}, {"LPOS", "l", "c", "COUNT", "2"}, {"LPOS", "l", "c", "COUNT", "10"},
            {"LPOS", "l", "c", "COUNT", "0", "RANK", "2"}, {"LPOS", "l", "c", "COUNT", "0", "RANK", "-2"},
            {"LPOS", "l", "c", "COUNT", "1", "RANK", "-1"}, {"LPOS", "l", "c", "MAXLEN", "2"},
            {"LPOS", "l", "c", "MAXLEN", "3"}, {"LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7"},
            {"LPOS", "l", "c", "COUNT", "0", "MAXLEN", "1", "RANK", "-1"}, {"LPOS", "l", "c", "MAXLEN", "0"},
            {"LPOS", "l", "zz"}, {"LPOS", "l", "zz", "COUNT", "3"}, {"LPOS", "missing", "a"},
            {"LPOS", "missing", "a", "COUNT", "0"}, {"LPOS", "missing", "a", "RANK", "0"},
            {"LPOS", "l", "c", "RANK", "0"}, {"LPOS", "l", "c", "RANK", "x"}, {"LPOS", "l", "c", "COUNT", "-1"},
            {"LPOS", "l", "c", "COUNT", "x"}, {"LPOS", "l", "c", "MAXLEN", "-1"}, {"LPOS", "l", "c", "MAXLEN", "y"},
            {"LPOS", "l", "c", "RANK"}, {"LPOS", "l", "c", "FOO", "1"}, {"LPOS", "l", "c", "COUNT", "1", "COUNT", "2"},
            {"LPOS", "l", "c", "RANK", "-9223372036854775808"}, {"LPOS", "l", "c", "rank", "9223372036854775807"},
            {"LPOS", "l", "c", "count", "9223372036854775807"},
        });
        List<String> many = new ArrayList<>(List.of("RPUSH", "many"));
        for (int i = 0; i < 60; i++) {
            many.add(i % 3 == 0 ? "other" : "same");
        }
        d.check(many.toArray(new String[0]));
        checkAll(new String[][] {
            {"LPOS", "many", "same", "COUNT", "0"}, {"LPOS", "many", "same", "COUNT", "25", "RANK", "-3"},
            {"LPOS", "many", "same", "COUNT", "0", "MAXLEN", "50", "RANK", "2"},
        });
    }

    @Test
    void moveAndRotate() {
        checkAll(new String[][] {
            {"RPUSH", "src", "a", "b", "c"},
            {"LMOVE", "src", "dst", "LEFT", "RIGHT"}, {"LMOVE", "src", "dst", "right", "left"},
            {"LRANGE", "dst", "0", "-1"}, {"LMOVE", "src", "src", "LEFT", "RIGHT"}, {"LMOVE", "src", "dst", "LEFT",
                "LEFT"}, {"EXISTS", "src"}, {"LMOVE", "src", "dst", "LEFT", "LEFT"},
            {"LRANGE", "dst", "0", "-1"}, {"LMOVE", "dst", "dst", "LEFT", "RIGHT"}, {"LRANGE", "dst", "0", "-1"},
            {"LMOVE", "dst", "dst", "RIGHT", "LEFT"}, {"LMOVE", "dst", "dst", "LEFT", "LEFT"},
            {"LRANGE", "dst", "0", "-1"}, {"LMOVE", "dst", "x", "UP", "LEFT"}, {"LMOVE", "dst", "x", "LEFT", "UP"},
            {"LMOVE", "missing", "x", "UP", "LEFT"}, {"RPOPLPUSH", "dst", "dst"}, {"RPOPLPUSH", "dst", "other"},
            {"RPOPLPUSH", "missing", "other"}, {"LRANGE", "other", "0", "-1"},
            {"RPUSH", "one", "x"}, {"LMOVE", "one", "one", "LEFT", "LEFT"}, {"LRANGE", "one", "0", "-1"},
            {"RPOPLPUSH", "one", "two"}, {"EXISTS", "one"}, {"LRANGE", "two", "0", "-1"},
        });
    }

    @Test
    void lmpop() {
        checkAll(new String[][] {
            {"RPUSH", "b", "1", "2", "3"}, {"RPUSH", "c", "x"},
            {"LMPOP", "2", "a", "b", "LEFT"}, {"LMPOP", "2", "a", "b", "RIGHT", "COUNT", "10"},
            {"LMPOP", "3", "a", "b", "c", "left", "count", "2"}, {"LMPOP", "1", "a", "LEFT"}, {"EXISTS", "b", "c"},
            {"RPUSH", "b", "1", "2", "3"},
            {"LMPOP", "0", "b", "LEFT"}, {"LMPOP", "-1", "b", "LEFT"}, {"LMPOP", "x", "b", "LEFT"},
            {"LMPOP", "2", "b", "LEFT"}, {"LMPOP", "5", "b", "LEFT"}, {"LMPOP", "1", "b", "MIDDLE"},
            {"LMPOP", "1", "b", "LEFT", "COUNT"}, {"LMPOP", "1", "b", "LEFT", "COUNT", "0"},
            {"LMPOP", "1", "b", "LEFT", "COUNT", "-1"}, {"LMPOP", "1", "b", "LEFT", "COUNT", "x"},
            {"LMPOP", "1", "b", "LEFT", "COUNT", "1", "COUNT", "1"}, {"LMPOP", "1", "b", "LEFT", "FOO"},
            {"LMPOP", "1", "b"}, {"LMPOP", "1", "b", "RIGHT", "COUNT", "9223372036854775807"},
            {"LMPOP", "1", "missing", "LEFT", "COUNT", "0"}, {"LMPOP", "1", "missing", "LEFT", "COUNT", "2"},
        });
    }

    /** Commands whose argument count is checked by the table's arity. */
    @Test
    void wrongArity() {
        checkAll(new String[][] {
            {"LPUSH", "l"}, {"RPUSHX"}, {"LLEN"}, {"LLEN", "a", "b"}, {"LRANGE", "l", "0"}, {"LINDEX", "l"},
            {"LSET", "l", "0"}, {"LINSERT", "l", "BEFORE", "a"}, {"LREM", "l", "0"}, {"LTRIM", "l", "0"},
            {"LPOS", "l"}, {"LMOVE", "a", "b", "LEFT"}, {"RPOPLPUSH", "a"}, {"RPOPLPUSH", "a", "b", "c"},
            {"LMPOP", "1", "a"}, {"RPOP"},
        });
    }

    @Test
    void binarySafeElements() {
        byte[][] elements = {{0}, {'\r', '\n'}, {(byte) 0xff, 0, (byte) 0x80}, {}, bytes("plain")};
        byte[] key = {'k', 0, (byte) 0xff};
        for (byte[] element : elements) {
            d.check(bytes("RPUSH"), key, element, element);
            d.check(bytes("LPOS"), key, element, bytes("COUNT"), bytes("0"));
            d.check(bytes("LINSERT"), key, bytes("AFTER"), element, bytes("after"));
            d.check(bytes("LREM"), key, bytes("-1"), element);
        }
        d.check(bytes("LRANGE"), key, bytes("0"), bytes("-1"));
        d.check(bytes("LMPOP"), bytes("1"), key, bytes("LEFT"), bytes("COUNT"), bytes("3"));
    }

    /** A list far past any listpack threshold: still "quicklist" in 7.0, and ranges across it. */
    @Test
    void largeList() {
        List<String> push = new ArrayList<>(List.of("RPUSH", "big"));
        for (int i = 0; i < 5000; i++) {
            push.add("element-" + i);
        }
        d.check(push.toArray(new String[0]));
        checkAll(new String[][] {
            {"OBJECT", "ENCODING", "big"}, {"LINDEX", "big", "2500"}, {"LINDEX", "big", "-4999"},
            {"LRANGE", "big", "4990", "5010"}, {"LINSERT", "big", "BEFORE", "element-4000", "new"},
            {"LINSERT", "big", "AFTER", "element-10", "new"}, {"LPOS", "big", "new", "COUNT", "0"},
            {"LREM", "big", "0", "new"}, {"LTRIM", "big", "100", "-100"}, {"LLEN", "big"},
            {"LRANGE", "big", "0", "3"}, {"RPOP", "big", "3"}, {"LPOP", "big", "4790"}, {"LRANGE", "big", "0", "-1"},
        });
    }

    /** RESP3: the nulls of the list commands are all "_", whichever RESP2 null Redis picks. */
    @Test
    void resp3Replies() throws Exception {
        String[][] commands = {
            {"RPUSH", "l", "a", "b"}, {"LPOP", "missing"}, {"LPOP", "missing", "2"}, {"RPOP", "missing", "0"},
            {"LPOP", "l", "0"}, {"LINDEX", "missing", "0"}, {"LINDEX", "l", "5"}, {"LPOS", "l", "zz"},
            {"LPOS", "missing", "a"}, {"LPOS", "missing", "a", "COUNT", "1"}, {"LMOVE", "missing", "l", "LEFT",
                "LEFT"}, {"RPOPLPUSH", "missing", "l"}, {"LMPOP", "1", "missing", "LEFT"},
            {"LMPOP", "1", "l", "LEFT"}, {"LRANGE", "missing", "0", "-1"}, {"RPOP", "l", "5"},
        };
        assertResp3RepliesMatch(commands);
    }

    /**
     * INFO's change counter moves per command as Redis's dirty counter does: one per element pushed, popped or
     * removed, nothing for the keys created or deleted along the way, one for a whole LMOVE.
     */
    @Test
    void changeCounterMovesAsRedisDoes() throws Exception {
        String[][] commands = {
            {"RPUSH", "l", "a", "b", "c", "a"}, {"LPUSH", "l", "x"}, {"LPUSHX", "missing", "x"}, {"LPOP", "l"},
            {"RPOP", "l", "2"}, {"LPOP", "l", "0"}, {"LSET", "l", "0", "z"}, {"LINSERT", "l", "AFTER", "z", "y"},
            {"LINSERT", "l", "AFTER", "nope", "y"}, {"LREM", "l", "0", "y"}, {"RPUSH", "l", "1", "2", "3", "4"},
            {"LTRIM", "l", "1", "-2"}, {"LMOVE", "l", "m", "LEFT", "LEFT"}, {"LMOVE", "m", "n", "LEFT", "LEFT"},
            {"LMOVE", "n", "n", "LEFT", "RIGHT"}, {"LMPOP", "2", "missing", "l", "LEFT", "COUNT", "5"},
            {"LTRIM", "n", "5", "6"}, {"RPUSH", "r", "a", "a"}, {"LREM", "r", "0", "a"}, {"LPOP", "missing"},
        };
        assertChangeCountsMatch(commands);
    }

    /** A seeded random walk over a few keys (one sometimes a string) through every list command. */
    @Test
    void randomSequence() {
        Random random = new Random(20261124);
        String[] keys = {"a", "b", "c", "s"};
        String[] elements = {"x", "y", "z", "1", "-1", "", "hello world", "x\r\ny"};
        for (int commands = 0; commands < 3000; commands++) {
            List<String> cmd = new ArrayList<>();
            String key = pick(random, keys);
            switch (random.nextInt(22)) {
                case 0, 1, 2 -> {
                    addAll(cmd, pick(random, "LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "lpush", "RPush"), key);
                    for (int i = random.nextInt(5); i >= 0; i--) {
                        cmd.add(pick(random, elements));
                    }
                }
                case 3, 4 -> {
                    addAll(cmd, pick(random, "LPOP", "RPOP"), key);
                    if (random.nextBoolean()) {
                        cmd.add(pick(random, "0", "1", "2", "5", "-1", "x"));
                    }
                }
                case 5 -> addAll(cmd, "LLEN", key);
                case 6, 7 -> addAll(cmd, "LRANGE", key, randomIndex(random), randomIndex(random));
                case 8 -> addAll(cmd, "LINDEX", key, randomIndex(random));
                case 9 -> addAll(cmd, "LSET", key, randomIndex(random), pick(random, elements));
                case 10 -> addAll(cmd, "LINSERT", key, pick(random, "BEFORE", "AFTER", "after", "NEAR"),
                        pick(random, elements), pick(random, elements));
                case 11 -> addAll(cmd, "LREM", key, pick(random, "0", "1", "2", "-1", "-2", "x"),
                        pick(random, elements));
                case 12 -> addAll(cmd, "LTRIM", key, randomIndex(random), randomIndex(random));
                case 13 -> {
                    addAll(cmd, "LPOS", key, pick(random, elements));
                    for (int i = random.nextInt(4); i > 0; i--) {
                        String option = pick(random, "RANK", "COUNT", "MAXLEN", "rank", "BAD");
                        cmd.add(option);
                        if (random.nextInt(8) > 0) {
                            cmd.add(option.equalsIgnoreCase("RANK") ? pick(random, "1", "2", "-1", "-3", "0", "x")
                                    : pick(random, "0", "1", "2", "5", "-1"));
                        }
                    }
                }
                case 14, 15 -> addAll(cmd, "LMOVE", key, pick(random, keys), pick(random, "LEFT", "RIGHT", "left"),
                        pick(random, "LEFT", "RIGHT", "Right"));
                case 16 -> addAll(cmd, "RPOPLPUSH", key, pick(random, keys));
                case 17 -> {
                    List<String> chosen = new ArrayList<>(List.of(keys));
                    Collections.shuffle(chosen, random);
                    int n = 1 + random.nextInt(3);
                    addAll(cmd, "LMPOP", Integer.toString(n));
                    cmd.addAll(chosen.subList(0, n));
                    cmd.add(pick(random, "LEFT", "RIGHT"));
                    if (random.nextBoolean()) {
                        addAll(cmd, "COUNT", pick(random, "1", "2", "3", "10", "0"));
                    }
                }
                case 18 -> addAll(cmd, "SET", "s", pick(random, elements));
                case 19 -> addAll(cmd, "DEL", key);
                case 20 -> addAll(cmd, "EXISTS", key);
                default -> addAll(cmd, "TYPE", key);
            }
            d.check(cmd.toArray(new String[0]));
        }
        for (String key : keys) {
            d.check("TYPE", key);
            d.check("LRANGE", key, "0", "-1");
        }
    }

    private static String randomIndex(Random random) {
        return Integer.toString(random.nextInt(16) - 8);
    }

    private static void addAll(List<String> list, String... items) {
        Collections.addAll(list, items);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
