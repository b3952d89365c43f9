package io.fluxkv.server.aof;

import io.fluxkv.server.testing.AofLines;
import io.fluxkv.server.testing.AofNode;
import io.fluxkv.server.testing.DataDump;
import io.fluxkv.server.testing.LogCapture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BGREWRITEAOF and the automatic rewrite: writes going on during a rewrite all reach the new file, the file
 * shrinks to the data set, INFO's sizes follow, and growth past auto-aof-rewrite-min-size triggers a rewrite.
 */
class AofRewriteTest {
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    /** What one writer thread had acknowledged when it stopped. */
    private record Acknowledged(int writer, long incrs, long pushes, long hsets) {
    }

    @ParameterizedTest(name = "appendfsync {0}")
    @ValueSource(strings = {"always", "everysec"})
    void writesDuringTwoRewritesAreAllInTheRestartedDataSet(String fsync) throws Exception {
        try (AofNode node = AofNode.start(dir, "appendfsync", fsync)) {
            // A data set big enough that each rewrite takes a while, so that the writers' records meet it.
            Pipeline preload = node.jedis().pipelined();
            for (int i = 0; i < 50_000; i++) {
                preload.set("preloaded:" + i, "value:" + i);
            }
            preload.sync();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<Acknowledged>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Jedis jedis = node.jedis();
                writers.add(pool.submit(() -> write(jedis, writer, stop)));
            }
            try {
                Thread.sleep(300);
                node.rewriteAndWait();
                Thread.sleep(300);
                node.rewriteAndWait();
                Thread.sleep(1000);
            } finally {
                stop.set(true);
                pool.shutdown();
            }
            List<Acknowledged> acknowledged = new ArrayList<>();
            for (Future<Acknowledged> writer : writers) {
                acknowledged.add(writer.get(30, TimeUnit.SECONDS));
            }
            node.awaitNoRewrite(Duration.ofSeconds(10));
            assertThat(node.infoNumber("aof_rewrites")).isEqualTo(2);
            assertWritesPresent(node.jedis(), acknowledged);
            DataDump before = node.dump();

            node.restart();

            assertWritesPresent(node.jedis(), acknowledged);
            node.dump().assertSameAs(before, "after two rewrites under load and a restart");
        }
    }

    /** Writes a counter, list, hash, set and sorted set of its own until told to stop; returns what it got acked. */
    private static Acknowledged write(Jedis jedis, int writer, AtomicBoolean stop) {
        long incrs = 0;
        long pushes = 0;
        long hsets = 0;
        while (!stop.get()) {
            assertThat(jedis.incr("counter:" + writer)).isEqualTo(++incrs);
            assertThat(jedis.rpush("list:" + writer, "e" + pushes)).isEqualTo(++pushes);
            jedis.hset("hash:" + writer, "f" + hsets % 300, "v" + hsets);
            hsets++;
            jedis.sadd("set:" + writer, String.valueOf(pushes % 1000));
            jedis.zadd("zset:" + writer, pushes, "m" + pushes % 200);
        }
        return new Acknowledged(writer, incrs, pushes, hsets);
    }

    private static void assertWritesPresent(Jedis jedis, List<Acknowledged> acknowledged) {
        for (Acknowledged ack : acknowledged) {
            int w = ack.writer();
            assertThat(ack.incrs()).as("writer %d made progress", w).isGreaterThan(50);
            assertThat(jedis.get("counter:" + w)).isEqualTo(Long.toString(ack.incrs()));
            assertThat(jedis.llen("list:" + w)).isEqualTo(ack.pushes());
            List<String> list = jedis.lrange("list:" + w, 0, -1);
            for (int i = 0; i < list.size(); i++) {
                assertThat(list.get(i)).as("list:%d[%d]", w, i).isEqualTo("e" + i);
            }
            assertThat(jedis.hlen("hash:" + w)).isEqualTo(Math.min(300, ack.hsets()));
            long last = ack.hsets() - 1;
            assertThat(jedis.hget("hash:" + w, "f" + last % 300)).isEqualTo("v" + last);
            assertThat(jedis.scard("set:" + w)).isEqualTo(Math.min(1000, ack.pushes()));
            assertThat(jedis.zcard("zset:" + w)).isEqualTo(Math.min(200, ack.pushes()));
            assertThat(jedis.zscore("zset:" + w, "m" + ack.pushes() % 200)).isEqualTo((double) ack.pushes());
        }
    }

    @Test
    void rewriteShrinksAKeyOverwrittenManyTimesAndInfoSizesFollowTheFile() throws Exception {
        try (AofNode node = AofNode.start(dir)) {
            Jedis jedis = node.jedis();
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 20_000; i++) {
                pipeline.set("overwritten", "value-" + i);
            }
            pipeline.sync();
            Path file = node.aofFile();
            long grown = AofLines.recordBytes(file);
            Map<String, String> info = node.persistenceInfo();
            assertThat(Long.parseLong(info.get("aof_current_size"))).isEqualTo(grown);
            assertThat(Long.parseLong(info.get("aof_base_size"))).isLessThan(100); // the header of a new file

            node.rewriteAndWait();

            long rewritten = AofLines.recordBytes(file);
            assertThat(rewritten).as("size after the rewrite, was %d", grown).isLessThan(grown / 100);
            info = node.persistenceInfo();
            assertThat(Long.parseLong(info.get("aof_base_size"))).isEqualTo(rewritten);
            assertThat(Long.parseLong(info.get("aof_current_size"))).isEqualTo(rewritten);
            assertThat(Files.readString(file)).contains("value-19999").doesNotContain("value-19998");

            jedis.set("more", "data");
            long grownAgain = AofLines.recordBytes(file);
            assertThat(grownAgain).isGreaterThan(rewritten);
            info = node.persistenceInfo();
            assertThat(Long.parseLong(info.get("aof_current_size"))).isEqualTo(grownAgain);
            assertThat(Long.parseLong(info.get("aof_base_size"))).isEqualTo(rewritten);
            assertThat(dir.resolve("temp-rewrite-appendonly.aof")).doesNotExist();

            node.restart();
            assertThat(node.jedis().get("overwritten")).isEqualTo("value-19999");
            assertThat(node.jedis().get("more")).isEqualTo("data");
        }
    }

    /**
     * The crash tests' pause hook, used in-process: a rewrite held in the middle of its snapshot shows as in
     * progress, refuses a second BGREWRITEAOF, and does not hold up writes (commands capture the shards they lock).
     */
    @Test
    void aSecondRewriteIsRefusedWhileOneRunsAndWritesGoOn() throws Exception {
        try (AofNode node = AofNode.start(dir); LogCapture log = LogCapture.of(AofRewrite.class)) {
            Jedis jedis = node.jedis();
            for (int i = 0; i < 1000; i++) {
                jedis.set("key:" + i, "value:" + i);
            }
            System.setProperty(AofRewrite.PAUSE_PROPERTY, "mid-snapshot");
            try {
                assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
                log.await("AOF rewrite paused at step mid-snapshot", Duration.ofSeconds(10));
            } finally {
                System.clearProperty(AofRewrite.PAUSE_PROPERTY);
            }

            assertThatThrownBy(jedis::bgrewriteaof).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR Background append only file rewriting already in progress");
            assertThat(node.infoNumber("aof_rewrite_in_progress")).isEqualTo(1);
            for (int i = 0; i < 1000; i++) {
                assertThat(jedis.incr("key:" + i + ":during")).isEqualTo(1);
            }
            // The paused rewrite never switches: the old file has everything, as after a crash at that point.
            node.restart();
            assertThat(node.jedis().dbSize()).isEqualTo(2000);
            assertThat(dir.resolve("temp-rewrite-appendonly.aof")).doesNotExist();
        }
    }

    @Test
    void appendfilenameNamesTheFileAndTheRewritesTemporaryFile() throws Exception {
        try (AofNode node = AofNode.start(dir, "appendfilename", "custom.aof")) {
            node.jedis().set("k", "v");
            assertThat(node.aofFile()).isEqualTo(dir.resolve("custom.aof"));
            assertThat(Files.readString(dir.resolve("custom.aof"))).contains("\"k\"");
            node.rewriteAndWait();
            node.stop();
            // A leftover of a crashed rewrite of this file is removed at start-up.
            Files.writeString(dir.resolve("temp-rewrite-custom.aof"), "leftover");
            node.startAgain();
            assertThat(dir.resolve("temp-rewrite-custom.aof")).doesNotExist();
            assertThat(node.jedis().get("k")).isEqualTo("v");
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly("custom.aof");
            }
        }
    }

    @Test
    void growthPastTheMinimumSizeTriggersAnAutomaticRewrite() throws Exception {
        try (AofNode node = AofNode.start(dir)) {
            Jedis jedis = node.jedis();
            assertThat(jedis.configSet("auto-aof-rewrite-min-size", "1mb")).isEqualTo("OK");
            assertThat(jedis.configSet("auto-aof-rewrite-percentage", "100")).isEqualTo("OK");
            assertThat(jedis.configGet("auto-aof-rewrite-min-size")).containsEntry("auto-aof-rewrite-min-size",
                    "1048576");
            // Overwrites 50 keys (a small data set in a growing file) until the file passes the minimum, then
            // stops, so that what the rewrite leaves is the data set and little else.
            String kilobyte = "x".repeat(1000);
            int written = 0;
            // Stops as soon as the rewrite has begun too: writing on would start a second one.
            while (node.infoNumber("aof_current_size") <= 1_100_000 && node.infoNumber("aof_rewrites") == 0
                    && node.infoNumber("aof_rewrite_in_progress") == 0 && written < 100_000) {
                Pipeline pipeline = jedis.pipelined();
                for (int i = 0; i < 20; i++, written++) {
                    pipeline.set("k" + written % 50, kilobyte + written);
                }
                pipeline.sync();
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> node.infoNumber("aof_rewrites") >= 1);
            node.awaitNoRewrite(Duration.ofSeconds(10));

            long size = AofLines.recordBytes(node.aofFile());
            assertThat(size).as("the rewritten file: 50 keys of 1 KB").isLessThan(200_000);
            assertThat(node.infoNumber("aof_base_size")).isEqualTo(size);
            assertThat(node.infoNumber("aof_rewrites")).as("no growth since, no second rewrite").isEqualTo(1);
            DataDump before = node.dump();
            assertThat(before.size()).isEqualTo(50);
            node.restart().dump().assertSameAs(before, "after an automatic rewrite and a restart");
        }
    }
}
