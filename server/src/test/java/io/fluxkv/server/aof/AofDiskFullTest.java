package io.fluxkv.server.aof;

import io.fluxkv.server.testing.AofNode;
import io.fluxkv.server.testing.Commands;
import io.fluxkv.server.testing.DataDump;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * A full disk under the AOF (a tiny tmpfs as the node's dir): writes and PING fail with -MISCONF naming the
 * error, INFO says aof_last_write_status:err, the write that hit the error is held rather than lost, and once there
 * is room again everything goes on and survives a restart. Needs root for mount(8), as in CI.
 */
class AofDiskFullTest {
    private static final String MISCONF = "MISCONF Errors writing to the AOF file: No space left on device";

    @TempDir
    Path dir;
    private Path mount;

    @BeforeEach
    void mountTinyTmpfs() throws Exception {
        mount = Files.createDirectories(dir.resolve("tmpfs"));
        run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", mount.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (!run("umount", mount.toString()).isEmpty()) {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void fullDiskRefusesWritesWithMisconfAndRecoversWhenThereIsRoomAgain() throws Exception {
        try (AofNode node = AofNode.start(mount, "appendfsync", "everysec")) {
            Jedis writer = node.jedis();
            Jedis other = node.jedis();
            String value = "x".repeat(1000);
            // Fill the disk from one connection: the write that finds no room gets no reply (yet).
            CompletableFuture<Integer> filling = CompletableFuture.supplyAsync(() -> {
                int acknowledged = 0;
                while (acknowledged < 1000) {
                    writer.set("fill:" + acknowledged, value);
                    acknowledged++;
                }
                return acknowledged;
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> node.persistenceInfo().get("aof_last_write_status").equals("err"));
            assertThat(filling).as("the write that hit the full disk is held, not answered").isNotDone();

            assertThatThrownBy(() -> other.set("refused", "v")).isInstanceOf(JedisDataException.class)
                    .hasMessage(MISCONF);
            assertThatThrownBy(other::ping).isInstanceOf(JedisDataException.class).hasMessage(MISCONF);
            assertThat(Commands.call(other, "MULTI")).isEqualTo("OK".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> Commands.call(other, "SET", "refused:in-transaction", "v"))
                    .hasMessage(MISCONF);
            assertThatThrownBy(() -> Commands.call(other, "EXEC")).hasMessageStartingWith("EXECABORT");
            assertThat(other.get("fill:0")).as("reads still work").isEqualTo(value);

            run("mount", "-o", "remount,size=4m", mount.toString());

            int acknowledged = filling.get(10, TimeUnit.SECONDS);
            assertThat(acknowledged).isEqualTo(1000);
            assertThat(other.ping()).isEqualTo("PONG");
            assertThat(other.set("after", "recovery")).isEqualTo("OK");
            assertThat(node.persistenceInfo().get("aof_last_write_status")).isEqualTo("ok");
            DataDump before = node.dump();
            assertThat(before.get(0, "refused")).isNull();
            assertThat(before.get(0, "refused:in-transaction")).isNull();

            node.restart().dump().assertSameAs(before, "after a full disk and a restart");
            assertThat(Commands.info(node.jedis(), "keyspace", "db0")).startsWith("keys=1001,");
        }
    }

    /**
     * A rewrite that runs out of room for its temporary file fails cleanly: reported by INFO, the temporary file
     * removed (which gives the room back), the live file untouched and writes going on.
     */
    @Test
    void rewriteThatFillsTheDiskFailsCleanlyAndTheLiveFileGoesOn() throws Exception {
        try (AofNode node = AofNode.start(mount, "appendfsync", "everysec")) {
            Jedis jedis = node.jedis();
            // About 80 KB of data in a 128 KB file system: its snapshot cannot fit next to the live file.
            for (int i = 0; i < 80; i++) {
                jedis.set("key:" + i, "y".repeat(1000));
            }
            long size = Files.size(node.aofFile());

            assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            node.awaitNoRewrite(Duration.ofSeconds(10));

            Map<String, String> info = node.persistenceInfo();
            assertThat(info).containsEntry("aof_last_bgrewrite_status", "err").containsEntry("aof_rewrites", "0")
                    .containsEntry("aof_rewrites_consecutive_failures", "1");
            assertThat(mount.resolve("temp-rewrite-appendonly.aof")).doesNotExist();
            assertThat(Files.size(node.aofFile())).isEqualTo(size);
            assertThat(jedis.set("after", "failed rewrite")).isEqualTo("OK");
            DataDump before = node.dump();
            node.restart().dump().assertSameAs(before, "after a failed rewrite and a restart");
        }
    }

    /** Runs a command; returns its output if it failed, "" if it succeeded. Fails the test if mount is refused. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("%s did not finish", String.join(" ", command));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0 && command[0].equals("mount")) {
            fail("%s failed (this test needs root, as in CI, to mount a tmpfs): %s", String.join(" ", command),
                    output);
        }
        return process.exitValue() == 0 ? "" : output.isEmpty() ? "failed" : output;
    }
}
