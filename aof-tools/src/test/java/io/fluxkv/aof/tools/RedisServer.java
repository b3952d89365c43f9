package io.fluxkv.aof.tools;

import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package) on 127.0.0.1 and a free port, working in {@code dir}, without RDB
 * snapshots; stopped on close. The reference the exported RESP must load into.
 */
final class RedisServer implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 20;

    private final Process process;
    private final int port;
    private final Path log;

    private RedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts redis-server in {@code dir} with {@code extra} settings ({@code "--appendonly", "yes"}). */
    static RedisServer start(Path dir, String... extra) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("/usr/bin/redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString(), "--daemonize", "no"));
        command.addAll(List.of(extra));
        Path log = dir.resolve("redis.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisServer server = new RedisServer(process, port, log);
        server.awaitReady();
        return server;
    }

    int port() {
        return port;
    }

    Jedis client() {
        return new Jedis("127.0.0.1", port, 10_000);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start-up:\n" + log());
            }
            try (Jedis jedis = client()) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet, or still loading its AOF
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
