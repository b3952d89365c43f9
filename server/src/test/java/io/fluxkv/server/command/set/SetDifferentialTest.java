package io.fluxkv.server.command.set;

import io.fluxkv.server.testing.DifferentialTestBase;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set commands against a real redis-server 7.0.15. Replies are compared byte for byte, except the member lists
 * of hashtable-encoded sets, which come in each server's own hash order: those are compared as sorted lists (an
 * intset's members come sorted on both sides, so intset replies are compared byte for byte). Random picks (SPOP,
 * SRANDMEMBER) are checked by shape in {@link SetCommandsTest}.
 */
class SetDifferentialTest extends DifferentialTestBase {
    private static final Set<String> MEMBER_LISTS = Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF", "SPOP");
    private RawConnection toRedis;
    private RawConnection toNode;

    @BeforeEach
    void openRaw() {
        toRedis = redis.raw();
        toNode = node.raw();
    }

    @AfterEach
    void closeRaw() throws Exception {
        toRedis.close();
        toNode.close();
    }

    /** Sends a command to both; compares its reply byte for byte, or as a sorted list when order may differ. */
    private void compare(String... command) {
        if (!MEMBER_LISTS.contains(command[0])) {
            d.check(command);
            return;
        }
        toRedis.command(command);
        toNode.command(command);
        String expected = toRedis.readReplyString();
        String actual = toNode.readReplyString();
        assertThat(sortedMembers(actual)).as(String.join(" ", command)).isEqualTo(sortedMembers(expected));
    }

    /** The bulk strings of a flat array or set reply, sorted; an error or integer reply as itself. */
    private static List<String> sortedMembers(String reply) {
        if (reply.charAt(0) != '*' && reply.charAt(0) != '~') {
            return List.of(reply);
        }
        String[] lines = reply.split("\r\n", -1);
        List<String> members = new ArrayList<>();
        // Lines after the header alternate "$len" and the member (members here hold no CR LF).
        for (int i = 2; i < lines.length; i += 2) {
            members.add(lines[i]);
        }
        members.sort(null);
        return members;
    }

    @Test
    void basicsAndErrors() {
        all(new String[][] {
            {"SADD", "s", "3", "1", "2", "1"}, {"SADD", "s", "2", "4"}, {"SCARD", "s"}, {"SCARD", "missing"},
            {"SMEMBERS", "s"}, {"SMEMBERS", "missing"}, {"OBJECT", "ENCODING", "s"},
            {"SISMEMBER", "s", "1"}, {"SISMEMBER", "s", "01"}, {"SISMEMBER", "s", "x"}, {"SISMEMBER", "missing", "1"},
            {"SMISMEMBER", "s", "1", "9", "4"}, {"SMISMEMBER", "missing", "1", "2"},
            {"SREM", "s", "9", "1", "1"}, {"SREM", "missing", "1"}, {"SREM", "s", "2", "3", "4", "5"},
            {"EXISTS", "s"},
            {"SET", "str", "v"}, {"SADD", "str", "1"}, {"SREM", "str", "1"}, {"SCARD", "str"},
            {"SISMEMBER", "str", "1"}, {"SMISMEMBER", "str", "1"}, {"SMEMBERS", "str"}, {"SPOP", "str"},
            {"SPOP", "str", "2"}, {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "-2"}, {"SSCAN", "str", "0"},
            {"SADD"}, {"SADD", "s"}, {"SREM", "s"}, {"SMISMEMBER", "s"}, {"SCARD"}, {"SPOP"}, {"SMOVE", "a", "b"},
            {"SPOP", "s", "1", "2"}, {"SRANDMEMBER", "s", "1", "2"},
            {"SPOP", "missing"}, {"SPOP", "missing", "3"}, {"SPOP", "missing", "0"}, {"SPOP", "missing", "-1"},
            {"SPOP", "missing", "x"}, {"SPOP", "str", "-1"},
            {"SRANDMEMBER", "missing"}, {"SRANDMEMBER", "missing", "3"}, {"SRANDMEMBER", "missing", "-3"},
            {"SRANDMEMBER", "missing", "x"}, {"SRANDMEMBER", "missing", "-9223372036854775808"},
            {"SRANDMEMBER", "missing", "9223372036854775808"}, {"SRANDMEMBER", "str", "-9223372036854775808"},
            {"SADD", "one", "7"}, {"SPOP", "one", "0"}, {"SRANDMEMBER", "one", "0"}, {"SRANDMEMBER", "one", "5"},
            {"SRANDMEMBER", "one", "-3"}, {"SRANDMEMBER", "one"}, {"SPOP", "one", "5"}, {"EXISTS", "one"},
            {"SADD", "two", "7"}, {"SPOP", "two"}, {"EXISTS", "two"},
            {"SADD", "ints", "5", "-3", "100", "0"}, {"SPOP", "ints", "10"}, {"EXISTS", "ints"},
        });
    }

