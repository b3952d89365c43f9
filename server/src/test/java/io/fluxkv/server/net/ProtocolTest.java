package io.fluxkv.server.net;

import io.fluxkv.server.testing.Differential;
import io.fluxkv.server.testing.NodeAndRedisTest;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire protocol as a client sees it: pipelining, frames split at every byte, inline commands, and the protocol
 * errors that close a connection, compared with a real redis-server where Redis defines the behaviour.
 */
class ProtocolTest extends NodeAndRedisTest {
    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        RawConnection c = node.raw();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            batch.append("*3\r\n$3\r\nSET\r\n$").append(String.valueOf(i).length()).append("\r\n").append(i)
                    .append("\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$").append(String.valueOf(i).length()).append("\r\n")
                    .append(i).append("\r\n");
        }
        c.send(batch.toString());
        for (int i = 0; i < 1000; i++) {
            assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
            assertThat(c.readReplyString()).isEqualTo("$1\r\nv\r\n");
        }
    }

    @Test
    void frameSplitAtEveryByteIsDecoded() throws Exception {
        RawConnection c = node.raw();
        byte[] request = RawConnection.encode("SET".getBytes(), "split-key".getBytes(), "value\r\nwith crlf".getBytes());
        for (byte b : request) {
            c.send(new byte[] {b});
            Thread.sleep(1);
        }
        assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
        c.command("GET", "split-key");
        assertThat(c.readReplyString()).isEqualTo("$16\r\nvalue\r\nwith crlf\r\n");
    }

    @Test
    void inlineCommandsMatchRedis() throws Exception {
        try (Differential d = new Differential(redis, node)) {
            d.checkRaw("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            d.checkRaw("SET inline \"a b\\x41\\n\"\r\n".getBytes(StandardCharsets.US_ASCII));
            d.checkRaw("GET inline\r\n".getBytes(StandardCharsets.US_ASCII));
            d.checkRaw("ECHO 'it\\'s'\n".getBytes(StandardCharsets.US_ASCII));
            d.checkRaw("\r\n\r\nPING hello\r\n".getBytes(StandardCharsets.US_ASCII));
            d.checkRaw("NOSUCHCOMMAND a b\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void protocolErrorsMatchRedisAndCloseTheConnection() {
        String[] bad = {
            "*1\r\n$x\r\n",
            "*1\r\n$-5\r\n",
            "*1\r\nfoo\r\n",
            "*abc\r\n",
            "*1048577\r\n",
            "*1\r\n$536870913\r\n",
            "SET a \"unbalanced\r\n",
            "ECHO \"closing\"quote\r\n",
        };
        for (String request : bad) {
            try (RawConnection toRedis = redis.raw(); RawConnection toNode = node.raw()) {
                String actual = toNode.send(request).readReplyString();
                if (request.startsWith("*1048577")) {
                    // Redis 7.0 accepts up to INT_MAX arguments; we cap at 1M as older Redis did.
                    assertThat(actual).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
                } else {
                    String expected = toRedis.send(request).readReplyString();
                    assertThat(actual).as("reply to %s", request.replace("\r\n", "\\r\\n")).isEqualTo(expected);
                }
                assertThat(toNode.closedByServer(2000)).as("closed after %s", request).isTrue();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void emptyMultibulkIsIgnored() {
        RawConnection c = node.raw();
        c.send("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n");
        assertThat(c.readReplyString()).isEqualTo("+PONG\r\n");
    }

    @Test
    void tooLongInlineRequestIsRefused() {
        RawConnection c = node.raw();
        c.send("A".repeat(70 * 1024));
        assertThat(c.readReplyString()).isEqualTo("-ERR Protocol error: too big inline request\r\n");
        assertThat(c.closedByServer(2000)).isTrue();
    }

    @Test
    void hugeClaimedBulkIsNotPreallocated() {
        // A 500 MB bulk announced but never sent must not make the node allocate it: the connection simply waits.
        RawConnection c = node.raw();
        c.send("*2\r\n$4\r\nECHO\r\n$524288000\r\nabc");
        RawConnection other = node.raw();
        other.command("PING");
        assertThat(other.readReplyString()).isEqualTo("+PONG\r\n");
        assertThat(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()).isLessThan(400L << 20);
    }
}
