package io.fluxkv.server.command.server;

import io.fluxkv.server.testing.NodeAndRedisTest;
import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** INFO: sections, field names and layout as Redis 7.0 writes them. */
class InfoCommandTest extends NodeAndRedisTest {
    private static List<String> headers(String info) {
        List<String> headers = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                headers.add(line);
            }
        }
        return headers;
    }

    private static String info(RawConnection c, String... sections) {
        String[] args = new String[sections.length + 1];
        args[0] = "INFO";
        System.arraycopy(sections, 0, args, 1, sections.length);
        c.command(args);
        String reply = c.readReplyString();
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }

    @Test
    void sectionsComeInRedisOrderAndSelection() {
        RawConnection ours = node.raw();
        RawConnection theirs = redis.raw();
        for (String[] selection : new String[][] {{}, {"server"}, {"SERVER", "keyspace"}, {"default"},
                {"clients", "nosuch"}, {"nosuch"}}) {
            assertThat(headers(info(ours, selection))).as(String.join(" ", selection))
                    .isEqualTo(headers(info(theirs, selection)).stream()
                            .filter(h -> !h.equals("# Errorstats")).toList());
        }
        List<String> all = headers(info(ours, "all"));
        assertThat(all).contains("# Commandstats").startsWith("# Server").endsWith("# Keyspace");
        assertThat(info(ours, "nosuch")).isEmpty();
    }

    @Test
    void fieldsToolsReadArePresentWithRedisNames() {
        Jedis jedis = node.jedis();
        jedis.select(3);
        jedis.set("info-key", "v");
        jedis.expire("info-key", 100);
        jedis.set("info-key2", "v");
        String info = jedis.info("everything");
        assertThat(info).contains("\r\n").doesNotContain("\n\n");
        for (String field : List.of("redis_version:7.0.15", "redis_mode:standalone", "arch_bits:64",
                "process_id:" + ProcessHandle.current().pid(), "tcp_port:" + node.port(), "uptime_in_seconds:",
                "uptime_in_days:0", "hz:10", "executable:", "config_file:", "run_id:" + node.node().runId(),
                "connected_clients:", "maxclients:10000", "blocked_clients:0", "used_memory:", "used_memory_human:",
                "used_memory_rss:", "maxmemory:0", "maxmemory_policy:noeviction", "mem_fragmentation_ratio:",
                "loading:0", "async_loading:0", "rdb_changes_since_last_save:", "rdb_bgsave_in_progress:0",
                "rdb_last_save_time:", "aof_enabled:0", "aof_rewrite_in_progress:0", "aof_last_bgrewrite_status:ok",
                "aof_last_write_status:ok", "total_connections_received:", "total_commands_processed:",
                "instantaneous_ops_per_sec:", "total_net_input_bytes:", "total_net_output_bytes:",
                "rejected_connections:0", "expired_keys:", "evicted_keys:0", "keyspace_hits:", "keyspace_misses:",
                "role:master", "connected_slaves:0", "master_replid:" + node.node().replId(), "used_cpu_sys:",
                "used_cpu_user:", "cluster_enabled:0", "db3:keys=2,expires=1,avg_ttl=0")) {
            assertThat(info).as(field).contains("\r\n" + field);
        }
        assertThat(info).containsPattern("cmdstat_set:calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,"
                + "rejected_calls=0,failed_calls=0\r\n");
        assertThat(info).containsPattern("used_cpu_user:\\d+\\.\\d{6}\r\n");
        assertThat(info).containsPattern("used_memory_human:\\d+(\\.\\d\\d[KMG]|B)\r\n");
    }

    @Test
    void commandstatsCountFailuresAndRejections() {
        try (NodeFixture own = NodeFixture.start()) {
            RawConnection c = own.raw();
            c.command("SELECT", "notanumber");
            c.readReply();
            c.command("GET");
            c.readReply();
            assertThat(info(c, "commandstats"))
                    .containsPattern("cmdstat_select:calls=1,.*,rejected_calls=0,failed_calls=1\r\n")
                    .contains("cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n")
                    .doesNotContain("cmdstat_info:");
        }
    }

    @Test
    void instantaneousOpsFollowsTheLoad() throws Exception {
        try (NodeFixture own = NodeFixture.start()) {
            RawConnection c = own.raw();
            long end = System.currentTimeMillis() + 1200;
            while (System.currentTimeMillis() < end) {
                c.command("PING");
                c.readReply();
            }
            String stats = info(c, "stats");
            long ops = Long.parseLong(stats.replaceAll("(?s).*instantaneous_ops_per_sec:(\\d+).*", "$1"));
            assertThat(ops).isPositive();
        }
    }

    @Test
    void resp3RepliesWithAVerbatimString() {
        RawConnection c = node.raw();
        c.command("HELLO", "3");
        c.readReply();
        c.command("INFO", "server");
        assertThat(c.readReplyString()).startsWith("=").contains("\r\ntxt:# Server\r\nredis_version:7.0.15\r\n");
    }
}
