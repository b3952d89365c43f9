package io.fluxkv.server.aof;

import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the node replays a large AOF it answers at once, but with -LOADING (INFO, flagged to run while loading,
 * reports loading:1); once loaded the data is all there.
 */
class AofLoadingTest {
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";
    private static final int KEYS = 250_000;
    private static final int PUSHES_PER_LIST = 6;

    /** One large file for the class (copied into each test's directory): writing it is most of the cost. */
    @TempDir
    static Path shared;
    private static Path largeAof;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeLargeAofOnce() throws IOException {
        largeAof = shared.resolve("large.aof");
        writeLargeAof(largeAof);
    }

    @Test
    void commandsGetLoadingWhileALargeFileIsReplayedAndTheDataIsThereAfterwards() throws Exception {
        Files.copy(largeAof, dir.resolve("appendonly.aof"));

        try (NodeFixture node = NodeFixture.startLoading("appendonly", "yes", "dir", dir.toString())) {
            List<String> replies = new ArrayList<>();
            boolean infoSaidLoading = false;
            try (RawConnection raw = node.raw()) {
                // The first replies come while the load has only begun: the file takes far longer than that.
                for (int i = 0; i < 3; i++) {
                    replies.add(raw.command("GET", "key:1").readReplyString());
                    infoSaidLoading |= raw.command("INFO", "persistence").readReplyString().contains("loading:1\r\n");
                }
            }
            assertThat(replies).as("replies while loading").contains(LOADING);
            assertThat(infoSaidLoading).as("INFO persistence showed loading:1").isTrue();

            node.node().awaitLoaded();
            Jedis jedis = node.jedis();
            assertThat(jedis.info("persistence")).contains("loading:0");
            assertThat(jedis.dbSize()).isEqualTo(KEYS + KEYS / 100);
            assertThat(jedis.get("key:1")).isEqualTo("value:1");
            assertThat(jedis.get("key:" + (KEYS - 1))).isEqualTo("value:" + (KEYS - 1));
            assertThat(jedis.lrange("list:7", 0, -1)).containsExactly("0", "1", "2", "3", "4", "5");
            assertThat(node.node().persistence().lastLoad().records()).isEqualTo(KEYS + KEYS / 100 * PUSHES_PER_LIST
                    + KEYS);
        }
    }

    /** CONFIG SET runs while loading (as in Redis); turning the AOF off then must hold once the load is over. */
    @Test
    void appendonlyNoSetWhileLoadingIsHonouredOnceLoaded() throws Exception {
        Path file = Files.copy(largeAof, dir.resolve("appendonly.aof"));

        try (NodeFixture node = NodeFixture.startLoading("appendonly", "yes", "dir", dir.toString())) {
            try (RawConnection raw = node.raw()) {
                assertThat(raw.command("CONFIG", "SET", "appendonly", "no").readReplyString()).isEqualTo("+OK\r\n");
                assertThat(raw.command("GET", "key:1").readReplyString()).as("still loading").isEqualTo(LOADING);
            }
            node.node().awaitLoaded();
            long size = Files.size(file);
            Jedis jedis = node.jedis();
            assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "no");
            for (int i = 0; i < 100; i++) {
                jedis.set("after:" + i, "not logged");
            }
            assertThat(jedis.info("persistence")).contains("aof_enabled:0");
            assertThat(Files.size(file)).as("the AOF after writes with appendonly no").isEqualTo(size);
        }
    }

    /**
     * Keys that expired while the node was down but were changed by later records (at times when they were still
     * alive) must not come back: the load replays each record at its own time, and nothing may reclaim them by the
     * wall clock half-way (active expiry waits for the load), or a later APPEND would recreate them without a TTL.
     */
    @Test
    void keysExpiredByNowAreNotRecreatedByTheRecordsAfterThem() throws Exception {
        int expiring = 20_000;
        long t0 = System.currentTimeMillis() - 60_000;
        long deadline = t0 + 1_000;
        Path file = dir.resolve("appendonly.aof");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             AofWriter writer = new AofWriter(out)) {
            writer.writeHeader(t0);
            byte[] set = ascii("set");
            for (int i = 0; i < expiring; i++) {
                writer.write(t0, 0, "set", new byte[][] {set, ascii("exp:" + i), ascii("v"), ascii("PXAT"),
                    ascii(Long.toString(deadline))}, true);
            }
            // Filler, so that the load lasts several background ticks.
            for (int i = 0; i < KEYS * 2; i++) {
                writer.write(t0 + 100, 0, "set", new byte[][] {set, ascii("key:" + i), ascii("value")}, true);
            }
            byte[] append = ascii("append");
            for (int i = 0; i < expiring; i++) {
                writer.write(t0 + 500, 0, "append", new byte[][] {append, ascii("exp:" + i), ascii("+more")}, true);
            }
        }

        try (NodeFixture node = NodeFixture.start("appendonly", "yes", "dir", dir.toString())) {
            Jedis jedis = node.jedis();
            assertThat(jedis.keys("exp:*")).as("keys past their deadline after the load").isEmpty();
            assertThat(jedis.dbSize()).isEqualTo(KEYS * 2);
        }
    }

    /**
     * SETs of {@value #KEYS} keys, lists of {@value #PUSHES_PER_LIST} pushes each, and the same SETs again,
     * written with the node's own record writer.
     */
    private static void writeLargeAof(Path file) throws IOException {
        long started = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             AofWriter writer = new AofWriter(out)) {
            writer.writeHeader(System.currentTimeMillis());
            byte[] set = ascii("set");
            byte[] rpush = ascii("rpush");
            long ts = System.currentTimeMillis();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < KEYS; i++) {
                    writer.write(ts, 0, "set", new byte[][] {set, ascii("key:" + i), ascii("value:" + i)}, true);
                }
                for (int p = 0; round == 0 && p < PUSHES_PER_LIST; p++) {
                    for (int i = 0; i < KEYS / 100; i++) {
                        writer.write(ts, 0, "rpush", new byte[][] {rpush, ascii("list:" + i), ascii("" + p)}, true);
                    }
                }
            }
        }
        assertThat(Files.size(file)).isGreaterThan(10_000_000);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds to write").isLessThan(20);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
