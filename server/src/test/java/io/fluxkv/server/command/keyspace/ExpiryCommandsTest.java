package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.testing.NodeTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ExpiryOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EXPIRE and friends, TTL and friends, PERSIST, lazy expiry on access and active expiry without access. */
class ExpiryCommandsTest extends NodeTest {
    @Test
    void ttlIsMinusTwoWithoutKeyAndMinusOneWithoutDeadline() {
        assertThat(jedis.ttl("k")).isEqualTo(-2);
        assertThat(jedis.pttl("k")).isEqualTo(-2);
        assertThat(jedis.expireTime("k")).isEqualTo(-2);
        jedis.set("k", "v");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.pttl("k")).isEqualTo(-1);
        assertThat(jedis.pexpireTime("k")).isEqualTo(-1);
    }

    @Test
    void relativeAndAbsoluteDeadlines() {
        jedis.set("k", "v");
        long before = System.currentTimeMillis();
        assertThat(jedis.expire("k", 100)).isEqualTo(1);
        assertThat(jedis.ttl("k")).isEqualTo(100);
        assertThat(jedis.pttl("k")).isBetween(99_000L, 100_000L);
        assertThat(jedis.pexpireTime("k")).isBetween(before + 100_000, System.currentTimeMillis() + 100_000);
        assertThat(jedis.pexpire("k", 5_000)).isEqualTo(1);
        assertThat(jedis.pttl("k")).isBetween(4_000L, 5_000L);
        long at = System.currentTimeMillis() / 1000 + 1000;
        assertThat(jedis.expireAt("k", at)).isEqualTo(1);
        assertThat(jedis.expireTime("k")).isEqualTo(at);
        assertThat(jedis.pexpireAt("k", at * 1000 + 499)).isEqualTo(1);
        assertThat(jedis.pexpireTime("k")).isEqualTo(at * 1000 + 499);
        assertThat(jedis.expireTime("k")).isEqualTo(at);
        assertThat(jedis.persist("k")).isEqualTo(1);
        assertThat(jedis.persist("k")).isZero();
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.expire("missing", 100)).isZero();
    }

    @Test
    void deadlinesInThePastDeleteTheKey() {
        for (Runnable expire : new Runnable[] {
                () -> assertThat(jedis.expire("k", -10)).isEqualTo(1),
                () -> assertThat(jedis.pexpire("k", 0)).isEqualTo(1),
                () -> assertThat(jedis.expireAt("k", 1)).isEqualTo(1),
                () -> assertThat(jedis.pexpireAt("k", System.currentTimeMillis() - 1)).isEqualTo(1)}) {
            jedis.set("k", "v");
            expire.run();
            assertThat(jedis.exists("k")).isFalse();
            assertThat(jedis.ttl("k")).isEqualTo(-2);
        }
    }

    @Test
    void conditionalOptions() {
        jedis.set("k", "v");
        assertThat(jedis.expire("k", 100, ExpiryOption.XX)).isZero();
        assertThat(jedis.expire("k", 100, ExpiryOption.GT)).isZero();
        assertThat(jedis.expire("k", 100, ExpiryOption.LT)).isEqualTo(1);
        assertThat(jedis.expire("k", 200, ExpiryOption.NX)).isZero();
        assertThat(jedis.expire("k", 50, ExpiryOption.GT)).isZero();
        assertThat(jedis.expire("k", 200, ExpiryOption.GT)).isEqualTo(1);
        assertThat(jedis.expire("k", 300, ExpiryOption.LT)).isZero();
        assertThat(jedis.expire("k", 150, ExpiryOption.XX)).isEqualTo(1);
        assertThat(jedis.ttl("k")).isEqualTo(150);
        jedis.persist("k");
        assertThat(jedis.expire("k", 100, ExpiryOption.NX)).isEqualTo(1);
    }

    @Test
    void errorStrings() {
        jedis.set("k", "v");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.EXPIRE, "k", "10", "NX", "XX"))
                .hasMessage("ERR NX and XX, GT or LT options at the same time are not compatible");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.EXPIRE, "k", "10", "GT", "LT"))
                .hasMessage("ERR GT and LT options at the same time are not compatible");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.EXPIRE, "k", "10", "SOON"))
                .hasMessage("ERR Unsupported option SOON");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.EXPIRE, "k", "ten"))
                .hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.EXPIRE, "k", "9223372036854775807"))
                .hasMessage("ERR invalid expire time in 'expire' command");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.PEXPIRE, "k", "9223372036854775807"))
                .hasMessage("ERR invalid expire time in 'pexpire' command");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.EXPIREAT, "k", "-9223372036854775808"))
                .hasMessage("ERR invalid expire time in 'expireat' command");
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.TTL))
                .hasMessage("ERR wrong number of arguments for 'ttl' command");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
    }

    @Test
    void deadlinePassesForReaders() throws InterruptedException {
        jedis.set("k", "v");
        jedis.pexpire("k", 30);
        assertThat(jedis.get("k")).isEqualTo("v");
        Thread.sleep(60);
        assertThat(jedis.get("k")).isNull();
        assertThat(jedis.exists("k")).isFalse();
        assertThat(jedis.pttl("k")).isEqualTo(-2);
    }

    /** 10,000 keys with a 100 ms deadline, never read again, are all reclaimed by the active cycle alone. */
    @Test
    void activeExpiryReclaimsKeysNobodyReads() throws InterruptedException {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < 10_000; i++) {
            pipeline.set("volatile:" + i, "v");
            pipeline.pexpire("volatile:" + i, 100);
        }
        // Every PEXPIRE answering 1 shows every key was there with its deadline (some may be gone already).
        assertThat(pipeline.syncAndReturnAll()).filteredOn(reply -> reply.equals(1L)).hasSize(10_000);
        var db = node.node().store().database(0);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (db.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(db.size()).isZero();
        assertThat(db.expiringSize()).isZero();
    }
}
