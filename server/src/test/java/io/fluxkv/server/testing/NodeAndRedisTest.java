package io.fluxkv.server.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base for test classes that compare a default node with a real redis-server: both started before the class's first
 * test and stopped after its last (after the subclass's own {@code @AfterAll}, so it may still close connections to
 * them). Nothing is flushed between tests unless the subclass calls {@link #flushBoth()}. Nodes or servers with
 * special settings are started by the test class itself.
 * <p>
 * The fields are static and shared by every subclass; that is safe because test classes run one after another.
 * The lifecycle methods have names no subclass uses, since a same-named static method would hide them.
 */
public abstract class NodeAndRedisTest {
    protected static NodeFixture node;
    protected static RedisServerProcess redis;

    @BeforeAll
    static void startNodeAndRedis() {
        node = NodeFixture.start();
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopNodeAndRedis() {
        node.close();
        redis.close();
    }

    /** Empties every database on both sides, so a differential test starts from the same (empty) state. */
    protected static void flushBoth() {
        node.node().store().flushAll();
        try (RawConnection c = redis.raw()) {
            c.command("FLUSHALL");
            assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
