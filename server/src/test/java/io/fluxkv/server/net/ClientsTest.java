package io.fluxkv.server.net;

import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.NodeTest;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real clients, unchanged, against a node: Jedis, Lettuce (RESP2 and RESP3), redis-cli and redis-benchmark. */
class ClientsTest extends NodeTest {
    static NodeFixture secured;

    @BeforeAll
    static void startSecured() {
        secured = NodeFixture.start("requirepass", "pw");
    }

    @AfterAll
    static void stopSecured() {
        secured.close();
    }

    @Test
    void jedisRegistersItsLibraryAndWorks() {
        assertThat(jedis.set("jedis-key", "v")).isEqualTo("OK");
        assertThat(jedis.get("jedis-key")).isEqualTo("v");
        assertThat(jedis.clientInfo()).contains(" lib-name=jedis ").containsPattern(" lib-ver=\\d");
        try (Jedis authed = new Jedis("127.0.0.1", secured.port())) {
            authed.auth("pw");
            assertThat(authed.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void lettuceSpeaksResp3AndResp2() {
        for (ProtocolVersion version : ProtocolVersion.values()) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(secured.port())
                    .withPassword("pw".toCharArray()).withTimeout(Duration.ofSeconds(10)).build());
            client.setOptions(ClientOptions.builder().protocolVersion(version).build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> sync = connection.sync();
                assertThat(sync.set("lettuce-" + version, "v")).isEqualTo("OK");
                assertThat(sync.get("lettuce-" + version)).isEqualTo("v");
                assertThat(sync.clientInfo()).contains(" resp=" + (version == ProtocolVersion.RESP3 ? 3 : 2) + " ");
                assertThat(sync.configGet("maxclients")).containsEntry("maxclients", "10000");
                // Asking for a protocol the server does not speak is an error the client sees; the link stays up.
                assertThatThrownBy(() -> sync.dispatch(CommandType.HELLO, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add(4)))
                        .isInstanceOf(RedisCommandExecutionException.class)
                        .hasMessage("NOPROTO unsupported protocol version");
                assertThat(sync.ping()).isEqualTo("PONG");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void redisCliRunsCommandsFromArgumentsAndStdin() throws Exception {
        String port = String.valueOf(node.port());
        assertThat(run(null, "redis-cli", "-p", port, "ping")).isEqualTo("PONG\n");
        assertThat(run(null, "redis-cli", "-p", port, "set", "cli-key", "hello world")).isEqualTo("OK\n");
        assertThat(run(null, "redis-cli", "-p", port, "get", "cli-key")).isEqualTo("hello world\n");
        assertThat(run(null, "redis-cli", "-p", port, "INFO", "server")).startsWith("# Server\r\n")
                .contains("\r\nredis_version:7.0.15\r\n");
        assertThat(run("set stdin-key 42\nget stdin-key\nselect 99\n", "redis-cli", "-p", port))
                .isEqualTo("OK\n42\nERR DB index is out of range\n\n"); // redis-cli adds the blank line
        String securedPort = String.valueOf(secured.port());
        assertThat(run(null, "redis-cli", "-p", securedPort, "--no-auth-warning", "-a", "pw", "ping"))
                .isEqualTo("PONG\n");
        assertThat(run(null, "redis-cli", "-p", securedPort, "ping"))
                .isEqualTo("NOAUTH Authentication required.\n\n");
    }

    @Test
    void redisCliHelpComesFromCommandDocs() throws Exception {
        String help = run(null, "redis-cli", "-p", String.valueOf(node.port()), "help", "set");
        String summary = node.node().dispatcher().table().find("set".getBytes(StandardCharsets.US_ASCII)).summary();
        assertThat(help).contains("SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
                + "PXAT unix-time-milliseconds|KEEPTTL]").contains(summary).contains("group: string");
        assertThat(run(null, "redis-cli", "-p", String.valueOf(node.port()), "help", "config", "get"))
                .contains("CONFIG GET parameter [parameter ...]");
    }

    @Test
    void redisBenchmarkCompletesWithoutErrors() throws Exception {
        String out = run(null, "redis-benchmark", "-p", String.valueOf(node.port()), "-n", "2000", "-c", "5",
                "-t", "set,get,ping", "-q");
        assertThat(out).contains("SET: ").contains("GET: ").contains("PING_INLINE: ").contains("PING_MBULK: ")
                .doesNotContainIgnoringCase("error");
    }

    /** Runs a tool with a time limit; stdout and stderr together, as text without terminal colours. */
    private static String run(String stdin, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in time");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("\u001B\\[[0-9;]*m", "");
    }
}
