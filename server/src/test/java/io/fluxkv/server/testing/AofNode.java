package io.fluxkv.server.testing;

import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An in-process node with {@code appendonly yes} in a directory of the test's, that can be stopped and started
 * again on the same files: the node persistence tests restart. Settings are redis.conf name/value pairs added after
 * {@code appendonly yes} and {@code dir}.
 */
public final class AofNode implements AutoCloseable {
    private final String[] settings;
    private NodeFixture fixture;

    private AofNode(String[] settings) {
        this.settings = settings;
        this.fixture = NodeFixture.start(settings);
    }

    public static AofNode start(Path dir, String... extra) {
        List<String> all = new ArrayList<>(List.of("appendonly", "yes", "dir", dir.toString()));
        all.addAll(List.of(extra));
        return new AofNode(all.toArray(String[]::new));
    }

    public NodeFixture fixture() {
        return fixture;
    }

    public int port() {
        return fixture.port();
    }

    /** A new connection, closed with the node (and by a restart). */
    public Jedis jedis() {
        return fixture.jedis();
    }

    /** The live AOF. */
    public Path aofFile() {
        return fixture.node().persistence().path();
    }

    /** Stops the node gracefully and starts it again on the same directory, waiting until it has loaded. */
    public AofNode restart() {
        stop();
        return startAgain();
    }

    /** Stops the node gracefully (its files stay); {@link #startAgain} brings it back. */
    public void stop() {
        fixture.close();
    }

    /** Starts the node again on the same directory and settings, waiting until it has loaded. */
    public AofNode startAgain() {
        fixture = NodeFixture.start(settings);
        return this;
    }

    public DataDump dump() {
        return DataDump.of(port());
    }

    public Map<String, String> persistenceInfo() {
        try (Jedis jedis = new Jedis("127.0.0.1", port(), 10_000)) {
            return Commands.info(jedis, "persistence");
        }
    }

    public long infoNumber(String field) {
        return Long.parseLong(persistenceInfo().get(field));
    }

    /** Waits until no rewrite runs (whoever started it). */
    public void awaitNoRewrite(Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> infoNumber("aof_rewrite_in_progress") == 0);
    }

    /** BGREWRITEAOF, then waits until it has ended and checks that it succeeded. */
    public void rewriteAndWait() {
        long before = infoNumber("aof_rewrites");
        try (Jedis jedis = new Jedis("127.0.0.1", port(), 10_000)) {
            assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
        }
        awaitNoRewrite(Duration.ofSeconds(30));
        Map<String, String> info = persistenceInfo();
        assertThat(info.get("aof_last_bgrewrite_status")).as("rewrite status, INFO: %s", info).isEqualTo("ok");
        assertThat(Long.parseLong(info.get("aof_rewrites"))).isEqualTo(before + 1);
    }

    @Override
    public void close() {
        fixture.close();
    }
}
