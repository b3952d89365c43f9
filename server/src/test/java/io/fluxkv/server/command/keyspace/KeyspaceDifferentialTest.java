package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.testing.Differential;
import io.fluxkv.server.testing.NodeAndRedisTest;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyspace and expiry commands against a real redis-server 7.0.15, reply for reply, byte for byte: hand-picked
 * edge cases, glob patterns (KEYS over a database of one key, so that order cannot differ), and a seeded random
 * sequence over a few keys. Only deterministic replies are compared: deadlines are absolute (EXPIREAT, PEXPIREAT)
 * or already past, and SCAN, KEYS and RANDOMKEY only where one key can match.
 */
class KeyspaceDifferentialTest extends NodeAndRedisTest {
    /** 2100-01-01T00:00:00Z: far enough that no deadline set in these tests passes while they run. */
    private static final long FUTURE_SECONDS = 4_102_444_800L;

    static Differential diff;

    @BeforeAll
    static void openDiff() {
        diff = new Differential(redis, node);
    }

    @AfterAll
    static void closeDiff() throws Exception {
        diff.close();
    }

    @BeforeEach
    void flush() {
        flushBoth();
    }

    @Test
    void arityAndUnknownSubcommands() {
        for (String[] cmd : new String[][] {
                {"DEL"}, {"UNLINK"}, {"EXISTS"}, {"TOUCH"}, {"TYPE"}, {"TYPE", "a", "b"}, {"KEYS"}, {"KEYS", "a", "b"},
                {"SCAN"}, {"RANDOMKEY", "x"}, {"RENAME", "a"}, {"RENAMENX", "a", "b", "c"}, {"COPY", "a"},
                {"MOVE", "a"}, {"MOVE", "a", "1", "2"}, {"OBJECT"}, {"OBJECT", "ENCODING"},
                {"OBJECT", "encoding", "a", "b"}, {"OBJECT", "HELP", "x"}, {"OBJECT", "nosuch", "a"},
                {"EXPIRE", "a"}, {"PEXPIRE"}, {"EXPIREAT", "a"}, {"PEXPIREAT", "a"}, {"TTL"}, {"PTTL", "a", "b"},
                {"EXPIRETIME"}, {"PEXPIRETIME", "a", "b"}, {"PERSIST"}, {"PERSIST", "a", "b"}}) {
            diff.check(cmd);
        }
    }

    @Test
    void existenceTypeAndDeletion() {
        diff.check("SET", "a", "1");
        diff.check("SET", "b", "2");
        diff.check("EXISTS", "a", "a", "b", "missing");
        diff.check("TOUCH", "a", "missing", "b");
        diff.check("TYPE", "a");
        diff.check("TYPE", "missing");
        diff.check("DEL", "a", "a", "missing");
        diff.check("UNLINK", "b", "missing");
        diff.check("EXISTS", "a", "b");
        diff.check("RANDOMKEY");
        diff.check("SET", "only", "v");
        diff.check("RANDOMKEY");
        diff.check("SCAN", "0");
        diff.check("SCAN", "0", "MATCH", "o*", "COUNT", "1000", "TYPE", "STRING");
        diff.check("SCAN", "0", "TYPE", "list");
        diff.check("SCAN", "", "MATCH", "x*");
        diff.check("KEYS", "*");
        diff.check("DEL", "only");
        diff.check("SCAN", "0");
        diff.check("KEYS", "*");
    }

    @Test
    void scanArgumentErrors() {
        for (String[] cmd : new String[][] {
                {"SCAN", "abc"}, {"SCAN", " 1"}, {"SCAN", "1 "}, {"SCAN", "+"}, {"SCAN", "-"}, {"SCAN", "0x10"},
                {"SCAN", "18446744073709551616"}, {"SCAN", "99999999999999999999999"}, {"SCAN", "0", "COUNT", "0"},
                {"SCAN", "0", "COUNT", "-1"}, {"SCAN", "0", "COUNT", "abc"}, {"SCAN", "0", "COUNT"},
                {"SCAN", "0", "MATCH"}, {"SCAN", "0", "TYPE"}, {"SCAN", "0", "FOO", "bar"},
                {"SCAN", "0", "COUNT", "9223372036854775808"}, {"SCAN", "abc", "COUNT", "0"},
                {"SCAN", "0", "COUNT", "0", "MATCH"}}) {
            diff.check(cmd);
        }
    }

