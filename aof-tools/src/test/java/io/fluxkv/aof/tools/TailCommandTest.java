package io.fluxkv.aof.tools;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fluxkv.aof.tools.AofFiles.T0;
import static io.fluxkv.aof.tools.AofFiles.exec;
import static io.fluxkv.aof.tools.AofFiles.multi;
import static io.fluxkv.aof.tools.AofFiles.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TailCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Following following;

    @AfterEach
    void stopFollowing() throws InterruptedException {
        if (following != null) {
            following.stop();
        }
    }

    @Test
    void printsTheLastRecordsAsCatDoes() throws IOException {
        Path file = AofFiles.write(dir.resolve("node.aof"), AofFiles.sets(25));

        ToolRun byDefault = ToolRun.of("tail", file);
        ToolRun three = ToolRun.of("tail", "-n", "3", file);

        assertThat(byDefault.exitCode()).as("%s", byDefault).isEqualTo(ExitCodes.OK);
        assertThat(byDefault.lines()).hasSize(10);
        assertThat(byDefault.lines().get(0)).isEqualTo("2026-01-01T00:00:01.015Z db=0 SET key:15 value-15");
        assertThat(three.lines()).containsExactly(
                "2026-01-01T00:00:01.022Z db=1 SET key:22 value-22",
                "2026-01-01T00:00:01.023Z db=2 SET key:23 value-23",
                "2026-01-01T00:00:01.024Z db=0 SET key:24 value-24");
    }

    @Test
    void tornTailWithoutFollowIsReported() throws IOException {
        Path file = AofFiles.write(dir.resolve("node.aof"), AofFiles.sets(3));
        AofFiles.appendRaw(file, "{\"ts\"");

        ToolRun run = ToolRun.of("tail", "-n", "1", file);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.TORN);
        assertThat(run.lines()).containsExactly("2026-01-01T00:00:01.002Z db=2 SET key:2 value-2");
        assertThat(run.stderr()).contains("torn").contains("line 5");
    }

    /** As a running node writes: records go over the zeros it reserved ahead of them, the file keeps its size. */
    @Test
    void followReadsRecordsWrittenOverReservedZeros() throws Exception {
        Path file = AofFiles.write(dir.resolve("node.aof"), AofFiles.sets(2));
        long end = Files.size(file);
        Files.write(file, new byte[256 * 1024], StandardOpenOption.APPEND);
        following = Following.start("tail", "-f", "-n", "5", "--poll", "20", file);
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(2));

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (int i = 0; i < 3; i++) {
                byte[] line = AofFiles.line(record(T0 + 300 + i, 0, "set", "over-zeros", "v" + i));
                end += channel.write(ByteBuffer.wrap(line), end);
            }
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(5)
                .last().isEqualTo("2026-01-01T00:00:01.302Z db=0 SET over-zeros v2"));
        assertThat(following.stderr()).isEmpty();
    }

    @Test
    void followPrintsRecordsAsTheyAreAppendedEvenWhenALineArrivesInPieces() throws Exception {
        Path file = AofFiles.write(dir.resolve("node.aof"), AofFiles.sets(5));
        following = Following.start("tail", "-f", "-n", "2", "--poll", "20", file);
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).containsExactly(
                "2026-01-01T00:00:01.003Z db=0 SET key:3 value-3",
                "2026-01-01T00:00:01.004Z db=1 SET key:4 value-4"));

        AofFiles.append(file, record(T0 + 100, 0, "del", "key:3"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(3)
                .last().isEqualTo("2026-01-01T00:00:01.100Z db=0 DEL key:3"));

        byte[] line = AofFiles.line(record(T0 + 200, 0, "set", "half", "written"));
        int split = line.length / 2;
        Files.write(file, Arrays.copyOf(line, split), StandardOpenOption.APPEND);
        Thread.sleep(200); // ten polls see the unfinished line
        assertThat(following.lines()).hasSize(3);
        Files.write(file, Arrays.copyOfRange(line, split, line.length),
                StandardOpenOption.APPEND);
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(4)
                .last().isEqualTo("2026-01-01T00:00:01.200Z db=0 SET half written"));
        assertThat(following.stderr()).isEmpty();
    }

    @Test
    void followShowsATransactionOnceItsExecIsWritten() throws Exception {
        Path file = AofFiles.write(dir.resolve("node.aof"), List.of(record(T0, 0, "set", "a", "1")));
        following = Following.start("tail", "-f", "--poll", "20", file);
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(1));

        AofFiles.append(file, multi(T0 + 1, 0), record(T0 + 1, 0, "set", "b", "2"));
        Thread.sleep(200);
        assertThat(following.lines()).hasSize(1);
        AofFiles.append(file, exec(T0 + 1, 0));
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).containsExactly(
                "2026-01-01T00:00:01.000Z db=0 SET a 1",
                "2026-01-01T00:00:01.001Z db=0 MULTI",
                "2026-01-01T00:00:01.001Z db=0 SET b 2",
                "2026-01-01T00:00:01.001Z db=0 EXEC"));
    }

    @Test
    void followGoesOnInTheNewFileWhenTheNodeRenamesARewriteOverIt() throws Exception {
        Path file = AofFiles.write(dir.resolve("node.aof"), AofFiles.sets(3));
        following = Following.start("tail", "-f", "-n", "1", "--poll", "20", file);
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(1));

        // Written to the old file just before the rename: still printed.
        AofFiles.append(file, record(T0 + 50, 0, "set", "late", "old-file"));
        Path rewrite = AofFiles.write(dir.resolve("node.aof.rewrite"), List.of(
                record(T0 + 60, 0, "set", "compacted", "1")));
        Files.move(rewrite, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).containsExactly(
                "2026-01-01T00:00:01.002Z db=2 SET key:2 value-2",
                "2026-01-01T00:00:01.050Z db=0 SET late old-file",
                "2026-01-01T00:00:01.060Z db=0 SET compacted 1"));
        assertThat(following.stderr()).contains(file + " was replaced");

        AofFiles.append(file, record(T0 + 70, 0, "set", "after", "rewrite"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(4)
                .last().isEqualTo("2026-01-01T00:00:01.070Z db=0 SET after rewrite"));
    }

    @Test
    void followReadsATruncatedFileAgainFromItsStart() throws Exception {
        Path file = AofFiles.write(dir.resolve("node.aof"), AofFiles.sets(4));
        following = Following.start("tail", "-f", "-n", "1", "--poll", "20", file);
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(1));
        AofFiles.append(file, record(T0 + 10, 0, "set", "x", "1"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).hasSize(2));

        AofFiles.write(file, List.of(record(T0 + 20, 0, "set", "fresh", "1")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(following.lines()).containsExactly(
                "2026-01-01T00:00:01.003Z db=0 SET key:3 value-3",
                "2026-01-01T00:00:01.010Z db=0 SET x 1",
                "2026-01-01T00:00:01.020Z db=0 SET fresh 1"));
        assertThat(following.stderr()).contains("was truncated");
    }

    /** {@code aof-tools tail -f} on a thread of its own, stopped by interrupting it, as Ctrl-C would. */
    private static final class Following {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final AtomicInteger exitCode = new AtomicInteger(-1);
        private final Thread thread;

        private Following(Object... args) {
            List<String> strings = new ArrayList<>();
            for (Object arg : args) {
                strings.add(String.valueOf(arg));
            }
            thread = new Thread(() -> exitCode.set(AofTools.run(out, err, strings.toArray(String[]::new))),
                    "tail-f");
        }

        static Following start(Object... args) {
            Following following = new Following(args);
            following.thread.start();
            return following;
        }

        List<String> lines() {
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        }

        String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(WAIT.toMillis());
            assertThat(thread.isAlive()).as("tail -f stopped when interrupted").isFalse();
            assertThat(exitCode.get()).as("exit code; stderr:\n%s", stderr()).isEqualTo(ExitCodes.OK);
        }
    }
}
