package io.fluxkv.server.aof;

import io.fluxkv.server.testing.DataDump;
import io.fluxkv.server.testing.NodeProcess;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node killed (SIGKILL) while a rewrite is held at each of its steps, with a client writing all along: started
 * again without the hook, it has every write it acknowledged — from the old file or the new one, whichever the
 * crash left in place — and no leftover temporary file.
 */
class AofRewriteCrashIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"after-cut", "mid-snapshot", "before-switch", "after-switch"})
    void killDuringARewriteLosesNoAcknowledgedWrite(String step) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("node.log");
        String[] arguments = {"--appendonly", "yes", "--dir", data.toString(), "--appendfsync", "everysec"};
        DataDump preloaded;
        AcknowledgedWriter writer;
        try (NodeProcess node = NodeProcess.start(log, List.of("-Dflux.aof.rewrite.pause=" + step), arguments)
                .awaitReady()) {
            preload(node.port());
            preloaded = DataDump.of(node.port());
            assertThat(preloaded.size()).isEqualTo(503);
            writer = new AcknowledgedWriter(1, node.port());
            writer.start();
            Thread.sleep(200);
            try (RawConnection connection = RawConnection.open(node.port())) {
                assertThat(connection.command("BGREWRITEAOF").readReplyString())
                        .isEqualTo("+Background append only file rewriting started\r\n");
            }
            node.awaitLog("AOF rewrite paused at step " + step, 15);
            long atPause = writer.acknowledged();
            Thread.sleep(300); // writes go on while the rewrite is held
            assertThat(writer.acknowledged()).as("writes acknowledged while the rewrite was held")
                    .isGreaterThan(atPause);
            node.kill();
            writer.finish();
            if (!step.equals("after-switch")) {
                assertThat(temporaryFiles(data)).as("the crash left the rewrite's temporary file").isNotEmpty();
            }
        }

        try (NodeProcess node = NodeProcess.start(log, List.of(), arguments).awaitReady();
             Jedis jedis = new Jedis("127.0.0.1", node.port(), 10_000)) {
            assertThat(temporaryFiles(data)).as("temporary files after start-up").isEmpty();
            writer.assertSurvived(jedis);
            DataDump.of(node.port()).assertIncludes(preloaded, "data written before the rewrite");
        }
    }

    /** Data from before the rewrite, spread over all shards. */
    private static void preload(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 500; i++) {
                pipeline.set("pre:string:" + i, "value " + i);
            }
            for (int i = 0; i < 1000; i++) {
                pipeline.rpush("pre:list", "e" + i);
                pipeline.hset("pre:hash", "f" + i, "v" + i);
                pipeline.zadd("pre:zset", i / 3.0, "m" + i);
            }
            pipeline.sync();
        }
    }

    private static List<Path> temporaryFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(f -> f.getFileName().toString().startsWith("temp-rewrite-")).toList();
        }
    }
}
