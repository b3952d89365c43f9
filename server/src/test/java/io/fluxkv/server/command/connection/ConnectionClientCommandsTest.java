package io.fluxkv.server.command.connection;

import io.fluxkv.server.testing.Differential;
import io.fluxkv.server.testing.NodeAndRedisTest;
import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** CLIENT and its subcommands, and the connection limits (maxclients, timeout). */
class ConnectionClientCommandsTest extends NodeAndRedisTest {
    @Test
    void clientErrorsMatchRedis() throws Exception {
        try (Differential d = new Differential(redis, node)) {
            d.check("CLIENT", "GETNAME");
            d.check("CLIENT", "SETNAME", "has space");
            d.check("CLIENT", "SETNAME", "ok-name");
            d.check("CLIENT", "GETNAME");
            d.check("CLIENT", "SETNAME", "");
            d.check("CLIENT", "GETNAME");
            d.check("CLIENT", "LIST", "TYPE", "bogus");
            d.check("CLIENT", "LIST", "TYPE");
            d.check("CLIENT", "LIST", "ID", "abc");
            d.check("CLIENT", "LIST", "TYPE", "pubsub");
            d.check("CLIENT", "LIST", "ID", "99999");
            d.check("CLIENT", "KILL", "1.2.3.4:5");
            d.check("CLIENT", "KILL", "ID", "0");
            d.check("CLIENT", "KILL", "ID", "abc");
            d.check("CLIENT", "KILL", "ID", "99999");
            d.check("CLIENT", "KILL", "TYPE", "bogus");
            d.check("CLIENT", "KILL", "USER", "nobody");
            d.check("CLIENT", "KILL", "SKIPME", "maybe");
            d.check("CLIENT", "KILL", "ADDR");
            d.check("CLIENT", "KILL", "ADDR", "1.2.3.4:5", "SKIPME");
            d.check("CLIENT", "KILL", "NONSENSE", "x");
            d.check("CLIENT", "NO-EVICT", "maybe");
            d.check("CLIENT", "NO-EVICT", "on");
            d.check("CLIENT", "REPLY", "maybe");
            d.check("CLIENT", "NOSUCH");
            d.check("CLIENT", "ID", "extra");
            d.check("CLIENT");
        }
    }

    @Test
    void clientListDescribesEveryConnectionWithRedisFields() {
        RawConnection me = node.raw();
        me.command("CLIENT", "SETNAME", "lister");
        me.readReply();
        me.command("CLIENT", "SETINFO", "LIB-NAME", "mylib");
        assertThat(me.readReplyString()).isEqualTo("+OK\r\n");
        me.command("CLIENT", "SETINFO", "lib-ver", "1.2");
        assertThat(me.readReplyString()).isEqualTo("+OK\r\n");
        me.command("CLIENT", "SETINFO", "lib-ver", "has space");
        assertThat(me.readReplyString())
                .isEqualTo("-ERR lib-ver cannot contain spaces, newlines or special characters.\r\n");
        me.command("CLIENT", "SETINFO", "color", "red");
        assertThat(me.readReplyString()).isEqualTo("-ERR Unrecognized option 'color'\r\n");
        me.command("SELECT", "2");
        me.readReply();
        me.command("CLIENT", "ID");
        long id = Long.parseLong(me.readReplyString().substring(1).trim());
        me.command("CLIENT", "LIST");
        String list = me.readReplyString();
        Matcher line = Pattern.compile("id=" + id + " addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:" + node.port()
                + " fd=-?\\d+ name=lister age=\\d+ idle=\\d+ flags=N db=2 sub=0 psub=0 ssub=0 multi=-1 qbuf=\\d+ "
                + "qbuf-free=\\d+ argv-mem=\\d+ multi-mem=\\d+ rbs=\\d+ rbp=\\d+ obl=\\d+ oll=\\d+ omem=\\d+ "
                + "tot-mem=\\d+ events=r cmd=client\\|list user=default redir=-1 resp=2 lib-name=mylib lib-ver=1\\.2\n")
                .matcher(list);
        assertThat(line.find()).as(list).isTrue();
        me.command("CLIENT", "INFO");
        assertThat(me.readReplyString()).contains("id=" + id + " ").contains(" cmd=client|info ").endsWith("\n\r\n");
        me.command("CLIENT", "LIST", "ID", String.valueOf(id), "424242");
        assertThat(me.readReplyString()).contains("id=" + id + " ").doesNotContain("id=424242");
        me.command("CLIENT", "LIST", "TYPE", "normal");
        assertThat(me.readReplyString()).contains("id=" + id + " ");
    }

