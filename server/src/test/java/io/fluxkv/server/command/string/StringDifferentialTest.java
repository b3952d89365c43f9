package io.fluxkv.server.command.string;

import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Key;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.testing.Differential;
import io.fluxkv.server.testing.DifferentialTestBase;
import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.RawConnection;
import io.fluxkv.server.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The string commands against a real redis-server 7.0.15, reply for reply and byte for byte: hand-picked edge cases
 * for every command and option, then a seeded random sequence over a few keys. TTL values are timing-dependent and
 * are checked by range in {@link StringCommandsTest}; here expiries are either far away or already past, so that
 * every reply is deterministic.
 */
class StringDifferentialTest extends DifferentialTestBase {
    /** Sets up non-string values on the Redis side (see {@link #holdNonString}). */
    static RawConnection redisControl;

    @BeforeAll
    static void openControl() {
        redisControl = redis.raw();
    }

    @AfterAll
    static void closeControl() throws Exception {
        redisControl.close();
    }

    /**
     * Makes {@code key} hold a non-string value on both sides: a list in Redis; on the node, whose list commands
     * are not part of this family, any value that is not a byte[] (which the string commands must treat as
     * WRONGTYPE) put straight into the store.
     */
    static void holdNonString(String key) {
        redisControl.command("RPUSH", key, "element");
        assertThat(redisControl.readReplyString()).startsWith(":");
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        Store store = node.node().store();
        int shard = Key.shardOf(bytes);
        store.lock(shard).lock();
        try {
            Database db = store.database(0);
            db.put(bytes, new Object());
        } finally {
            store.lock(shard).unlock();
        }
    }

    @Test
    void getAndSetOptions() {
        all(c("GET", "k"), c("SET", "k", "v"), c("GET", "k"), c("SET", "k", "v2", "NX"), c("SET", "k", "v3", "XX"),
                c("SET", "n", "v", "XX"), c("GET", "n"), c("SET", "n", "v", "NX"), c("SET", "k", "v", "NX", "XX"),
                c("SET", "k", "v", "XX", "NX"), c("SET", "k", "v", "NX", "NX"), c("SET", "k", "v", "xx", "xx"),
                c("SET", "k", "old", "GET"), c("SET", "k", "new", "GET"), c("SET", "g", "x", "GET"),
                c("SET", "k", "v", "NX", "GET"), c("SET", "g2", "v", "NX", "GET"), c("GET", "g2"),
                c("SET", "g3", "v", "XX", "GET"), c("GET", "g3"), c("SET", "k", "w", "XX", "GET", "GET"),
                c("SET", "k", "v", "EX", "0"), c("SET", "k", "v", "EX", "-1"), c("SET", "k", "v", "PX", "0"),
                c("SET", "k", "v", "EX", "abc"), c("SET", "k", "v", "EX", "1.5"), c("SET", "k", "v", "EX", ""),
                c("SET", "k", "v", "EX", "9223372036854775807"), c("SET", "k", "v", "EX", "9223372036854775"),
                c("SET", "k", "v", "EX", "9223372036854776"), c("SET", "k", "v", "PX", "9223372036854775807"),
                c("SET", "k", "v", "PX", "9223372036854775808"),
                c("SET", "k", "v", "PXAT", "9223372036854775807"), c("GET", "k"),
                c("SET", "k", "v", "EXAT", "9223372036854775"), c("SET", "k", "v", "EXAT", "9223372036854776"),
                c("SET", "k", "v", "EXAT", "0"), c("SET", "k", "v", "PXAT", "-5"), c("SET", "k", "v", "EX"),
                c("SET", "k", "v", "PX"), c("SET", "k", "v", "EX", "10", "PX", "10"),
                c("SET", "k", "v", "EX", "10", "EX", "20"), c("SET", "k", "v", "EX", "abc", "EX", "20"),
                c("SET", "k", "v", "PX", "10", "EXAT", "10"), c("SET", "k", "v", "KEEPTTL", "EX", "10"),
                c("SET", "k", "v", "EX", "10", "KEEPTTL"), c("SET", "k", "v", "KEEPTTL", "KEEPTTL"),
                c("SET", "k", "v", "KEEPTTL", "PXAT", "10"), c("SET", "k", "v", "PERSIST"),
                c("SET", "k", "v", "FOO"), c("SET", "k", "v", "EX", "0", "FOO"), c("SET", "k", "v", "FOO", "EX", "0"),
                c("set", "k", "v", "ex", "100", "nx"), c("set", "k", "v", "px", "100000", "xx", "get"),
                c("SET", "k", "v", "GET", "EX", "0"), c("SET", "k", "v", "KEEPTTL", "GET", "XX"),
                c("SET", "past", "v", "PXAT", "1"), c("GET", "past"), c("SET", "past", "v2", "NX"),
                c("GET", "past"), c("SET", "pastex", "v", "EXAT", "1", "GET"), c("GET", "pastex"),
                c("SET", "k", "v", "NXX"), c("SET", "k", "v", "N"), c("SET", "k", "v", "EXA", "1"));
        // Redis compares NUL-terminated option names: a NUL ends the option.
        d.check(bytes("SET"), bytes("k"), bytes("v"), bytes("NX\0junk"));
        d.check(bytes("SET"), bytes("z"), bytes("v"), bytes("xX\0"));
        d.check(bytes("SET"), bytes("k"), bytes("v"), bytes("\0NX"));
        d.check(bytes("SET"), bytes("k"), bytes("v"), bytes("ex\0"), bytes("100"));
        holdNonString("list");
        all(c("GET", "list"), c("SET", "list", "v", "GET"), c("SET", "list", "v", "NX", "GET"),
                c("SET", "list", "v", "EX", "0", "GET"), c("SET", "list", "v", "NX"), c("SET", "list", "v", "XX"),
                c("GET", "list"), c("SET", "list", "v", "GET"));
        all(c("GET"), c("SET", "k"), c("SET"));
    }

