package io.fluxkv.server.testing;

import io.fluxkv.server.Node;
import io.fluxkv.server.config.ServerConfig;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;

/**
 * A node started in-process on 127.0.0.1 and an ephemeral port, with any redis.conf-style settings
 * ({@code "requirepass", "secret"}). Close it to stop the node and every connection opened through it.
 */
public final class NodeFixture implements AutoCloseable {
    private final Node node;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private NodeFixture(Node node) {
        this.node = node;
    }

    /**
     * Starts a node and waits until its AOF, if any, is loaded; {@code settings} are name/value pairs applied after
     * the test defaults.
     */
    public static NodeFixture start(String... settings) {
        NodeFixture fixture = startLoading(settings);
        try {
            fixture.node.awaitLoaded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the node loaded", e);
        }
        return fixture;
    }

    /** Starts a node and returns as soon as it accepts connections, maybe still loading its AOF (-LOADING). */
    public static NodeFixture startLoading(String... settings) {
        if (settings.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in name/value pairs");
        }
        ServerConfig config = new ServerConfig();
        try {
            config.set("port", "0");
            config.set("bind", "127.0.0.1");
            // Several event loops even on a small machine, so that every test also runs commands concurrently.
            config.set("io-threads", "4");
            for (int i = 0; i < settings.length; i += 2) {
                config.set(settings[i], settings[i + 1]);
            }
            return new NodeFixture(new Node(config).start());
        } catch (Exception e) {
            throw new IllegalStateException("node did not start", e);
        }
    }

    public Node node() {
        return node;
    }

    public int port() {
        return node.port();
    }

    /** A Jedis connection to the node, closed with the fixture. */
    public Jedis jedis() {
        Jedis jedis = new Jedis("127.0.0.1", port(), 10_000);
        opened.add(jedis);
        return jedis;
    }

    /** A raw socket speaking bytes to the node, closed with the fixture. */
    public RawConnection raw() {
        RawConnection raw = RawConnection.open(port());
        opened.add(raw);
        return raw;
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the node is going away anyway
            }
        }
        node.close();
    }
}