    @Test
    void clientKillClosesTheChosenConnections() {
        RawConnection victim = node.raw();
        victim.command("CLIENT", "ID");
        String victimId = victim.readReplyString().substring(1).trim();
        RawConnection killer = node.raw();
        killer.command("CLIENT", "KILL", "ID", victimId);
        assertThat(killer.readReplyString()).isEqualTo(":1\r\n");
        assertThat(victim.closedByServer(2000)).isTrue();

        RawConnection second = node.raw();
        second.command("CLIENT", "INFO");
        String addr = second.readReplyString().replaceAll("(?s).* addr=(\\S+) .*", "$1");
        killer.command("CLIENT", "KILL", addr);
        assertThat(killer.readReplyString()).isEqualTo("+OK\r\n");
        assertThat(second.closedByServer(2000)).isTrue();

        // SKIPME defaults to yes: the caller survives a kill of every normal client...
        killer.command("CLIENT", "KILL", "TYPE", "normal");
        assertThat(killer.readReplyString()).startsWith(":");
        killer.command("PING");
        assertThat(killer.readReplyString()).isEqualTo("+PONG\r\n");
        // ...unless it asks otherwise, and then it still gets its reply first.
        killer.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no");
        assertThat(killer.readReplyString()).startsWith(":");
        assertThat(killer.closedByServer(2000)).isTrue();
    }

    @Test
    void clientReplyOffAndSkipSuppressReplies() {
        RawConnection c = node.raw();
        c.command("CLIENT", "REPLY", "OFF");
        c.command("SET", "reply-key", "1");
        c.command("GET", "reply-key");
        c.command("NOSUCHCOMMAND");
        c.command("CLIENT", "REPLY", "ON");
        assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
        c.command("CLIENT", "REPLY", "SKIP");
        c.command("INCR", "reply-key");
        c.command("GET", "reply-key");
        assertThat(c.readReplyString()).isEqualTo("$1\r\n2\r\n");
    }

    @Test
    void replySkipSequencesMatchRedis() {
        // Which replies survive a mix of SKIP/OFF/ON is easiest to get wrong; the first surviving reply must agree.
        String[][][] sequences = {
            {{"CLIENT", "REPLY", "SKIP"}, {"CLIENT", "REPLY", "SKIP"}, {"ECHO", "a"}, {"ECHO", "b"}, {"ECHO", "c"}},
            {{"CLIENT", "REPLY", "SKIP"}, {"CLIENT", "REPLY", "ON"}, {"ECHO", "a"}},
            {{"CLIENT", "REPLY", "OFF"}, {"CLIENT", "REPLY", "SKIP"}, {"ECHO", "a"}, {"CLIENT", "REPLY", "ON"},
                {"ECHO", "b"}},
        };
        for (String[][] sequence : sequences) {
            try (RawConnection toRedis = redis.raw(); RawConnection toNode = node.raw()) {
                for (String[] command : sequence) {
                    toRedis.command(command);
                    toNode.command(command);
                }
                assertThat(toNode.readReplyString()).isEqualTo(toRedis.readReplyString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void clientHelpAndNoEvict() {
        RawConnection c = node.raw();
        c.command("client", "help");
        assertThat(c.readReplyString()).startsWith("*")
                .contains("+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                .contains("+KILL <ip:port>\r\n").endsWith("+HELP\r\n+    Prints this help.\r\n");
        c.command("CLIENT", "NO-EVICT", "on");
        assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
        c.command("CLIENT", "INFO");
        assertThat(c.readReplyString()).contains(" flags=e ");
    }

    @Test
    void maxclientsRefusesConnectionsAtAccept() {
        try (NodeFixture limited = NodeFixture.start("maxclients", "2")) {
            RawConnection first = limited.raw();
            RawConnection second = limited.raw();
            first.command("PING");
            second.command("PING");
            assertThat(first.readReplyString()).isEqualTo("+PONG\r\n");
            assertThat(second.readReplyString()).isEqualTo("+PONG\r\n");
            RawConnection third = limited.raw();
            assertThat(third.readReplyString()).isEqualTo("-ERR max number of clients reached\r\n");
            assertThat(third.closedByServer(2000)).isTrue();
            first.command("INFO", "stats");
            assertThat(first.readReplyString()).contains("rejected_connections:1\r\n");
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        try (NodeFixture timed = NodeFixture.start("timeout", "1", "hz", "50")) {
            RawConnection idle = timed.raw();
            idle.command("PING");
            assertThat(idle.readReplyString()).isEqualTo("+PONG\r\n");
            RawConnection busy = timed.raw();
            long deadline = System.currentTimeMillis() + 2500;
            while (System.currentTimeMillis() < deadline) {
                busy.command("PING");
                assertThat(busy.readReplyString()).isEqualTo("+PONG\r\n");
                Thread.sleep(200);
            }
            assertThat(idle.closedByServer(1000)).isTrue();
            busy.command("PING");
            assertThat(busy.readReplyString()).isEqualTo("+PONG\r\n");
        }
    }
}
