package io.fluxkv.server.aof;

import io.fluxkv.server.testing.AofLines;
import io.fluxkv.server.testing.AofNode;
import io.fluxkv.server.testing.DataDump;
import io.fluxkv.server.testing.LogCapture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The zeros a node keeps ahead of its records (so that fsync has no file size to carry), and what becomes of them. */
class AofReservedSpaceTest {
    @TempDir
    Path dir;
    @TempDir
    Path crashed;

    @Test
    void aRunningNodeWritesOverZerosAndAStopCutsThemOff() throws Exception {
        try (AofNode node = AofNode.start(dir, "appendfsync", "always")) {
            Jedis jedis = node.jedis();
            writeMany(jedis, 0);
            Path file = node.aofFile();
            awaitReservedZeros(file);

            byte[] bytes = Files.readAllBytes(file);
            long records = AofLines.recordBytes(file);
            assertThat(bytes[(int) records - 1]).as("the records end with a whole line").isEqualTo((byte) '\n');
            assertThat(Arrays.copyOfRange(bytes, (int) records, bytes.length)).as("after the records")
                    .containsOnly((byte) 0);
            assertThat(node.infoNumber("aof_current_size")).isEqualTo(records);

            DataDump expected = node.dump();
            node.stop();
            assertThat(Files.size(file)).as("a clean stop leaves only records").isEqualTo(records);
            node.startAgain().dump().assertSameAs(expected, "after a clean stop");
        }
    }

    /** A copy of the live file is what a crash leaves: the node loads its records and cuts the zeros. */
    @Test
    void aFileWithZerosAfterItsRecordsLoadsAndIsCut() throws Exception {
        DataDump expected;
        try (AofNode node = AofNode.start(dir, "appendfsync", "always")) {
            writeMany(node.jedis(), 0);
            Path file = node.aofFile();
            awaitReservedZeros(file);
            expected = node.dump();
            Files.copy(file, crashed.resolve(file.getFileName()));
        }
        Path copy = crashed.resolve("appendonly.aof");
        long records = AofLines.recordBytes(copy);
        long zeros = Files.size(copy) - records;

        try (LogCapture log = LogCapture.of(AofLoader.class); AofNode node = AofNode.start(crashed)) {
            node.dump().assertSameAs(expected, "loaded from a file with reserved zeros");
            assertThat(log.messages()).anyMatch(m -> m.startsWith("INFO") && m.contains(zeros + " bytes of reserved"));
            assertThat(node.infoNumber("aof_current_size")).isEqualTo(records);

            writeMany(node.jedis(), 1);
            DataDump more = node.dump();
            node.restart().dump().assertSameAs(more, "records written after the cut, then a restart");
        }
    }

    /** Until the background thread has put zeros after the records. */
    private static void awaitReservedZeros(Path file) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(file) > AofLines.recordBytes(file));
    }

    private static void writeMany(Jedis jedis, int round) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < 2000; i++) {
            pipeline.set("key:" + round + ":" + i, "value-" + i);
            pipeline.rpush("list:" + round, "item-" + i);
        }
        pipeline.sync();
    }
}
