package io.fluxkv.server.net;

import io.fluxkv.server.aof.AofWriter;
import org.junit.jupiter.api.io.TempDir;
import java.io.BufferedOutputStream;
import java.io.OutputStream;

import io.fluxkv.server.testing.NodeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real clients outside the JVM, unchanged, against a node: redis-py (Debian's python3-redis, run by Debian's
 * /usr/bin/python3) and ioredis (the version pinned in src/test/clients/ioredis/package-lock.json, installed
 * with {@code npm ci} into a copy under the build directory). Each script checks its replies itself and ends with
 * "NAME: N checks passed"; scripts/test.sh installs python3-redis, node and npm when missing.
 */
class ScriptClientsTest {
    private static final String PASSWORD = "script-pw";
    private static final long TIMEOUT_SECONDS = 60;

    static NodeFixture node;
    static NodeFixture secured;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
        secured = NodeFixture.start("requirepass", PASSWORD);
    }

    @AfterAll
    static void stop() {
        node.close();
        secured.close();
    }

    @Test
    void redisPyWorksUnchanged() throws Exception {
        Path script = clients().resolve("redis_py_smoke.py");
        Result result = run("redis-py", buildDir(), "/usr/bin/python3", script.toString(), "127.0.0.1",
                String.valueOf(node.port()), String.valueOf(secured.port()), PASSWORD);
        assertPassed("redis-py", result);
    }

    @Test
    void ioredisWorksUnchanged() throws Exception {
        Path work = ioredisCopy();
        Result result = run("ioredis", work, "node", "smoke.js", "127.0.0.1", String.valueOf(node.port()),
                String.valueOf(secured.port()), PASSWORD);
        assertPassed("ioredis", result);
    }

    /**
     * ioredis's ready check reads INFO on connect and, while it says loading:1, waits before sending anything: the
     * application's first command, sent at once, gets the data loaded last rather than -LOADING.
     */
    @Test
    void ioredisWaitsWhileTheNodeLoadsItsAof(@TempDir Path dir) throws Exception {
        writeLargeAof(dir.resolve("appendonly.aof"), 3_000_000, "loaded:last", "yes");
        Path work = ioredisCopy();
        try (NodeFixture loading = NodeFixture.startLoading("appendonly", "yes", "dir", dir.toString())) {
            assertThat(loading.node().persistence().loading()).as("still loading when the client starts").isTrue();
            Result result = run("ioredis-loading", work, "node", "loading.js", "127.0.0.1",
                    String.valueOf(loading.port()), "loaded:last", "yes");
            assertPassed("ioredis-loading", result);
            assertThat(result.output).contains("waited");
        }
    }

    /** {@code records} SETs over 100,000 keys, then {@code lastKey} = {@code lastValue}. */
    private static void writeLargeAof(Path file, int records, String lastKey, String lastValue) throws IOException {
        byte[] set = "set".getBytes(StandardCharsets.US_ASCII);
        long ts = System.currentTimeMillis();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             AofWriter writer = new AofWriter(out)) {
            writer.writeHeader(ts);
            for (int i = 0; i < records; i++) {
                writer.write(ts, 0, "set", new byte[][] {set, ("key:" + i % 100_000).getBytes(StandardCharsets.UTF_8),
                    "value".getBytes(StandardCharsets.UTF_8)}, true);
            }
            writer.write(ts, 0, "set", new byte[][] {set, lastKey.getBytes(StandardCharsets.UTF_8),
                lastValue.getBytes(StandardCharsets.UTF_8)}, true);
        }
    }

    private static void assertPassed(String name, Result result) {
        String last = result.lastLine();
        assertThat(result.exit).as("%s exit code; its output:%n%s", name, result.output).isZero();
        assertThat(last).as("%s final line; its output:%n%s", name, result.output)
                .matches(name + ": [1-9][0-9]* checks passed");
    }

    /**
     * The ioredis folder copied under the build directory with its pinned packages installed, so node_modules never
     * lands in the source tree. {@code npm ci} runs again only when package-lock.json changed.
     */
    private static Path ioredisCopy() throws IOException, InterruptedException {
        Path source = clients().resolve("ioredis");
        Path work = buildDir().resolve("clients-ioredis");
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "smoke.js", "loading.js")) {
            Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        byte[] lock = Files.readAllBytes(work.resolve("package-lock.json"));
        Path stamp = work.resolve("node_modules").resolve(".flux-installed-lock");
        if (!Files.exists(stamp) || !Arrays.equals(Files.readAllBytes(stamp), lock)) {
            Result install = run("npm ci", work, "npm", "ci", "--no-audit", "--no-fund", "--no-update-notifier");
            assertThat(install.exit).as("npm ci in %s failed; its output:%n%s", work, install.output).isZero();
            Files.write(stamp, lock);
        }
        return work;
    }

    /** src/test/clients of the server module (surefire runs with the module as working directory). */
    private static Path clients() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "clients");
        assertThat(dir.resolve("redis_py_smoke.py")).as("client scripts folder").exists();
        return dir;
    }

    /** The module's build directory (target, or target-NAME with -Dflux.target): the parent of test-classes. */
    private static Path buildDir() {
        try {
            return Path.of(ScriptClientsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int exit, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\r?\n");
            return lines[lines.length - 1];
        }
    }

    /** Runs a program with a time limit; stdout and stderr together. */
    private static Result run(String name, Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(buildDir(), "script-client-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!finished) {
                throw new AssertionError(name + " did not finish in " + TIMEOUT_SECONDS + " s; its output:\n" + output);
            }
            return new Result(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