    @Test
    void encodings() {
        List<String> sadd = new ArrayList<>(List.of("SADD", "big"));
        for (int i = 0; i < 512; i++) {
            sadd.add(Integer.toString(i * 7 - 1000));
        }
        all(new String[][] {
            sadd.toArray(String[]::new), {"OBJECT", "ENCODING", "big"}, {"SMEMBERS", "big"},
            {"SADD", "big", "1000000"}, {"OBJECT", "ENCODING", "big"}, {"SREM", "big", "1000000"},
            {"OBJECT", "ENCODING", "big"},
            {"SADD", "s", "1", "x"}, {"OBJECT", "ENCODING", "s"}, {"SREM", "s", "x"}, {"OBJECT", "ENCODING", "s"},
            {"SADD", "lead", "01"}, {"OBJECT", "ENCODING", "lead"},
            {"SADD", "negzero", "-0"}, {"OBJECT", "ENCODING", "negzero"},
            {"SADD", "plus", "+1"}, {"OBJECT", "ENCODING", "plus"},
            {"SADD", "space", " 1"}, {"OBJECT", "ENCODING", "space"},
            {"SADD", "min", "-9223372036854775808", "9223372036854775807"}, {"OBJECT", "ENCODING", "min"},
            {"SMEMBERS", "min"},
            {"SADD", "over", "9223372036854775808"}, {"OBJECT", "ENCODING", "over"},
            {"SADD", "bin", "a\u0000b", "a"}, {"SISMEMBER", "bin", "a\u0000b"}, {"SISMEMBER", "bin", "a\u0000"},
            {"SADD", "e", ""}, {"SISMEMBER", "e", ""}, {"OBJECT", "ENCODING", "e"},
        });
        // A STORE result is built member by member: ints stay an intset, whatever the sources' encodings.
        all(new String[][] {
            {"SADD", "h1", "1", "2", "3", "a"}, {"SADD", "h2", "2", "3", "4", "a"},
            {"SINTERSTORE", "i", "h1", "h2"}, {"OBJECT", "ENCODING", "i"}, {"SREM", "i", "a"},
            {"SINTERSTORE", "i", "h1", "i"}, {"OBJECT", "ENCODING", "i"}, {"SMEMBERS", "i"},
            {"SDIFFSTORE", "df", "h1", "h2"}, {"OBJECT", "ENCODING", "df"}, {"SMEMBERS", "df"},
            {"SUNIONSTORE", "u", "i", "df"}, {"OBJECT", "ENCODING", "u"}, {"SMEMBERS", "u"},
        });
        // SDIFF filters the first set against few others (an intset result), but against many it copies the first
        // set (here a hashtable) and removes the others' members: the copy stays a hashtable.
        List<String> first = new ArrayList<>(List.of("SADD", "first", "x"));
        for (int i = 0; i < 20; i++) {
            first.add(Integer.toString(i));
        }
        List<String> manyOthers = new ArrayList<>(List.of("SDIFFSTORE", "copied", "first"));
        manyOthers.addAll(Collections.nCopies(27, "other"));
        all(new String[][] {
            first.toArray(String[]::new), {"SADD", "other", "x"}, {"SDIFFSTORE", "filtered", "first", "other"},
            {"OBJECT", "ENCODING", "filtered"}, {"SMEMBERS", "filtered"}, manyOthers.toArray(String[]::new),
            {"OBJECT", "ENCODING", "copied"}, {"SCARD", "copied"}, {"SISMEMBER", "copied", "x"},
        });
        compare("SMEMBERS", "copied");
    }

