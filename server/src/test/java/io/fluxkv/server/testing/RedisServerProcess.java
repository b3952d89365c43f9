package io.fluxkv.server.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package) on 127.0.0.1 and a free port, without persistence: the reference the
 * differential tests compare a node against. Stopped on close.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static boolean available() {
        return new File("/usr/bin/redis-server").canExecute();
    }

    /** Starts redis-server with {@code extra} arguments ({@code "--requirepass", "x"}). */
    public static RedisServerProcess start(String... extra) {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("redis-ref");
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
            cmd.addAll(List.of(extra));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisServerProcess server = new RedisServerProcess(process, port, dir);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (RawConnection c = RawConnection.open(port)) {
                c.command("PING");
                String reply = c.readReplyString();
                // With --requirepass a ready server refuses PING before AUTH: that refusal means ready too.
                if (reply.equals("+PONG\r\n") || reply.startsWith("-NOAUTH ")) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            sleep();
        }
        close();
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public RawConnection raw() {
        return RawConnection.open(port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
