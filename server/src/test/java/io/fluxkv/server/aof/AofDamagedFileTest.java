package io.fluxkv.server.aof;

import io.fluxkv.server.Node;
import io.fluxkv.server.testing.AofLines;
import io.fluxkv.server.testing.AofNode;
import io.fluxkv.server.testing.DataDump;
import io.fluxkv.server.testing.LogCapture;
import io.fluxkv.server.testing.NodeFixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What start-up does with a damaged file: a torn last record or an unfinished transaction at the end is cut off
 * (with a warning) and the node goes on appending after the good part; a bad line before the end stops the node
 * with exit status 1 and leaves the file as it was, for the user to decide.
 */
class AofDamagedFileTest {
    @TempDir
    Path dir;

    @Test
    void tornLastRecordIsCutOffAndNewWritesAppendAfterTheGoodPart() throws Exception {
        Path file = writeGoodFile();
        long goodLength = Files.size(file);
        DataDump good = dumpOf(file);
        byte[] record = AofLines.record(0, "set", "torn", "never-acknowledged");
        Files.write(file, Arrays.copyOf(record, record.length / 2), StandardOpenOption.APPEND);

        try (LogCapture log = LogCapture.of(AofLoader.class); AofNode node = AofNode.start(dir)) {
            assertThat(log.messages()).as("a warning naming where the file was cut")
                    .anyMatch(m -> m.startsWith("WARN") && m.contains("offset " + goodLength));
            assertThat(AofLines.recordBytes(file)).isEqualTo(goodLength);
            node.dump().assertSameAs(good, "after loading a file with a torn tail");

            node.jedis().set("after", "restart");
            node.jedis().rpush("list", "appended");
            DataDump expected = node.dump();
            assertThat(expected.get(0, "after")).isNotNull();
            node.restart().dump().assertSameAs(expected, "after a second restart");
        }
    }

    /** A transaction whose exec never made it, or was torn, is dropped whole: replay applies all of one or none. */
    @ParameterizedTest(name = "exec {0}")
    @ValueSource(strings = {"missing", "torn"})
    void transactionWithoutACompleteExecAtTheEndIsDropped(String exec) throws Exception {
        Path file = writeGoodFile();
        long goodLength = Files.size(file);
        DataDump good = dumpOf(file);
        ByteArrayOutputStream unfinished = new ByteArrayOutputStream();
        unfinished.writeBytes(AofLines.record(0, "multi", null));
        unfinished.writeBytes(AofLines.record(0, "set", "tx:1", "a"));
        unfinished.writeBytes(AofLines.record(0, "rpush", "list", "tx"));
        if (exec.equals("torn")) {
            byte[] execLine = AofLines.record(0, "exec", null);
            unfinished.write(execLine, 0, execLine.length - 1);
        }
        Files.write(file, unfinished.toByteArray(), StandardOpenOption.APPEND);

        try (LogCapture log = LogCapture.of(AofLoader.class); AofNode node = AofNode.start(dir)) {
            assertThat(log.messages()).anyMatch(m -> m.startsWith("WARN") && m.contains("offset " + goodLength));
            assertThat(AofLines.recordBytes(file)).isEqualTo(goodLength);
            node.dump().assertSameAs(good, "after dropping the unfinished transaction");

            node.jedis().set("after", "restart");
            DataDump expected = node.dump();
            node.restart().dump().assertSameAs(expected, "after a second restart");
        }
    }

    @Test
    void corruptRecordBeforeTheEndStopsTheNodeWithExitStatusOneAndLeavesTheFileAlone() throws Exception {
        Path file = writeGoodFile();
        byte[] bytes = Files.readAllBytes(file);
        int thirdLineStart = nthLineStart(bytes, 3);
        // The third line (second record) loses a closing brace: invalid JSON, yet complete with its '\n'.
        int thirdLineEnd = nthLineStart(bytes, 4) - 1;
        byte[] damaged = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, damaged, 0, thirdLineEnd - 1);
        System.arraycopy(bytes, thirdLineEnd, damaged, thirdLineEnd - 1, bytes.length - thirdLineEnd);
        Files.write(file, damaged);

        try (LogCapture log = LogCapture.of("io.fluxkv.server");
             NodeFixture fixture = NodeFixture.start("appendonly", "yes", "dir", dir.toString())) {
            Node node = fixture.node();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(node::stopping);
            node.awaitStop();
            assertThat(node.exitStatus()).isEqualTo(1);
            assertThat(log.messages()).anyMatch(m -> m.contains("line 3") && m.contains("byte offset "
                    + thirdLineStart) && m.contains("aof-tools fix"));
            assertThat(Files.readAllBytes(file)).as("the file is not touched").isEqualTo(damaged);
        }
    }

    /** A file that is only the start of a header (the node died creating it) holds nothing: start afresh. */
    @Test
    void tornHeaderIsAnEmptyFileThatStartsAfresh() throws Exception {
        Path file = dir.resolve("appendonly.aof");
        Files.writeString(file, "{\"flux-aof\":1,\"cre");

        try (AofNode node = AofNode.start(dir)) {
            assertThat(node.jedis().dbSize()).isZero();
            node.jedis().set("k", "v");
            assertThat(Files.readString(file)).startsWith("{\"flux-aof\":1,\"created\":").contains("\"k\"");
            assertThat(node.restart().jedis().get("k")).isEqualTo("v");
        }
    }

    /** Not an AOF of ours (a Redis RESP AOF, a future version): refused, the node stops, the file stays. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n", "{\"flux-aof\":2,\"created\":1767225600000}\n"})
    void fileThatIsNotAnAofOfThisVersionStopsTheNode(String content) throws Exception {
        Path file = dir.resolve("appendonly.aof");
        Files.writeString(file, content);

        try (NodeFixture fixture = NodeFixture.start("appendonly", "yes", "dir", dir.toString())) {
            Node node = fixture.node();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(node::stopping);
            node.awaitStop();
            assertThat(node.exitStatus()).isEqualTo(1);
            assertThat(Files.readString(file)).isEqualTo(content);
        }
    }

    /** A file the node wrote itself: a few keys of several types. */
    private Path writeGoodFile() {
        try (AofNode node = AofNode.start(dir)) {
            Jedis jedis = node.jedis();
            jedis.set("string", "value");
            jedis.rpush("list", "a", "b");
            jedis.hset("hash", "f", "v");
            jedis.zadd("zset", 1.5, "m");
            jedis.sadd("set", "1", "2");
            jedis.incr("counter");
            return node.aofFile();
        }
    }

    /** What the node holds after loading {@code file} (a copy, so the file under test stays as it is). */
    private static DataDump dumpOf(Path file) throws IOException {
        Path copy = Files.createTempDirectory("aof-copy");
        try {
            Files.copy(file, copy.resolve("appendonly.aof"));
            try (AofNode node = AofNode.start(copy)) {
                DataDump dump = node.dump();
                assertThat(dump.size()).isEqualTo(6);
                return dump;
            }
        } finally {
            try (var files = Files.list(copy)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(copy);
        }
    }

    /** The offset where the {@code n}th line (1-based) starts. */
    private static int nthLineStart(byte[] bytes, int n) {
        int line = 1;
        for (int i = 0; i < bytes.length && line < n; i++) {
            if (bytes[i] == '\n') {
                line++;
                if (line == n) {
                    return i + 1;
                }
            }
        }
        if (n == 1) {
            return 0;
        }
        throw new IllegalArgumentException("no line " + n);
    }
}
