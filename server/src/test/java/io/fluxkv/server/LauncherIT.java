package io.fluxkv.server;

import io.fluxkv.server.testing.RawConnection;
import io.fluxkv.server.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged node started the way users start it: {@code scripts/flux-kv server <conf> --option value}. Checks
 * that the config file is read, that command-line options override it, and that SIGTERM stops the node gracefully
 * with exit status 0, as redis-server does.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void configFileCommandLineOverrideAndGracefulSigterm() throws Exception {
        int port = RedisServerProcess.freePort();
        Path conf = dir.resolve("node.conf");
        Files.writeString(conf, String.join("\n",
                "# a redis.conf-style file",
                "port " + port,
                "bind 127.0.0.1",
                "requirepass \"from file\"",
                "databases 4",
                ""));
        Path log = dir.resolve("node.log");
        ProcessBuilder builder = new ProcessBuilder(System.getProperty("flux.root") + "/scripts/flux-kv", "server",
                conf.toString(), "--requirepass", "from-cli")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("FLUX_KV_JAR", System.getProperty("flux.jar"));
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        Process process = builder.start();
        try {
            awaitPort(port, process, log);
            try (RawConnection c = RawConnection.open(port)) {
                assertThat(c.command("PING").readReplyString()).isEqualTo("-NOAUTH Authentication required.\r\n");
                assertThat(c.command("AUTH", "from file").readReplyString()).startsWith("-WRONGPASS");
                assertThat(c.command("AUTH", "from-cli").readReplyString()).isEqualTo("+OK\r\n");
                assertThat(c.command("SELECT", "3").readReplyString()).isEqualTo("+OK\r\n");
                assertThat(c.command("SELECT", "4").readReplyString())
                        .isEqualTo("-ERR DB index is out of range\r\n");
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(process.exitValue()).as("exit status; log:\n%s", Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("JVM options: -Xmx256m").contains("stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitPort(int port, Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node exited early:\n" + Files.readString(log));
            }
            try (RawConnection ignored = RawConnection.open(port)) {
                return;
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("node did not listen on " + port + ":\n" + Files.readString(log));
    }
}