    @Test
    void algebraAndMove() {
        all(new String[][] {
            {"SADD", "a", "1", "2", "3", "4"}, {"SADD", "b", "3", "4", "5"}, {"SADD", "c", "4", "9"},
            {"SET", "str", "v"},
            {"SINTER", "a", "b"}, {"SINTER", "a", "b", "c"}, {"SINTER", "a", "missing"}, {"SINTER", "a", "a"},
            {"SINTER", "missing", "str"}, {"SINTER", "str", "missing"}, {"SINTER", "a", "str"},
            {"SUNION", "a", "b", "c"}, {"SUNION", "missing"}, {"SUNION", "a", "missing", "str"},
            {"SDIFF", "a", "b"}, {"SDIFF", "a", "b", "c"}, {"SDIFF", "a", "a"}, {"SDIFF", "b", "a", "b"},
            {"SDIFF", "missing", "a"}, {"SDIFF", "a", "missing"}, {"SDIFF", "missing", "str"},
            {"SINTERCARD", "2", "a", "b"}, {"SINTERCARD", "3", "a", "b", "c"}, {"SINTERCARD", "2", "a", "missing"},
            {"SINTERCARD", "2", "a", "b", "LIMIT", "1"}, {"SINTERCARD", "2", "a", "b", "limit", "0"},
            {"SINTERCARD", "1", "a", "LIMIT", "10"}, {"SINTERCARD", "2", "a", "str"},
            {"SINTERCARD", "0", "a"}, {"SINTERCARD", "-1", "a"}, {"SINTERCARD", "x", "a"},
            {"SINTERCARD", "3", "a", "b"}, {"SINTERCARD", "1", "a", "LIMIT"}, {"SINTERCARD", "1", "a", "LIMIT", "-1"},
            {"SINTERCARD", "1", "a", "LIMIT", "x"}, {"SINTERCARD", "1", "a", "FOO"},
            {"SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "2"}, {"SINTERCARD", "1", "str", "FOO"},
            {"SINTERSTORE", "d", "a", "b"}, {"SMEMBERS", "d"}, {"SINTERSTORE", "d", "a", "missing"}, {"EXISTS", "d"},
            {"SINTERSTORE", "str", "a", "missing"}, {"EXISTS", "str"}, {"SET", "str", "v"},
            {"SINTERSTORE", "str", "a", "b"}, {"TYPE", "str"}, {"SET", "str", "v"},
            {"SINTERSTORE", "d", "a", "str"}, {"SUNIONSTORE", "d", "a", "b"}, {"SMEMBERS", "d"},
            {"SUNIONSTORE", "d", "missing"}, {"EXISTS", "d"}, {"SDIFFSTORE", "d", "a", "b"}, {"SMEMBERS", "d"},
            {"SDIFFSTORE", "d", "a", "a"}, {"EXISTS", "d"}, {"SDIFFSTORE", "a", "a", "b"}, {"SMEMBERS", "a"},
            {"SUNIONSTORE", "d", "str"}, {"SDIFFSTORE", "d", "str", "a"},
            {"SET", "x", "v"}, {"EXPIRE", "x", "100"}, {"SUNIONSTORE", "x", "b"}, {"TTL", "x"},
            {"SMOVE", "b", "c", "5"}, {"SMEMBERS", "b"}, {"SMEMBERS", "c"}, {"SMOVE", "b", "c", "5"},
            {"SMOVE", "b", "c", "4"}, {"SMEMBERS", "c"}, {"SMOVE", "b", "new", "3"}, {"EXISTS", "b"},
            {"SMEMBERS", "new"}, {"SMOVE", "missing", "str", "1"}, {"SMOVE", "new", "str", "1"},
            {"SMOVE", "str", "new", "1"}, {"SMOVE", "new", "new", "3"}, {"SMOVE", "new", "new", "9"},
            {"SMOVE", "c", "new", "nope"}, {"SMOVE", "c", "new", "x"},
            {"COPY", "c", "cc"}, {"TYPE", "cc"}, {"OBJECT", "ENCODING", "cc"}, {"SADD", "cc", "77", "y"},
            {"SISMEMBER", "c", "77"}, {"OBJECT", "ENCODING", "c"}, {"SMEMBERS", "c"},
        });
    }

    @Test
    void sscan() {
        all(new String[][] {
            {"SADD", "s", "1", "20", "3", "10"}, {"SSCAN", "s", "0"}, {"SSCAN", "s", "77"},
            {"SSCAN", "s", "0", "MATCH", "1*"}, {"SSCAN", "s", "0", "COUNT", "1"}, {"SSCAN", "s", "0", "MATCH", "*"},
            {"SSCAN", "s", "0", "COUNT", "0"}, {"SSCAN", "s", "0", "COUNT", "x"}, {"SSCAN", "s", "0", "TYPE", "set"},
            {"SSCAN", "s", "0", "MATCH"}, {"SSCAN", "s", "x"}, {"SSCAN", "s", "-1"},
            {"SSCAN", "missing", "0"}, {"SSCAN", "missing", "0", "BOGUS"}, {"SSCAN", "missing", "x"},
            {"SET", "str", "v"}, {"SSCAN", "str", "0", "BOGUS"}, {"SSCAN", "str", "x"},
        });
        List<String> sadd = new ArrayList<>(List.of("SADD", "h"));
        for (int i = 0; i < 300; i++) {
            sadd.add("m" + i);
        }
        d.check(sadd.toArray(String[]::new));
        assertThat(fullScan(toNode, "h", "COUNT", "7")).isEqualTo(fullScan(toRedis, "h", "COUNT", "7"))
                .hasSize(300);
        assertThat(fullScan(toNode, "h", "MATCH", "m1*")).isEqualTo(fullScan(toRedis, "h", "MATCH", "m1*"))
                .hasSize(111);
    }

    /** Every member a complete SSCAN returns, sorted. */
    private static Set<String> fullScan(RawConnection connection, String key, String... options) {
        Set<String> members = new TreeSet<>();
        String cursor = "0";
        do {
            List<String> command = new ArrayList<>(List.of("SSCAN", key, cursor));
            command.addAll(List.of(options));
            connection.command(command.toArray(String[]::new));
            String[] lines = connection.readReplyString().split("\r\n", -1);
            cursor = lines[2];
            for (int i = 5; i < lines.length; i += 2) {
                members.add(lines[i]);
            }
        } while (!cursor.equals("0"));
        return members;
    }

    /** RESP3: member lists are sets, SRANDMEMBER's are arrays, nulls are "_". */
    @Test
    void resp3Replies() throws Exception {
        String[][] commands = {
            {"SADD", "s", "3", "1", "2"}, {"SADD", "t", "2", "5"}, {"SMEMBERS", "s"}, {"SMEMBERS", "missing"},
            {"SINTER", "s", "t"}, {"SUNION", "s", "t"}, {"SDIFF", "s", "t"}, {"SINTER", "s", "missing"},
            {"SMISMEMBER", "s", "1", "7"}, {"SINTERCARD", "2", "s", "t"}, {"SSCAN", "s", "0"},
            {"SSCAN", "missing", "0"}, {"SPOP", "missing"}, {"SPOP", "missing", "2"}, {"SPOP", "s", "0"},
            {"SRANDMEMBER", "missing"}, {"SRANDMEMBER", "missing", "2"}, {"SRANDMEMBER", "s", "0"},
            {"SRANDMEMBER", "s", "5"}, {"SPOP", "t", "5"},
        };
        assertResp3RepliesMatch(commands);
    }

    @Test
    void randomSequence() {
        Random random = new Random(20240607);
        String[] keys = {"k1", "k2", "k3", "k4"};
        d.check("SET", "str", "v");
        for (int step = 0; step < 3000; step++) {
            String key = keys[random.nextInt(keys.length)];
            String other = random.nextInt(20) == 0 ? "str" : keys[random.nextInt(keys.length)];
            String third = keys[random.nextInt(keys.length)];
            switch (random.nextInt(16)) {
                case 0, 1, 2 -> {
                    List<String> cmd = new ArrayList<>(List.of("SADD", key));
                    for (int i = random.nextInt(6); i >= 0; i--) {
                        cmd.add(member(random));
                    }
                    compare(cmd.toArray(String[]::new));
                }
                case 3 -> {
                    // Bulk integers, sometimes enough to cross the intset limit.
                    List<String> cmd = new ArrayList<>(List.of("SADD", key));
                    for (int i = random.nextInt(300); i >= 0; i--) {
                        cmd.add(Integer.toString(random.nextInt(1500)));
                    }
                    compare(cmd.toArray(String[]::new));
                }
                case 4, 5 -> {
                    List<String> cmd = new ArrayList<>(List.of("SREM", key));
                    for (int i = random.nextInt(6); i >= 0; i--) {
                        cmd.add(member(random));
                    }
                    compare(cmd.toArray(String[]::new));
                }
                case 6 -> compare("SMOVE", key, other, member(random));
                case 7 -> compare("SISMEMBER", key, member(random));
                case 8 -> compare("SMISMEMBER", key, member(random), member(random), member(random));
                case 9 -> compare("SCARD", key);
                case 10 -> compare("SINTERCARD", "3", key, other, third, "LIMIT",
                        Integer.toString(random.nextInt(5)));
                case 11 -> compare(new String[] {"SINTER", "SUNION", "SDIFF", "SMEMBERS"}[random.nextInt(4)], key,
                        other, third);
                case 12 -> compare(new String[] {"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}[random.nextInt(3)],
                        key, other, third);
                case 13 -> compare("OBJECT", "ENCODING", key);
                case 14 -> compare("SMEMBERS", key);
                default -> {
                    // A random pop keeps both sides equal only when it takes the whole set.
                    compare("SPOP", key, "100000");
                }
            }
        }
    }

    /** Small integers (which stay an intset), other integer forms, and strings. */
    private static String member(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "m" + random.nextInt(20);
            case 1 -> "0" + random.nextInt(10);
            case 2 -> Long.toString(random.nextLong());
            default -> Integer.toString(random.nextInt(40) - 10);
        };
    }
}
