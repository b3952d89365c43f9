package io.fluxkv.server.aof;

import io.fluxkv.server.testing.AofLines;
import io.fluxkv.server.testing.AofNode;
import io.fluxkv.server.testing.DataDump;
import io.fluxkv.server.testing.NodeFixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOF switched at run time with CONFIG SET: turning it on writes the existing data set to a new file (which a
 * restart then loads), turning it off stops the file growing, and appendfsync changes are taken and reported.
 */
class AofConfigSetTest {
    @TempDir
    Path dir;

    @Test
    void appendonlyYesAtRunTimeWritesTheExistingDataAndARestartLoadsIt() throws Exception {
        Path file = dir.resolve("appendonly.aof");
        DataDump expected;
        try (NodeFixture node = NodeFixture.start("dir", dir.toString())) {
            Jedis jedis = node.jedis();
            writeSomeOfEachType(jedis, "before");
            assertThat(file).doesNotExist();

            assertThat(jedis.configSet("appendonly", "yes")).isEqualTo("OK");

            assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "yes");
            awaitRewrites(node, 1);
            assertThat(file).exists();
            writeSomeOfEachType(jedis, "after");
            expected = DataDump.of(node.port());
            assertThat(expected.size()).isEqualTo(12);
        }
        try (AofNode node = AofNode.start(dir)) {
            node.dump().assertSameAs(expected, "restart with appendonly yes after CONFIG SET appendonly yes");
        }
    }

    @Test
    void appendonlyNoStopsTheFileGrowing() throws Exception {
        try (AofNode node = AofNode.start(dir)) {
            Jedis jedis = node.jedis();
            jedis.set("logged", "1");
            long size = AofLines.recordBytes(node.aofFile());

            assertThat(jedis.configSet("appendonly", "no")).isEqualTo("OK");
            for (int i = 0; i < 100; i++) {
                jedis.set("not-logged:" + i, "x".repeat(100));
            }

            assertThat(Files.size(node.aofFile())).isEqualTo(size);
            assertThat(node.persistenceInfo()).containsEntry("aof_enabled", "0");
        }
    }

    @Test
    void appendfsyncChangesAreAcceptedReportedAndWritesGoOn() throws Exception {
        try (AofNode node = AofNode.start(dir)) {
            Jedis jedis = node.jedis();
            for (String policy : new String[] {"always", "no", "everysec", "always"}) {
                assertThat(jedis.configSet("appendfsync", policy)).isEqualTo("OK");
                assertThat(jedis.configGet("appendfsync")).containsEntry("appendfsync", policy);
                assertThat(jedis.incr("counter")).isPositive();
            }
            node.restart();
            assertThat(node.jedis().get("counter")).isEqualTo("4");
        }
    }

    /**
     * CONFIG SET appendonly yes while a BGREWRITEAOF (of a node without AOF) is still running: as in Redis the AOF
     * must end up on, holding the whole data set and every later write.
     */
    @Test
    void appendonlyYesWhileABackgroundRewriteRunsStillLogsEverything() throws Exception {
        int keys = 100_000;
        String reply;
        try (NodeFixture node = NodeFixture.start("dir", dir.toString())) {
            Jedis jedis = node.jedis();
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < keys; i++) {
                pipeline.set("key:" + i, "value:" + i);
            }
            pipeline.sync();
            assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            try {
                reply = jedis.configSet("appendonly", "yes");
            } catch (RuntimeException e) {
                reply = e.getMessage();
            }
            // BGREWRITEAOF's rewrite of 100k keys takes a few hundred ms, CONFIG SET a round trip: it still runs.
            assertThat(node.node().persistence().rewrites()).as("rewrites finished before CONFIG SET").isZero();
            assertThat(jedis.set("written:after", "config-set")).isEqualTo("OK");
            awaitNoRewrite(node);
            assertThat(jedis.set("written:later", "too")).isEqualTo("OK");
            Thread.sleep(500); // time for a rewrite Redis would have scheduled to start
            awaitNoRewrite(node);
        }
        try (AofNode node = AofNode.start(dir)) {
            Jedis jedis = node.jedis();
            assertThat(jedis.mget("written:after", "written:later", "key:0"))
                    .as("acknowledged writes after CONFIG SET appendonly yes (which replied: %s)", reply)
                    .containsExactly("config-set", "too", "value:0");
            assertThat(jedis.dbSize()).isEqualTo(keys + 2);
        }
        assertThat(reply).as("CONFIG SET appendonly yes during a rewrite").isEqualTo("OK");
    }

    private static void writeSomeOfEachType(Jedis jedis, String prefix) {
        jedis.set(prefix + ":string", "v");
        jedis.setex(prefix + ":ttl", 3600, "v");
        jedis.rpush(prefix + ":list", "a", "b");
        jedis.hset(prefix + ":hash", Map.of("f", "v", "g", "w"));
        jedis.sadd(prefix + ":set", "1", "2", "x");
        jedis.zadd(prefix + ":zset", 2.5, "m");
    }

    private static void awaitRewrites(NodeFixture node, long count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> node.node().persistence().rewrites() >= count
                        && !node.node().persistence().rewriteInProgress());
        assertThat(node.node().persistence().lastRewriteOk()).isTrue();
    }

    private static void awaitNoRewrite(NodeFixture node) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !node.node().persistence().rewriteInProgress());
    }
}
