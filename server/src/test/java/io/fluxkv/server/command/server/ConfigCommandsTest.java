package io.fluxkv.server.command.server;

import io.fluxkv.server.testing.Differential;
import io.fluxkv.server.testing.NodeAndRedisTest;
import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CONFIG GET, SET, RESETSTAT and HELP. */
class ConfigCommandsTest extends NodeAndRedisTest {
    @Test
    void configSetErrorsAndValuesMatchRedis() throws Exception {
        try (Differential d = new Differential(redis, node)) {
            d.check("CONFIG", "SET", "nosuch", "1");
            d.check("CONFIG", "SET", "maxclients");
            d.check("CONFIG", "SET", "maxclients", "100", "timeout");
            d.check("CONFIG", "SET", "databases", "4");
            d.check("CONFIG", "SET", "maxclients", "abc");
            d.check("CONFIG", "SET", "appendonly", "maybe");
            d.check("CONFIG", "SET", "maxmemory-policy", "sometimes");
            d.check("CONFIG", "SET", "appendfsync", "never");
            d.check("CONFIG", "SET", "timeout", "-1");
            d.check("CONFIG", "SET", "maxmemory", "lots");
            d.check("CONFIG", "SET", "timeout", "5", "TIMEOUT", "6");
            d.check("CONFIG", "SET", "timeout", "5", "nosuch", "1", "databases", "3");
            d.check("CONFIG", "SET", "databases", "3", "nosuch", "1");
            d.check("CONFIG", "SET", "timeout", "7", "maxclients", "zero");
            d.check("CONFIG", "GET", "timeout");
            d.check("CONFIG", "SET", "timeout", "7", "maxmemory-policy", "ALLKEYS-LRU");
            d.check("CONFIG", "GET", "timeout");
            d.check("CONFIG", "GET", "maxmemory-policy");
            d.check("CONFIG", "GET", "TIMEOUT");
            d.check("CONFIG", "GET", "nosuch*");
            d.check("CONFIG", "GET", "appendonly");
            d.check("CONFIG", "GET", "server_cpulist");
            d.check("CONFIG", "GET", "bio_cpulist");
            d.check("CONFIG", "GET", "aof_rewrite_cpulist");
            d.check("CONFIG", "SET", "server_cpulist", "0");
            d.check("CONFIG", "SET", "timeout", "8", "aof_rewrite_cpulist", "0-1");
            d.check("CONFIG", "GET");
            d.check("CONFIG", "RESETSTAT", "x");
            d.check("CONFIG", "NOSUCH");
        }
    }

    @Test
    void getMatchesGlobPatternsAndAnswersAMapInResp3() {
        Jedis jedis = node.jedis();
        Map<String, String> max = jedis.configGet("max*");
        assertThat(max).containsEntry("maxclients", "10000").containsEntry("maxmemory", "0")
                .containsKey("maxmemory-policy").allSatisfy((k, v) -> assertThat(k).startsWith("max"));
        assertThat(jedis.configGet("save", "appendonly")).containsOnlyKeys("save", "appendonly");
        // Several names (one repeated): Redis answers each once, in its hash-table order, so compare as maps.
        try (Jedis reference = new Jedis("127.0.0.1", redis.port())) {
            assertThat(jedis.configGet("maxclients", "timeout", "maxclients"))
                    .isEqualTo(reference.configGet("maxclients", "timeout", "maxclients"));
        }
        RawConnection c = node.raw();
        c.command("HELLO", "3");
        c.readReply();
        c.command("CONFIG", "GET", "timeout");
        assertThat(c.readReplyString()).isEqualTo("%1\r\n$7\r\ntimeout\r\n$1\r\n0\r\n");
    }

    @Test
    void setIsAllOrNothingAndTakesEffectAtOnce() {
        try (NodeFixture own = NodeFixture.start()) {
            Jedis jedis = own.jedis();
            assertThat(jedis.configSet("timeout", "30", "maxclients", "50")).isEqualTo("OK");
            assertThat(own.node().config().timeoutSeconds).isEqualTo(30);
            assertThat(own.node().config().maxClients).isEqualTo(50);
            RawConnection c = own.raw();
            c.command("CONFIG", "SET", "timeout", "40", "maxclients", "0");
            assertThat(c.readReplyString()).startsWith("-ERR CONFIG SET failed (possibly related to argument "
                    + "'maxclients') - argument must be between 1 and ");
            assertThat(own.node().config().timeoutSeconds).isEqualTo(30);
        }
    }

    @Test
    void resetstatZeroesTheCounters() {
        try (NodeFixture own = NodeFixture.start()) {
            Jedis jedis = own.jedis();
            jedis.set("k", "v");
            jedis.get("k");
            jedis.get("missing");
            assertThat(jedis.info("stats")).contains("keyspace_hits:1\r\n").contains("keyspace_misses:1\r\n");
            assertThat(jedis.configResetStat()).isEqualTo("OK");
            String stats = jedis.info("stats");
            assertThat(stats).contains("keyspace_hits:0\r\n").contains("keyspace_misses:0\r\n")
                    .contains("total_connections_received:0\r\n");
            assertThat(jedis.info("commandstats")).doesNotContain("cmdstat_get");
        }
    }

    @Test
    void helpListsTheSubcommands() {
        RawConnection c = node.raw();
        c.command("CONFIG", "HELP");
        assertThat(c.readReplyString()).startsWith("*9\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. "
                + "Subcommands are:\r\n+GET <pattern>\r\n");
    }
}
