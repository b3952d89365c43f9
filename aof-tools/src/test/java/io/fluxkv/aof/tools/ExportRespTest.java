package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.fluxkv.aof.tools.AofFiles.T0;
import static io.fluxkv.aof.tools.AofFiles.exec;
import static io.fluxkv.aof.tools.AofFiles.multi;
import static io.fluxkv.aof.tools.AofFiles.raw;
import static io.fluxkv.aof.tools.AofFiles.record;
import static io.fluxkv.aof.tools.AofFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exported RESP loaded into a real redis-server, both ways users load it: {@code redis-cli --pipe} into a
 * running server, and as the appendonly.aof a server reads at start-up. The dataset must come out as the records
 * describe it: binary keys and values, expiry deadlines, every db, swapdb, flushdb, transactions.
 */
class ExportRespTest {

    private static final long HOUR = 3_600_000L;
    private static final byte[] BINARY_KEY = {(byte) 0xff, 0, 'k'};
    private static final int BINARY_DB = 5;

    @TempDir
    Path dir;

    private final long seed = new Random().nextLong();
    private final Random random = new Random(seed);
    private final Map<ByteBuffer, byte[]> binaryDb = new LinkedHashMap<>();
    private byte[] bigValue;
    private long deadline;
    private Path aof;

    @BeforeEach
    void writeAof() throws IOException {
        deadline = System.currentTimeMillis() + HOUR;
        bigValue = AofFiles.randomBytes(random, 300_000);
        List<AofRecord> records = new ArrayList<>(List.of(
                record(T0, 0, "set", "user:1", "Zoë", "PXAT", Long.toString(deadline)),
                record(T0, 0, "set", "gone", "v", "PXAT", Long.toString(T0)),
                record(T0, 0, "rpush", "queue", "a", "line\nbreak", ""),
                raw(T0, 0, "hset", BINARY_KEY, utf8("field"), new byte[] {(byte) 0xc3}, utf8("big"), bigValue),
                record(T0, 0, "sadd", "tags", "x", "y", "z"),
                record(T0, 0, "zadd", "board", "1.5", "alice", "2", "bob"),
                record(T0, 0, "set", "kept", "v"),
                record(T0, 0, "pexpireat", "kept", Long.toString(deadline)),
                record(T0, 0, "set", "deleted", "v"),
                record(T0, 0, "del", "deleted"),
                record(T0, 2, "set", "two:a", "1"),
                record(T0, 2, "set", "swapped", "1"),
                record(T0, 2, "swapdb", null, "2", "3"),
                multi(T0, 1),
                record(T0, 1, "set", "tx:a", "1"),
                record(T0, 1, "rpush", "tx:l", "a", "b"),
                exec(T0, 1),
                record(T0, 4, "set", "f", "1"),
                record(T0, 4, "flushdb", null)));
        for (AofRecord set : AofFiles.binarySets(random, 100)) {
            records.add(new AofRecord(set.ts(), BINARY_DB, set.op(), set.key(), set.args()));
            binaryDb.put(ByteBuffer.wrap(set.key()), set.args().get(0));
        }
        records.add(record(T0, 0, "set", "last", "1"));
        aof = AofFiles.write(dir.resolve("node.aof"), records);
    }

