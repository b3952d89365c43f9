package io.fluxkv.server.net;

import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A random pick with a huge negative count builds a reply with no bound of its own. Like Redis, whose output-buffer
 * limit closes such a client, the node stops at the normal output-buffer hard limit and closes the connection,
 * instead of filling memory; other clients are not affected.
 */
class UnboundedReplyTest {
    @Test
    void hugeNegativeRandomCountsCloseTheConnectionAtTheOutputLimit() throws Exception {
        try (NodeFixture node = NodeFixture.start("client-output-buffer-limit", "normal 1mb 0 0")) {
            try (RawConnection setup = node.raw()) {
                setup.command("HSET", "h", "f", "v").readReply();
                setup.command("SADD", "s", "member").readReply();
                setup.command("ZADD", "z", "1", "member").readReply();
            }
            String[][] unbounded = {
                {"HRANDFIELD", "h", "-1000000000000"},
                {"HRANDFIELD", "h", "-1000000000000", "WITHVALUES"},
                {"SRANDMEMBER", "s", "-1000000000000"},
                {"ZRANDMEMBER", "z", "-1000000000000", "WITHSCORES"},
            };
            for (String[] command : unbounded) {
                try (RawConnection greedy = node.raw()) {
                    greedy.command(command);
                    assertThat(greedy.closedByServer(10_000)).as(String.join(" ", command)).isTrue();
                }
                try (RawConnection other = node.raw()) {
                    assertThat(other.command("PING").readReplyString()).isEqualTo("+PONG\r\n");
                }
            }
        }
    }
}
