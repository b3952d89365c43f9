package io.fluxkv.server.command.blocking;

import io.fluxkv.server.testing.NodeTest;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocked clients woken by other connections: order, held-back commands, timeouts, disconnects. */
class BlockingCommandsTest extends NodeTest {
    private static void awaitBlocked(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (node.node().blockedClients().count() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("blocked clients never reached " + count + ": "
                        + node.node().blockedClients().count());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aPushFromAnotherConnectionServesTheBlockedClient() throws Exception {
        RawConnection waiter = node.raw();
        waiter.command("BLPOP", "q", "0");
        awaitBlocked(1);
        assertThat(jedis.info("clients")).contains("blocked_clients:1");
        assertThat(jedis.rpush("q", "hello")).isEqualTo(1);
        assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$1\r\nq\r\n$5\r\nhello\r\n");
        awaitBlocked(0);
        assertThat(jedis.exists("q")).isFalse();
    }

    @Test
    void blockedClientsAreServedInArrivalOrder() throws Exception {
        RawConnection[] waiters = new RawConnection[3];
        for (int i = 0; i < waiters.length; i++) {
            waiters[i] = node.raw();
            waiters[i].command("BLPOP", "fifo", "other", "0");
            awaitBlocked(i + 1);
        }
        jedis.rpush("fifo", "a", "b", "c");
        for (int i = 0; i < waiters.length; i++) {
            String element = String.valueOf((char) ('a' + i));
            assertThat(waiters[i].readReplyString()).isEqualTo("*2\r\n$4\r\nfifo\r\n$1\r\n" + element + "\r\n");
        }
        awaitBlocked(0);
        // One element for two waiters: only the first is served, the second keeps waiting.
        RawConnection first = node.raw();
        RawConnection second = node.raw();
        first.command("BRPOP", "one", "0");
        awaitBlocked(1);
        second.command("BRPOP", "one", "0");
        awaitBlocked(2);
        jedis.lpush("one", "x");
        assertThat(first.readReplyString()).isEqualTo("*2\r\n$3\r\none\r\n$1\r\nx\r\n");
        awaitBlocked(1);
        jedis.lpush("one", "y");
        assertThat(second.readReplyString()).isEqualTo("*2\r\n$3\r\none\r\n$1\r\ny\r\n");
    }

    @Test
    void commandsPipelinedBehindABlockedOneWaitForIt() throws Exception {
        RawConnection waiter = node.raw();
        waiter.send(new String(RawConnection.encode("BLPOP".getBytes(), "held".getBytes(), "0".getBytes()))
                + new String(RawConnection.encode("PING".getBytes()))
                + new String(RawConnection.encode("GET".getBytes(), "nothing".getBytes())));
        awaitBlocked(1);
        jedis.rpush("held", "v");
        assertThat(waiter.readReplyString()).isEqualTo("*2\r\n$4\r\nheld\r\n$1\r\nv\r\n");
        assertThat(waiter.readReplyString()).isEqualTo("+PONG\r\n");
        assertThat(waiter.readReplyString()).isEqualTo("$-1\r\n");
    }

    @Test
    void fractionalTimeoutsAnswerANullArray() {
        RawConnection waiter = node.raw();
        long started = System.nanoTime();
        waiter.command("BLMOVE", "none", "dst", "LEFT", "LEFT", "0.2");
        assertThat(waiter.readReplyString()).isEqualTo("*-1\r\n");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(tookMillis).isBetween(190L, 3000L);
        assertThat(node.node().blockedClients().count()).isZero();
    }

    @Test
    void aClientThatDisconnectsWhileBlockedTakesNothing() throws Exception {
        RawConnection waiter = node.raw();
        waiter.command("BLPOP", "left-behind", "0");
        awaitBlocked(1);
        waiter.close();
        awaitBlocked(0);
        jedis.rpush("left-behind", "kept");
        assertThat(jedis.lrange("left-behind", 0, -1)).containsExactly("kept");
    }

    @Test
    void blmoveAndBzpopminAreWokenToo() throws Exception {
        RawConnection mover = node.raw();
        mover.command("BLMOVE", "from", "to", "LEFT", "RIGHT", "0");
        awaitBlocked(1);
        jedis.rpush("from", "m");
        assertThat(mover.readReplyString()).isEqualTo("$1\r\nm\r\n");
        assertThat(jedis.lrange("to", 0, -1)).containsExactly("m");

        RawConnection popper = node.raw();
        popper.command("BZPOPMIN", "scores", "0");
        awaitBlocked(1);
        jedis.zadd("scores", 2.5, "member");
        assertThat(popper.readReplyString()).isEqualTo("*3\r\n$6\r\nscores\r\n$6\r\nmember\r\n$3\r\n2.5\r\n");
        awaitBlocked(0);
    }
}
