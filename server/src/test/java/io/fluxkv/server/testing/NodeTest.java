package io.fluxkv.server.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;

/**
 * Base for test classes that talk to one default node: started before the class's first test, stopped after its
 * last, with a Jedis connection to it, and an empty keyspace before every test. A class that needs a node with
 * special settings starts its own {@link NodeFixture} instead.
 * <p>
 * The fields are static and shared by every subclass; that is safe because test classes run one after another.
 * The lifecycle methods have names no subclass uses, since a same-named static method would hide them.
 */
public abstract class NodeTest {
    protected static NodeFixture node;
    protected static Jedis jedis;

    @BeforeAll
    static void startNode() {
        node = NodeFixture.start();
        jedis = node.jedis();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void emptyNodeKeyspace() {
        node.node().store().flushAll();
    }
}
