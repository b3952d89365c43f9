package io.fluxkv.server.command.connection;

import io.fluxkv.server.testing.Differential;
import io.fluxkv.server.testing.NodeAndRedisTest;
import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.RawConnection;
import io.fluxkv.server.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PING, ECHO, QUIT, HELLO, AUTH, SELECT, RESET, compared with redis-server where the reply is deterministic. */
class ConnectionCommandsTest extends NodeAndRedisTest {
    static NodeFixture securedNode;
    static RedisServerProcess securedRedis;

    @BeforeAll
    static void startSecured() {
        securedNode = NodeFixture.start("requirepass", "s3cret");
        securedRedis = RedisServerProcess.start("--requirepass", "s3cret");
    }

    @AfterAll
    static void stopSecured() {
        securedNode.close();
        securedRedis.close();
    }

    @Test
    void pingEchoSelectAndHelloErrorsMatchRedis() throws Exception {
        try (Differential d = new Differential(redis, node)) {
            d.check("PING");
            d.check("PING", "hello");
            d.check("PING", "a", "b");
            d.check("ECHO", "x\r\ny");
            d.check("SELECT", "1");
            d.check("SELECT", "16");
            d.check("SELECT", "-1");
            d.check("SELECT", "abc");
            d.check("SELECT", "99999999999");
            d.check("SELECT", "0");
            d.check("HELLO", "4");
            d.check("HELLO", "1");
            d.check("HELLO", "abc");
            d.check("HELLO", "2", "SETNAME");
            d.check("HELLO", "2", "FOO", "bar");
            d.check("HELLO", "2", "SETNAME", "bad name");
            d.check("HELLO", "2", "AUTH", "default");
            d.check("HELLO", "2", "AUTH", "someone", "pass");
            d.check("AUTH", "pass");
            d.check("AUTH", "someone", "pass");
            d.check("AUTH", "default", "anything");
            d.check("AUTH", "a", "b", "c");
            d.check("RESET");
            d.check("QUIT");
        }
    }

    @Test
    void authenticationMatchesRedisWithRequirepass() throws Exception {
        try (Differential d = new Differential(securedRedis, securedNode)) {
            d.check("GET", "k");
            d.check("PING");
            d.check("HELLO", "3");
            d.check("HELLO");
            d.check("AUTH", "wrong");
            d.check("AUTH", "default", "wrong");
            d.check("GET", "k");
            d.check("AUTH", "s3cret");
            d.check("GET", "k");
            d.check("RESET");
            d.check("GET", "k");
            d.check("AUTH", "default", "s3cret");
            d.check("DBSIZE");
        }
    }

    @Test
    void helloAuthenticatesAndSwitchesToResp3() {
        RawConnection c = securedNode.raw();
        c.command("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "conn1");
        String reply = c.readReplyString();
        assertThat(reply).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
                + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:")
                .endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
        c.command("CLIENT", "GETNAME");
        assertThat(c.readReplyString()).isEqualTo("$5\r\nconn1\r\n");
        c.command("GET", "missing");
        assertThat(c.readReplyString()).isEqualTo("_\r\n");
        c.command("SELECT", "3");
        assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
        c.command("RESET");
        assertThat(c.readReplyString()).isEqualTo("+RESET\r\n");
        c.command("GET", "missing");
        assertThat(c.readReplyString()).isEqualTo("-NOAUTH Authentication required.\r\n");
        c.command("HELLO", "2", "AUTH", "default", "s3cret");
        assertThat(c.readReplyString()).startsWith("*14\r\n").contains("$5\r\nproto\r\n:2\r\n");
        c.command("CLIENT", "INFO");
        assertThat(c.readReplyString()).contains(" name= ").contains(" db=0 ").contains(" resp=2 ");
    }

    @Test
    void quitClosesAfterItsReply() {
        RawConnection c = node.raw();
        c.command("QUIT");
        assertThat(c.readReplyString()).isEqualTo("+OK\r\n");
        assertThat(c.closedByServer(2000)).isTrue();
    }

    @Test
    void unauthenticatedClientsCannotSendLargeRequests() {
        RawConnection many = securedNode.raw();
        many.send("*11\r\n");
        assertThat(many.readReplyString()).isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
        assertThat(many.closedByServer(2000)).isTrue();

        RawConnection big = securedNode.raw();
        big.send("*2\r\n$3\r\nGET\r\n$16385\r\n");
        assertThat(big.readReplyString()).isEqualTo("-ERR Protocol error: unauthenticated bulk length\r\n");
        assertThat(big.closedByServer(2000)).isTrue();

        RawConnection authed = securedNode.raw();
        authed.command("AUTH", "s3cret");
        assertThat(authed.readReplyString()).isEqualTo("+OK\r\n");
        authed.command("ECHO", "x".repeat(20000));
        assertThat(authed.readReplyString()).hasSize(20000 + 10);
    }

    @Test
    void requirepassSetAtRunTimeAppliesToNewAuthentications() {
        try (NodeFixture fresh = NodeFixture.start()) {
            RawConnection admin = fresh.raw();
            admin.command("CONFIG", "SET", "requirepass", "later");
            assertThat(admin.readReplyString()).isEqualTo("+OK\r\n");
            admin.command("PING");
            assertThat(admin.readReplyString()).isEqualTo("+PONG\r\n");
            RawConnection newcomer = fresh.raw();
            newcomer.command("PING");
            assertThat(newcomer.readReplyString()).isEqualTo("-NOAUTH Authentication required.\r\n");
            newcomer.command("AUTH", "later");
            assertThat(newcomer.readReplyString()).isEqualTo("+OK\r\n");
        }
    }
}