    @Test
    void setVariants() {
        all(c("SETNX", "k", "v"), c("SETNX", "k", "w"), c("GET", "k"), c("SETEX", "k", "100", "v"),
                c("SETEX", "k", "0", "v"), c("SETEX", "k", "-1", "v"), c("SETEX", "k", "x", "v"),
                c("SETEX", "k", "9223372036854775807", "v"), c("SETEX", "k", "9223372036854775", "v"),
                c("PSETEX", "k", "100000", "p"), c("GET", "k"), c("PSETEX", "k", "0", "v"),
                c("PSETEX", "k", "9223372036854775807", "v"), c("PSETEX", "k", "1.0", "v"), c("SETEX", "k", "1"),
                c("GETSET", "k", "a"), c("GETSET", "new", "b"), c("GET", "new"), c("GETDEL", "new"),
                c("GETDEL", "new"), c("GET", "new"));
        holdNonString("list");
        all(c("SETNX", "list", "v"), c("SETEX", "list", "100", "v"), c("GET", "list"));
        holdNonString("list2");
        all(c("GETSET", "list2", "v"), c("GETDEL", "list2"), c("GETEX", "list2"), c("GETEX", "list2", "EX", "0"),
                c("GETEX", "list2", "FOO"));
    }

    @Test
    void getex() {
        all(c("GETEX", "missing"), c("GETEX", "missing", "EX", "0"), c("GETEX", "missing", "EX", "abc"),
                c("GETEX", "missing", "FOO"), c("GETEX", "missing", "NX"), c("SET", "k", "v"), c("GETEX", "k"),
                c("GETEX", "k", "EX", "100"), c("GETEX", "k", "PX", "100000"), c("GETEX", "k", "EXAT", "9999999999"),
                c("GETEX", "k", "PXAT", "99999999999999"), c("GETEX", "k", "PERSIST"), c("GETEX", "k", "persist"),
                c("GETEX", "k", "EX", "0"), c("GETEX", "k", "EX", "-3"), c("GETEX", "k", "EX", "x"),
                c("GETEX", "k", "PX", "9223372036854775807"), c("GETEX", "k", "EX", "9223372036854775807"),
                c("GETEX", "k", "PERSIST", "EX", "10"), c("GETEX", "k", "EX", "10", "PERSIST"),
                c("GETEX", "k", "EX", "10", "PX", "10"), c("GETEX", "k", "EX", "10", "EX", "20"),
                c("GETEX", "k", "EX"), c("GETEX", "k", "KEEPTTL"), c("GETEX", "k", "GET"), c("GETEX", "k", "XX"),
                c("GETEX", "k", "PERSIST", "PERSIST"), c("GET", "k"), c("GETEX", "k", "PXAT", "1"), c("GET", "k"),
                c("SET", "k", "v"), c("GETEX", "k", "EXAT", "1"), c("GETEX", "k"), c("GETEX"));
    }

