package io.fluxkv.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged node (the shaded jar, system property {@code flux.jar} set by failsafe) run as a JVM process of its
 * own on a free port, for the tests that must kill it for real ({@link #kill()} is SIGKILL). Its output goes to a
 * log file in the test's directory; {@link #awaitReady()} waits until it answers without -LOADING.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private NodeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code java [jvmOptions] -jar flux-kv-server.jar --port P --bind 127.0.0.1 [arguments]}, logging to
     * {@code log} (appended to, so a restart keeps the earlier runs' lines); does not wait.
     */
    public static NodeProcess start(Path log, List<String> jvmOptions, String... arguments) {
        String jar = System.getProperty("flux.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("system property flux.jar (the shaded node jar) is not set or missing: "
                    + jar + "; run the *IT tests through failsafe (mvn verify)");
        }
        try {
            int port = RedisServerProcess.freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--io-threads", "2"));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new NodeProcess(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** Everything the node (and earlier runs on the same log) has written. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the node answers a key command (listening, and done loading its AOF: no -LOADING). */
    public NodeProcess awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node exited with status " + process.exitValue() + ":\n" + log());
            }
            try (RawConnection connection = RawConnection.open(port)) {
                last = connection.command("EXISTS", "ready?").readReplyString();
                if (last.startsWith(":")) {
                    return this;
                }
            } catch (RuntimeException | IOException notYet) {
                last = notYet.toString();
            }
            sleep(50);
        }
        throw new AssertionError("node not ready on port " + port + " (last: " + last + "):\n" + log());
    }

    /** Waits until the log holds {@code text}. */
    public void awaitLog(String text, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("no \"" + text + "\" in the node's log:\n" + log());
            }
            sleep(20);
        }
    }

    /** SIGKILL, as a crash: nothing of the node runs after it. */
    public void kill() {
        process.destroyForcibly();
        waitFor(10);
    }

    /** Waits up to {@code seconds} for the process to exit; returns its status. */
    public int waitFor(int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("node still running after " + seconds + " s:\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
