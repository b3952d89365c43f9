package io.fluxkv.server.command.server;

import io.fluxkv.server.testing.Differential;
import io.fluxkv.server.testing.NodeAndRedisTest;
import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE and SHUTDOWN. */
class ServerCommandsTest extends NodeAndRedisTest {
    @Test
    void keyspaceCommandsMatchRedis() throws Exception {
        try (Differential d = new Differential(redis, node)) {
            d.check("FLUSHALL");
            d.check("SET", "a", "1");
            d.check("SET", "b", "2");
            d.check("DBSIZE");
            d.check("SWAPDB", "0", "1");
            d.check("DBSIZE");
            d.check("SELECT", "1");
            d.check("DBSIZE");
            d.check("FLUSHDB", "SYNC");
            d.check("DBSIZE");
            d.check("SELECT", "0");
            d.check("SET", "c", "3");
            d.check("FLUSHDB", "ASYNC");
            d.check("DBSIZE");
            d.check("FLUSHDB", "LATER");
            d.check("FLUSHALL", "ASYNC", "SYNC");
            d.check("FLUSHALL", "ASYNC");
            d.check("SWAPDB", "x", "1");
            d.check("SWAPDB", "0", "y");
            d.check("SWAPDB", "0", "16");
            d.check("SWAPDB", "-1", "0");
            d.check("SWAPDB", "0", "99999999999");
            d.check("SWAPDB", "3", "3");
            d.check("TIME", "x");
            d.check("LASTSAVE", "x");
            d.check("SHUTDOWN", "NOSAVE", "SAVE");
            d.check("SHUTDOWN", "ABORT", "NOW");
            d.check("SHUTDOWN", "LATER");
            d.check("SHUTDOWN", "ABORT");
        }
    }

    @Test
    void timeAndLastsaveAreCurrent() {
        RawConnection c = node.raw();
        long before = System.currentTimeMillis() / 1000;
        c.command("TIME");
        String[] time = c.readReplyString().split("\r\n");
        assertThat(time[0]).isEqualTo("*2");
        assertThat(Long.parseLong(time[2])).isBetween(before, before + 2);
        assertThat(Long.parseLong(time[4])).isBetween(0L, 999_999L);
        c.command("LASTSAVE");
        assertThat(Long.parseLong(c.readReplyString().substring(1).trim())).isBetween(before - 600, before + 1);
    }

    @Test
    void shutdownStopsTheNodeWithoutAReply() throws Exception {
        NodeFixture doomed = NodeFixture.start();
        try {
            int port = doomed.port();
            RawConnection c = doomed.raw();
            c.command("SHUTDOWN", "NOSAVE", "NOW");
            assertThat(c.closedByServer(5000)).isTrue();
            long deadline = System.currentTimeMillis() + 5000;
            while (!doomed.node().stopping() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            doomed.node().awaitStop();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
        } finally {
            doomed.close();
        }
    }
}