    @Test
    void loadsThroughRedisCliPipe() throws Exception {
        Path resp = dir.resolve("node.resp");
        ToolRun export = ToolRun.of("export-resp", aof, "-o", resp);
        assertThat(export.exitCode()).as("%s", export).isEqualTo(ExitCodes.OK);

        Path serverDir = Files.createDirectory(dir.resolve("pipe"));
        try (RedisServer redis = RedisServer.start(serverDir); Jedis jedis = redis.client()) {
            Path cliOutput = dir.resolve("cli.out");
            Process cli = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(redis.port()),
                    "--pipe").redirectInput(resp.toFile()).redirectErrorStream(true)
                    .redirectOutput(cliOutput.toFile()).start();
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("redis-cli --pipe finished").isTrue();
            String output = Files.readString(cliOutput);
            assertThat(cli.exitValue()).as("redis-cli exit status; output:\n%s", output).isZero();
            assertThat(output).contains("errors: 0");
            assertDataset(jedis);
        }
    }

    @Test
    void loadsAsTheAppendOnlyFileOfARedisServerAtStartUp() throws Exception {
        Path serverDir = Files.createDirectory(dir.resolve("aof"));
        ToolRun export = ToolRun.of("export-resp", aof, "-o", serverDir.resolve("appendonly.aof"));
        assertThat(export.exitCode()).as("%s", export).isEqualTo(ExitCodes.OK);

        try (RedisServer redis = RedisServer.start(serverDir, "--appendonly", "yes", "--appendfilename",
                "appendonly.aof"); Jedis jedis = redis.client()) {
            assertDataset(jedis);
        }
    }

    @Test
    void standardOutputGetsTheSameBytesAsTheOutputFile() throws IOException {
        Path resp = dir.resolve("node.resp");
        ToolRun toFile = ToolRun.of("export-resp", aof, "-o", resp);
        ToolRun toStdout = ToolRun.of("export-resp", aof);

        assertThat(toStdout.exitCode()).as("%s", toStdout).isEqualTo(ExitCodes.OK);
        assertThat(toFile.stdout()).isEmpty();
        assertThat(toStdout.stdout()).isEqualTo(Files.readAllBytes(resp));
    }

    @Test
    void unfinishedTransactionIsLeftOutAndReported() throws IOException {
        Path torn = AofFiles.write(dir.resolve("torn.aof"), List.of(record(T0, 0, "set", "a", "1"),
                multi(T0, 0), record(T0, 0, "set", "b", "1")));

        ToolRun run = ToolRun.of("export-resp", torn);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.TORN);
        assertThat(run.out()).isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n");
        assertThat(run.stderr()).contains("aof-tools export-resp: ").contains("transaction")
                .contains("only the records before byte offset " + AofFiles.lineStarts(torn).get(2));
    }

    @Test
    void refusesToWriteOverItsInput() throws IOException {
        byte[] before = Files.readAllBytes(aof);

        ToolRun run = ToolRun.of("export-resp", aof, "-o", aof);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.readAllBytes(aof)).isEqualTo(before);
    }

    private void assertDataset(Jedis jedis) {
        jedis.select(0);
        assertThat(jedis.get("user:1")).isEqualTo("Zoë");
        assertThat(jedis.pttl("user:1")).isBetween(1L, HOUR);
        assertThat(jedis.exists("gone")).as("set with a PXAT in the past").isFalse();
        assertThat(jedis.lrange("queue", 0, -1)).containsExactly("a", "line\nbreak", "");
        Map<String, String> hash = latin1(jedis.hgetAll(BINARY_KEY));
        assertThat(hash).containsOnlyKeys("field", "big");
        assertThat(hash.get("field")).isEqualTo("\u00c3");
        assertThat(jedis.hget(BINARY_KEY, utf8("big"))).isEqualTo(bigValue);
        assertThat(jedis.smembers("tags")).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(jedis.zscore("board", "alice")).isEqualTo(1.5);
        assertThat(jedis.zscore("board", "bob")).isEqualTo(2.0);
        assertThat(jedis.pexpireTime("kept")).isEqualTo(deadline);
        assertThat(jedis.exists("deleted")).isFalse();
        assertThat(jedis.get("last")).isEqualTo("1");
        jedis.select(1);
        assertThat(jedis.get("tx:a")).isEqualTo("1");
        assertThat(jedis.lrange("tx:l", 0, -1)).containsExactly("a", "b");
        jedis.select(2);
        assertThat(jedis.dbSize()).as("db 2 after swapdb 2 3").isZero();
        jedis.select(3);
        assertThat(jedis.get("two:a")).isEqualTo("1");
        assertThat(jedis.get("swapped")).isEqualTo("1");
        jedis.select(4);
        assertThat(jedis.dbSize()).as("db 4 after flushdb").isZero();
        jedis.select(BINARY_DB);
        assertThat(jedis.dbSize()).as("seed %d", seed).isEqualTo(binaryDb.size());
        binaryDb.forEach((key, value) ->
                assertThat(jedis.get(key.array())).as("seed %d", seed).isEqualTo(value));
    }

    private static Map<String, String> latin1(Map<byte[], byte[]> map) {
        return map.entrySet().stream().collect(Collectors.toMap(e -> latin1(e.getKey()), e -> latin1(e.getValue())));
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