    @Test
    void multiKey() {
        all(c("MSET", "a", "1", "b", "2", "c", "3"), c("MGET", "a", "b", "c", "d"), c("MSET", "a"),
                c("MSET", "a", "1", "b"), c("MSET"), c("MSETNX", "a", "9", "z", "9"), c("MGET", "a", "z"),
                c("MSETNX", "x", "1", "y", "2"), c("MGET", "x", "y"), c("MSETNX", "x"), c("MSETNX", "p", "1", "q"),
                c("MSET", "a", "first", "a", "second"), c("GET", "a"), c("MSETNX", "m", "1", "m", "2"),
                c("GET", "m"), c("MGET", "a", "a", "missing"), c("MGET"));
        holdNonString("list");
        all(c("MGET", "a", "list", "b"), c("MSETNX", "list", "v", "new", "v"), c("GET", "new"),
                c("MSET", "list", "v"), c("GET", "list"));
    }

    @Test
    void counters() {
        all(c("INCR", "n"), c("INCR", "n"), c("DECR", "n"), c("DECR", "fresh"), c("INCRBY", "n", "10"),
                c("INCRBY", "n", "-100"), c("DECRBY", "n", "7"), c("DECRBY", "n", "-7"),
                c("INCRBY", "n", "abc"), c("INCRBY", "n", "1.0"), c("INCRBY", "n", "9223372036854775808"),
                c("INCRBY", "n", " 1"), c("INCRBY", "n", "+1"), c("INCRBY", "n", "01"), c("INCRBY", "n", "-0"),
                c("INCRBY", "n", ""), c("DECRBY", "n", "-9223372036854775808"),
                c("SET", "big", "9223372036854775807"), c("INCR", "big"), c("INCRBY", "big", "0"),
                c("DECR", "big"), c("SET", "small", "-9223372036854775808"), c("DECR", "small"), c("INCR", "small"),
                c("SET", "small", "-9223372036854775807"), c("DECR", "small"), c("DECR", "small"),
                c("SET", "z", "0"), c("INCRBY", "z", "-9223372036854775808"), c("DECRBY", "z", "9223372036854775807"),
                c("SET", "m1", "-1"), c("INCRBY", "m1", "-9223372036854775808"),
                c("SET", "s", "abc"), c("INCR", "s"), c("SET", "s", "1.5"), c("INCR", "s"), c("SET", "s", " 1"),
                c("INCR", "s"), c("SET", "s", "1 "), c("DECR", "s"), c("SET", "s", "01"), c("INCR", "s"),
                c("SET", "s", "-0"), c("INCR", "s"), c("SET", "s", ""), c("INCR", "s"),
                c("SET", "s", "99999999999999999999"), c("INCR", "s"), c("SET", "s", "-9223372036854775809"),
                c("DECR", "s"), c("INCR"), c("INCRBY", "n"), c("DECRBY", "n", "1", "2"));
        holdNonString("list");
        all(c("INCR", "list"), c("DECRBY", "list", "x"), c("INCRBY", "list", "1"), c("INCRBYFLOAT", "list", "1"),
                c("INCRBYFLOAT", "list", "x"));
    }