    @Test
    void objectSubcommands() {
        String[] values = {"0", "100", "9999", "10000", "-1", "-0", "01", "+1", "1.5", " 1", "", "abc",
                "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                "x".repeat(44), "x".repeat(45), "12345678901234567890", "123456789012345678901"};
        for (String value : values) {
            diff.check("SET", "k", value);
            diff.check("OBJECT", "ENCODING", "k");
            diff.check("OBJECT", "refcount", "k");
        }
        diff.check("OBJECT", "ENCODING", "missing");
        diff.check("OBJECT", "REFCOUNT", "missing");
        diff.check("OBJECT", "IDLETIME", "missing");
        diff.check("OBJECT", "FREQ", "missing");
        diff.check("OBJECT", "FREQ", "k");
        diff.check("OBJECT", "HELP");
        diff.check("object", "help");
    }

    @Test
    void renameEdgeCases() {
        diff.check("RENAME", "missing", "x");
        diff.check("RENAMENX", "missing", "missing");
        diff.check("RENAME", "missing", "missing");
        diff.check("SET", "a", "1");
        diff.check("RENAME", "a", "a");
        diff.check("RENAMENX", "a", "a");
        diff.check("EXPIREAT", "a", String.valueOf(FUTURE_SECONDS));
        diff.check("RENAME", "a", "b");
        diff.check("EXISTS", "a");
        diff.check("GET", "b");
        diff.check("EXPIRETIME", "b");
        diff.check("SET", "c", "3");
        diff.check("RENAMENX", "b", "c");
        diff.check("RENAME", "b", "c");
        diff.check("GET", "c");
        diff.check("PEXPIRETIME", "c");
        diff.check("RENAMENX", "c", "d");
        diff.check("EXPIRETIME", "d");
    }

    @Test
    void copyAndMoveEdgeCases() {
        diff.check("COPY", "missing", "x");
        diff.check("SET", "a", "1");
        diff.check("PEXPIREAT", "a", String.valueOf(FUTURE_SECONDS * 1000 + 123));
        diff.check("COPY", "a", "a");
        diff.check("COPY", "a", "a", "DB", "0");
        diff.check("COPY", "a", "a", "db", "1");
        diff.check("COPY", "a", "a", "DB", "1");
        diff.check("COPY", "a", "a", "DB", "1", "REPLACE");
        diff.check("COPY", "a", "b");
        diff.check("PEXPIRETIME", "b");
        diff.check("COPY", "a", "b");
        diff.check("COPY", "a", "b", "replace", "REPLACE");
        diff.check("COPY", "a", "b", "DB");
        diff.check("COPY", "a", "b", "FOO");
        diff.check("COPY", "a", "b", "DB", "16");
        diff.check("COPY", "a", "b", "DB", "-1");
        diff.check("COPY", "a", "b", "DB", "x");
        diff.check("COPY", "a", "b", "DB", "4294967296");
        diff.check("COPY", "a", "b", "DB", "x", "FOO");
        diff.check("COPY", "a", "b", "FOO", "DB", "x");
        diff.check("COPY", "a", "a", "DB", "0", "FOO");
        diff.check("MOVE", "a", "0");
        diff.check("MOVE", "missing", "0");
        diff.check("MOVE", "a", "16");
        diff.check("MOVE", "a", "-1");
        diff.check("MOVE", "a", "x");
        diff.check("MOVE", "a", "2147483648");
        diff.check("MOVE", "a", "1");
        diff.check("MOVE", "b", "2");
        diff.check("EXISTS", "b");
        diff.check("SET", "b", "again");
        diff.check("MOVE", "b", "2");
        diff.check("COPY", "b", "b", "DB", "2");
        diff.check("MOVE", "missing", "1");
    }

    @Test
    void expireOptionsAndErrors() {
        String at = String.valueOf(FUTURE_SECONDS);
        diff.check("EXPIRE", "missing", "100");
        diff.check("EXPIRE", "missing", "abc");
        diff.check("EXPIRE", "missing", "100", "FOO");
        diff.check("EXPIRE", "missing", "abc", "FOO");
        diff.check("SET", "a", "1");
        for (String[] options : new String[][] {{"NX", "XX"}, {"nx", "gt"}, {"LT", "NX"}, {"GT", "LT"},
                {"XX", "GT", "LT"}, {"NX", "NX", "XX"}, {"bogus"}, {"NX", "bogus"}, {"GT", "LT", "bogus"}}) {
            List<String> cmd = new ArrayList<>(List.of("EXPIRE", "a", "abc"));
            cmd.addAll(List.of(options));
            diff.check(cmd.toArray(String[]::new));
        }
        diff.check("EXPIRE", "a", "9223372036854775807");
        diff.check("EXPIRE", "a", "-9223372036854775808");
        diff.check("EXPIRE", "a", "9223372036854776");
        diff.check("EXPIREAT", "a", "9223372036854776");
        diff.check("PEXPIRE", "a", "9223372036854775807");
        diff.check("PEXPIREAT", "a", "9223372036854775807", "XX");
        diff.check("EXPIREAT", "a", "9223372036854775", "XX");
        diff.check("EXPIREAT", "a", "9223372036854775");
        diff.check("PEXPIRETIME", "a");
        diff.check("EXPIREAT", "a", at, "XX");
        diff.check("EXPIREAT", "a", at, "NX");
        diff.check("EXPIRETIME", "a");
        diff.check("EXPIREAT", "a", at, "NX", "NX");
        diff.check("EXPIREAT", "a", at, "XX");
        diff.check("EXPIREAT", "a", at, "GT");
        diff.check("EXPIREAT", "a", String.valueOf(FUTURE_SECONDS + 1), "GT");
        diff.check("EXPIREAT", "a", String.valueOf(FUTURE_SECONDS + 1), "LT");
        diff.check("EXPIREAT", "a", at, "lt", "xx");
        diff.check("PEXPIRETIME", "a");
        diff.check("PERSIST", "a");
        diff.check("PERSIST", "a");
        diff.check("PERSIST", "missing");
        diff.check("TTL", "a");
        diff.check("EXPIREAT", "a", at, "GT");
        diff.check("EXPIREAT", "a", at, "LT");
        diff.check("EXPIRETIME", "a");
        diff.check("PEXPIREAT", "a", "9223372036854775807");
        diff.check("EXPIRETIME", "a");
        diff.check("PEXPIRETIME", "a");
        diff.check("EXPIRE", "a", "-1", "GT");
        diff.check("EXPIRE", "a", "-1", "LT");
        diff.check("EXISTS", "a");
        diff.check("TTL", "a");
        diff.check("PTTL", "a");
        diff.check("EXPIRETIME", "a");
        diff.check("SET", "b", "1");
        diff.check("EXPIREAT", "b", "1");
        diff.check("GET", "b");
        diff.check("SET", "c", "1");
        diff.check("PEXPIRE", "c", "0");
        diff.check("DEL", "c");
        diff.check("SET", "d", "1");
        diff.check("EXPIRE", "d", "-9223372036854775");
        diff.check("EXISTS", "d");
        diff.check("SET", "e", "1");
        diff.check("PEXPIREAT", "e", "-1");
        diff.check("EXISTS", "e");
    }

    /** KEYS over a database holding one key: every reply is the key or nothing, so glob semantics compare exactly. */
    @Test
    void globPatternsMatchRedis() {
        String[] subjects = {"", "a", "hello", "hallo", "h*llo", "h?llo", "h[e]llo", "h\\llo", "a-b", "ab]", "A",
                "Z", "z", "^", "[", "]", "-", "\\", "abc*", "aaaaaaaaaaaaaaab"};
        String[] patterns = {"*", "**", "?", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h\\*llo",
                "h\\?llo", "h[\\]]llo", "[", "[a", "[^", "a[", "[]]", "[]a]", "[a-]", "[a-]]", "[-a]", "[z-a]",
                "[A-z]", "[Z-a]", "\\", "a\\", "*\\", "[\\", "[a\\", "[\\a]", "*a*", "*b", "a*a*a*a*b", "a*?*b",
                "*[a-", "[^]", "[^]]", "[!a]", "h\\[e\\]llo", "h[[]e]llo", "h\\\\llo", "h\\llo", "abc\\*", "abc*",
                "*\\*", "[--]", "[^-]", "???", "?*?"};
        for (String subject : subjects) {
            diff.check("SET", subject, "v");
            for (String pattern : patterns) {
                diff.check("KEYS", pattern);
                diff.check("SCAN", "0", "MATCH", pattern);
            }
            diff.check("DEL", subject);
        }
    }

    @Test
    void randomGlobsMatchRedis() {
        Random random = new Random(7);
        char[] alphabet = {'a', 'b', 'A', 'B', '*', '?', '[', ']', '^', '-', '\\'};
        for (int round = 0; round < 150; round++) {
            String subject = randomString(random, new char[] {'a', 'b', 'A', '-', '[', ']', '*', '\\'}, 6);
            diff.check("SET", subject, "v");
            for (int i = 0; i < 12; i++) {
                diff.check("KEYS", randomString(random, alphabet, 8));
            }
            diff.check("DEL", subject);
        }
    }

    private static String randomString(Random random, char[] alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }

    /** A seeded random walk over five keys and two databases, comparing every reply. */
    @Test
    void randomSequenceMatchesRedis() {
        Random random = new Random(42);
        String[] keys = {"k0", "k1", "k2", "k3", "k4"};
        String[] values = {"1", "-7", "abc", "", "x".repeat(50), "12345678901234567890"};
        String[] options = {"NX", "XX", "GT", "LT"};
        for (int step = 0; step < 1500; step++) {
            String k = keys[random.nextInt(keys.length)];
            String other = keys[random.nextInt(keys.length)];
            List<String> cmd = new ArrayList<>();
            switch (random.nextInt(20)) {
                case 0, 1 -> cmd.addAll(List.of("SET", k, values[random.nextInt(values.length)]));
                case 2 -> cmd.addAll(List.of("GET", k));
                case 3 -> cmd.addAll(List.of(random.nextBoolean() ? "DEL" : "UNLINK", k, other));
                case 4 -> cmd.addAll(List.of("EXISTS", k, other, k));
                case 5 -> cmd.addAll(List.of("TYPE", k));
                case 6 -> cmd.addAll(List.of(random.nextBoolean() ? "RENAME" : "RENAMENX", k, other));
                case 7 -> {
                    cmd.addAll(List.of("COPY", k, other));
                    if (random.nextBoolean()) {
                        cmd.addAll(List.of("DB", String.valueOf(random.nextInt(2))));
                    }
                    if (random.nextBoolean()) {
                        cmd.add("REPLACE");
                    }
                }
                case 8 -> cmd.addAll(List.of("MOVE", k, String.valueOf(random.nextInt(3))));
                case 9, 10 -> {
                    // Relative deadlines only in the past (they delete); positive deadlines are absolute.
                    switch (random.nextInt(4)) {
                        case 0 -> cmd.addAll(List.of("EXPIRE", k, String.valueOf(-random.nextInt(3))));
                        case 1 -> cmd.addAll(List.of("PEXPIRE", k, String.valueOf(-random.nextInt(3))));
                        case 2 -> cmd.addAll(List.of("EXPIREAT", k,
                                String.valueOf(random.nextInt(4) == 0 ? 1 : FUTURE_SECONDS + random.nextInt(3))));
                        default -> cmd.addAll(List.of("PEXPIREAT", k,
                                String.valueOf(FUTURE_SECONDS * 1000 + random.nextInt(3000))));
                    }
                    if (random.nextInt(3) > 0) {
                        cmd.add(options[random.nextInt(options.length)]);
                    }
                    if (random.nextInt(8) == 0) {
                        cmd.add(options[random.nextInt(options.length)]);
                    }
                }
                case 11 -> cmd.addAll(List.of("PERSIST", k));
                case 12 -> cmd.addAll(List.of("EXPIRETIME", k));
                case 13 -> cmd.addAll(List.of("PEXPIRETIME", k));
                case 14 -> cmd.addAll(List.of("OBJECT", "ENCODING", k));
                case 15 -> cmd.addAll(List.of("KEYS", random.nextBoolean() ? k : "k[" + k.charAt(1) + "]"));
                case 16 -> cmd.addAll(List.of("TOUCH", k, other));
                case 17 -> cmd.add("DBSIZE");
                case 18 -> cmd.addAll(List.of("TTL", random.nextBoolean() ? k : "missing"));
                default -> cmd.addAll(List.of("SCAN", "0", "MATCH", k, "COUNT", "1000"));
            }
            if (cmd.get(0).equals("TTL") && hasDeadline(cmd.get(1))) {
                // A remaining time is not deterministic; its sign (-1 / -2 / positive) is covered elsewhere.
                continue;
            }
            diff.check(cmd.toArray(String[]::new));
        }
    }

    private static boolean hasDeadline(String key) {
        try (RawConnection c = redis.raw()) {
            c.command("PTTL", key);
            return !c.readReplyString().startsWith(":-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