    @Test
    void incrbyfloat() {
        String[][] pairs = {
            {"0.1", "0.2"}, {"10.5", "0.1"}, {"1e20", "0"}, {"5.0e3", "0"}, {"1e30", "0"}, {"1e-20", "0"},
            {"0x10", "0.5"}, {"1", "1e4000"}, {"1", "1e5000"}, {"1", "inf"}, {"1", "-inf"}, {"1", "+Inf"},
            {"1", "INFINITY"}, {"1", "infinit"}, {"1", "1e-5000"}, {"0", "0e99999999999"}, {"1", "+.5"},
            {"1", "1."}, {"1", "."}, {"-0.000000000000000001", "0"}, {"1", "0x1p-3"}, {"1", "1e"}, {"1", "nan"},
            {"1", "NaN"}, {"1", "-0"}, {"3.0", "-3"}, {"1", "0X1.8P1"}, {"1.5", "1_0"}, {"1", "0x"}, {"1", "1e+"},
            {"1", "1d"}, {"1", "1f"}, {"1", " 1"}, {"1", "1 "}, {"1", ""}, {"abc", "1"}, {"", "1"},
            {"1.7976931348623157e308", "1.7976931348623157e308"}, {"1e4932", "1e4932"}, {"-1e4932", "-1e4932"},
            {"1.18e4932", "0"}, {"1.19e4932", "0"}, {"3.6e-4951", "0"}, {"1e-4951", "0"}, {"1e-4952", "0"},
            {"0.1", "-0.1"}, {"-0", "-0"}, {"0.000000000000000005", "0"}, {"0.000000000000000015", "0"},
            {"-0.000000000000000006", "0"}, {"123456789012345678901234567890", "0.5"}, {"1.5", "1e-17"},
            {"0.1", "0.7"}, {"3", "1e-17"}, {"9007199254740993", "0"}, {"18446744073709551617", "0"},
            {"0x1.fffffffffffffffep0", "0"}, {"0x1.ffffffffffffffffp0", "0"}, {"1e400", "-1e400"},
            {"5", "-5.000000000000000000000001"}, {"1E2", "1E-2"}, {"-.5e1", "+5E+0"},
            {"00000000000000000000000000000000000000001.5", "0"}, {"0.0000000000000000000000000000000000000001", "1"},
            {"2.5e-17", "0"}, {"7.5e-17", "0"}, {"1", "0x1p16383"}, {"1", "0x1p16384"}, {"1", "0x1p-16445"},
            {"1", "0x1p-16446"}, {"0x1p-18", "0"}, {"-0x1p-18", "0"}, {"0x3p-18", "0"}, {"0x1p-57", "0"},
            {"3.814697265625e-6", "0"}, {"1", "0x.8p1"}, {"1", "0xp1"}, {"1", "0x1p"}, {"1", "e5"}, {"1", "1e5x"},
        };
        for (String[] pair : pairs) {
            d.check("SET", "f", pair[0]);
            d.check("INCRBYFLOAT", "f", pair[1]);
            d.check("GET", "f");
            d.check("INCRBYFLOAT", "missing" + pair[0], pair[1]);
        }
        all(c("INCRBYFLOAT", "acc", "0.1"), c("INCRBYFLOAT", "acc", "0.1"), c("INCRBYFLOAT", "acc", "0.1"),
                c("INCRBYFLOAT", "acc", "-0.3"), c("INCRBYFLOAT", "acc", "1e-300"), c("INCRBYFLOAT", "f"));
        d.check(bytes("INCRBYFLOAT"), bytes("f"), bytes("1\0"));
        d.check(bytes("INCRBYFLOAT"), bytes("f"), ("1" + "0".repeat(5200)).getBytes(StandardCharsets.US_ASCII));
        d.check(bytes("INCRBYFLOAT"), bytes("f"), ("1" + "0".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
        d.check(bytes("INCRBYFLOAT"), bytes("f"), ("0." + "0".repeat(4000) + "1e4000")
                .getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void appendStrlenRanges() {
        all(c("APPEND", "k", "abc"), c("APPEND", "k", "def"), c("APPEND", "k", ""), c("APPEND", "e", ""),
                c("GET", "e"), c("STRLEN", "k"), c("STRLEN", "missing"), c("SET", "num", "12345"),
                c("APPEND", "num", "6"), c("INCR", "num"), c("STRLEN", "num"));
        long[] indexes = {0, 1, 2, 5, 6, 100, -1, -2, -6, -7, -100, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long start : indexes) {
            for (long end : indexes) {
                d.check("GETRANGE", "k", Long.toString(start), Long.toString(end));
            }
        }
        all(c("GETRANGE", "missing", "0", "-1"), c("SUBSTR", "k", "1", "3"), c("SUBSTR", "missing", "0", "1"),
                c("GETRANGE", "k", "a", "1"), c("GETRANGE", "k", "0", "1.0"), c("GETRANGE", "missing", "x", "1"),
                c("GETRANGE", "e", "0", "-1"), c("GETRANGE", "e", "-1", "0"), c("GETRANGE", "k", "0"),
                c("SETRANGE", "k", "1", "XY"), c("GET", "k"), c("SETRANGE", "k", "10", "Z"), c("GET", "k"),
                c("SETRANGE", "k", "0", ""), c("SETRANGE", "new", "5", "hi"), c("GET", "new"),
                c("SETRANGE", "new2", "5", ""), c("GET", "new2"), c("SETRANGE", "k", "-1", "x"),
                c("SETRANGE", "k", "x", "x"), c("SETRANGE", "k", "-1", ""), c("SETRANGE", "missing", "-1", ""),
                c("SETRANGE", "k", "536870912", "x"), c("SETRANGE", "k", "536870911", "xy"),
                c("SETRANGE", "k", "9223372036854775807", "x"), c("SETRANGE", "k", "9223372036854775807", ""),
                c("SETRANGE", "missing", "536870912", "x"), c("SETRANGE", "missing", "536870912", ""),
                c("SETRANGE", "k", "9223372036854775808", "x"), c("STRLEN", "k"), c("SETRANGE", "k", "1"));
        holdNonString("list");
        all(c("APPEND", "list", "x"), c("APPEND", "list", ""), c("STRLEN", "list"),
                c("GETRANGE", "list", "0", "-1"), c("GETRANGE", "list", "x", "-1"), c("SETRANGE", "list", "0", "x"),
                c("SETRANGE", "list", "0", ""), c("SETRANGE", "list", "-1", "x"));
    }

    @Test
    void stringSizeLimitWithSmallProtoMaxBulkLen() throws Exception {
        try (NodeFixture small = NodeFixture.start("proto-max-bulk-len", "1mb");
             RedisServerProcess smallRedis = RedisServerProcess.start("--proto-max-bulk-len", "1mb");
             Differential s = new Differential(smallRedis, small)) {
            String half = "x".repeat(600 * 1024);
            s.check("SET", "k", half);
            s.check("APPEND", "k", half);
            s.check("STRLEN", "k");
            s.check("SETRANGE", "k", "1048575", "y");
            s.check("SETRANGE", "k", "1048576", "y");
            s.check("SETRANGE", "k", "1048575", "yz");
            s.check("STRLEN", "k");
            s.check("APPEND", "k", "x".repeat(1048576 - 600 * 1024 - 1));
            s.check("STRLEN", "k");
            s.check("APPEND", "k", "z");
            s.check("SET", "a", "x".repeat(600));
            s.check("SET", "b", "y".repeat(600));
            s.check("LCS", "a", "b");
            s.check("SET", "b", "y".repeat(200));
            s.check("LCS", "a", "b", "LEN");
        }
    }

    @Test
    void lcs() {
        all(c("MSET", "key1", "ohmytext", "key2", "mynewtext"), c("LCS", "key1", "key2"),
                c("LCS", "key1", "key2", "LEN"), c("LCS", "key1", "key2", "IDX"),
                c("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"), c("LCS", "key1", "key2", "IDX", "WITHMATCHLEN"),
                c("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"),
                c("LCS", "key1", "key2", "idx", "minmatchlen", "-5", "withmatchlen"),
                c("LCS", "key1", "key2", "IDX", "LEN"), c("LCS", "key1", "key2", "LEN", "IDX"),
                c("LCS", "key1", "key2", "LEN", "LEN"), c("LCS", "key1", "key2", "MINMATCHLEN"),
                c("LCS", "key1", "key2", "MINMATCHLEN", "x"), c("LCS", "key1", "key2", "MINMATCHLEN", "2", "LEN"),
                c("LCS", "key1", "key2", "FOO"), c("LCS", "key1", "missing"), c("LCS", "missing", "key2", "IDX"),
                c("LCS", "missing", "missing2", "LEN"), c("LCS", "key1", "key1", "IDX", "WITHMATCHLEN"),
                c("LCS", "key1"), c("MSET", "a", "abcabcabc", "b", "cbacbacba"), c("LCS", "a", "b", "IDX"),
                c("LCS", "b", "a", "IDX", "WITHMATCHLEN"), c("LCS", "a", "b"), c("SET", "e", ""),
                c("LCS", "e", "a", "IDX"), c("LCS", "e", "e"));
        holdNonString("list");
        all(c("LCS", "key1", "list"), c("LCS", "list", "key1", "FOO"), c("LCS", "missing", "list", "LEN"));
    }

    /** RESP3: nulls are "_" and LCS IDX is a map. HELLO's own reply differs (ids, versions) and is not compared. */
    @Test
    void resp3Replies() throws Exception {
        String[][] commands = {
            {"MSET", "key1", "ohmytext", "key2", "mynewtext"}, {"GET", "missing"}, {"MGET", "key1", "missing"},
            {"SET", "k", "v", "NX"}, {"SET", "missing", "v", "XX"}, {"SET", "missing", "v", "GET"},
            {"GETEX", "nothing"}, {"GETDEL", "nothing"}, {"INCRBYFLOAT", "f", "1.5"},
            {"LCS", "key1", "key2", "IDX"}, {"LCS", "key1", "key2", "IDX", "WITHMATCHLEN", "MINMATCHLEN", "2"},
            {"LCS", "key1", "key2", "LEN"}, {"LCS", "key1", "key2"},
        };
        assertResp3RepliesMatch(commands);
    }

    @Test
    void binarySafeValues() {
        byte[][] values = {
            {0}, {'\r', '\n'}, {'a', 0, 'b', '\r', '\n', 'c'}, {(byte) 0xff, (byte) 0xfe, (byte) 0x80},
            {(byte) 0xc3, (byte) 0x28}, {}, "plain".getBytes(StandardCharsets.US_ASCII),
        };
        byte[] key = {'k', 0, (byte) 0xff, '\r', '\n'};
        for (byte[] value : values) {
            d.check(bytes("SET"), key, value);
            d.check(bytes("GET"), key);
            d.check(bytes("APPEND"), key, value);
            d.check(bytes("STRLEN"), key);
            d.check(bytes("GETRANGE"), key, bytes("1"), bytes("-2"));
            d.check(bytes("SETRANGE"), key, bytes("3"), value);
            d.check(bytes("MGET"), key, bytes("other"), key);
            d.check(bytes("GETSET"), key, value);
            d.check(bytes("LCS"), key, bytes("other"));
            d.check(bytes("SET"), bytes("other"), value, bytes("GET"));
            d.check(bytes("LCS"), key, bytes("other"), bytes("IDX"), bytes("WITHMATCHLEN"));
            d.check(bytes("GETDEL"), key);
            d.check(bytes("INCR"), value);
            d.check(bytes("INCRBYFLOAT"), bytes("f"), value);
        }
    }

    /** A seeded random walk over a handful of keys through every string command, compared reply for reply. */
    @Test
    void randomSequence() {
        Random random = new Random(20240607);
        String[] keys = {"a", "b", "c", "d", "{x}e", "f"};
        String[] values = {"", "0", "1", "-1", "42", "9223372036854775806", "-9223372036854775807", "3.14", "1e3",
            "abc", "hello world", "x\r\ny", "0x10", " 7", "-0", "007", "0.1", "inf"};
        int commands = 0;
        while (commands < 2000) {
            List<String> cmd = new ArrayList<>();
            String key = pick(random, keys);
            switch (random.nextInt(24)) {
                case 0 -> addAll(cmd, "GET", key);
                case 1 -> {
                    addAll(cmd, "SET", key, pick(random, values));
                    addSetOptions(random, cmd, true);
                }
                case 2 -> addAll(cmd, "SETNX", key, pick(random, values));
                case 3 -> addAll(cmd, "SETEX", key, pick(random, "100", "0", "-1", "abc", "1000000"),
                        pick(random, values));
                case 4 -> addAll(cmd, "PSETEX", key, pick(random, "100000", "0", "x"), pick(random, values));
                case 5 -> addAll(cmd, "GETSET", key, pick(random, values));
                case 6 -> addAll(cmd, "GETDEL", key);
                case 7 -> {
                    addAll(cmd, "GETEX", key);
                    addSetOptions(random, cmd, false);
                }
                case 8 -> {
                    cmd.add("MGET");
                    for (int i = random.nextInt(4); i >= 0; i--) {
                        cmd.add(pick(random, keys));
                    }
                }
                case 9, 10 -> {
                    cmd.add(random.nextBoolean() ? "MSET" : "MSETNX");
                    for (int i = random.nextInt(3); i >= 0; i--) {
                        addAll(cmd, pick(random, keys), pick(random, values));
                    }
                    if (random.nextInt(10) == 0) {
                        cmd.remove(cmd.size() - 1);
                    }
                }
                case 11 -> addAll(cmd, "INCR", key);
                case 12 -> addAll(cmd, "DECR", key);
                case 13 -> addAll(cmd, "INCRBY", key, pick(random, values));
                case 14 -> addAll(cmd, "DECRBY", key, pick(random, values));
                case 15, 16 -> addAll(cmd, "INCRBYFLOAT", key, random.nextInt(3) == 0 ? pick(random, values)
                        : randomFloat(random));
                case 17 -> addAll(cmd, "APPEND", key, pick(random, values));
                case 18 -> addAll(cmd, "STRLEN", key);
                case 19 -> addAll(cmd, random.nextBoolean() ? "GETRANGE" : "SUBSTR", key, randomIndex(random),
                        randomIndex(random));
                case 20 -> addAll(cmd, "SETRANGE", key, pick(random, "0", "1", "3", "10", "-1", "x"),
                        pick(random, values));
                case 21 -> {
                    addAll(cmd, "LCS", key, pick(random, keys));
                    for (int i = random.nextInt(4); i > 0; i--) {
                        String opt = pick(random, "LEN", "IDX", "IDX", "WITHMATCHLEN", "MINMATCHLEN", "FOO");
                        cmd.add(opt);
                        if (opt.equals("MINMATCHLEN") && random.nextInt(5) > 0) {
                            cmd.add(pick(random, "0", "1", "2", "-1", "x"));
                        }
                    }
                }
                case 22 -> addAll(cmd, "SET", key, pick(random, values), "PXAT", "1");
                default -> addAll(cmd, "SET", key, Long.toString(random.nextLong() % 1000));
            }
            d.check(cmd.toArray(new String[0]));
            commands++;
        }
        for (String key : keys) {
            d.check("GET", key);
        }
    }

    private static void addSetOptions(Random random, List<String> cmd, boolean forSet) {
        String[] options = forSet
                ? new String[] {"NX", "XX", "GET", "KEEPTTL", "EX", "PX", "EXAT", "PXAT", "PERSIST", "nx", "get"}
                : new String[] {"EX", "PX", "EXAT", "PXAT", "PERSIST", "persist", "NX", "KEEPTTL"};
        for (int i = random.nextInt(4); i > 0; i--) {
            String opt = pick(random, options);
            cmd.add(opt);
            boolean timed = opt.equals("EX") || opt.equals("PX") || opt.equals("EXAT") || opt.equals("PXAT");
            if (timed && random.nextInt(8) > 0) {
                cmd.add(switch (opt) {
                    case "EX" -> pick(random, "1000", "0", "-5", "abc");
                    case "PX" -> pick(random, "1000000", "0");
                    case "EXAT" -> pick(random, "99999999999", "1", "0");
                    default -> pick(random, "99999999999999", "1", "9223372036854775807");
                });
            }
        }
    }

    /** A float in one of the notations strtold accepts, sometimes with a large or tiny exponent. */
    private static String randomFloat(Random random) {
        StringBuilder s = new StringBuilder();
        if (random.nextBoolean()) {
            s.append('-');
        }
        s.append(random.nextInt(random.nextBoolean() ? 10 : 1_000_000));
        if (random.nextInt(4) > 0) {
            s.append('.');
            for (int i = random.nextInt(25); i > 0; i--) {
                s.append(random.nextInt(10));
            }
        }
        if (random.nextInt(4) == 0) {
            s.append('e').append(random.nextInt(41) - 20);
        }
        return s.toString();
    }

    private static String randomIndex(Random random) {
        return Integer.toString(random.nextInt(30) - 15);
    }

    private static void addAll(List<String> cmd, String... args) {
        cmd.addAll(List.of(args));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
