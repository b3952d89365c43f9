package io.fluxkv.server.command.server;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.server.testing.Differential;
import io.fluxkv.server.testing.NodeAndRedisTest;
import io.fluxkv.server.testing.RawConnection;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.CommandListFilterByParams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** COMMAND and its subcommands: the table as clients see it, compared with redis-server 7.0.15 where comparable. */
@SuppressWarnings("unchecked")
class CommandCommandsTest extends NodeAndRedisTest {
    /** Subcommands Redis 7.0.15 does not have (CLIENT SETINFO came with 7.2). */
    private static final Set<String> NEWER_THAN_7_0 = Set.of("client|setinfo");

    private static List<CommandSpec> served() {
        return node.node().dispatcher().table().commands().stream().filter(node.node().dispatcher()::serves).toList();
    }

    @Test
    void commandInfoOfEveryServedCommandMatchesRedisByteForByte() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        try (Differential d = new Differential(redis, node)) {
            for (CommandSpec spec : served()) {
                if (!spec.hasSubcommands()) {
                    softly.check(() -> d.check("COMMAND", "INFO", spec.name()));
                    continue;
                }
                for (CommandSpec sub : spec.subcommands()) {
                    if (node.node().dispatcher().serves(sub) && !NEWER_THAN_7_0.contains(sub.fullName())) {
                        softly.check(() -> d.check("COMMAND", "INFO", sub.fullName()));
                    }
                }
            }
            softly.assertAll();
            d.check("COMMAND", "INFO", "nosuchcommand");
            d.check("COMMAND", "INFO", "get", "nosuch", "TIME", "config|GET");
        }
    }

    @Test
    void containersMatchRedisApartFromTheirSubcommandList() {
        RawConnection ours = node.raw();
        RawConnection theirs = redis.raw();
        for (CommandSpec spec : served()) {
            if (spec.hasSubcommands()) {
                ours.command("COMMAND", "INFO", spec.name());
                theirs.command("COMMAND", "INFO", spec.name());
                List<Object> mine = (List<Object>) ((List<Object>) Resp.parse(ours.readReply())).get(0);
                List<Object> reference = (List<Object>) ((List<Object>) Resp.parse(theirs.readReply())).get(0);
                assertThat(mine.subList(0, 9)).as(spec.name()).isEqualTo(reference.subList(0, 9));
                List<Object> subs = (List<Object>) mine.get(9);
                assertThat(subs).hasSize((int) spec.subcommands().stream()
                        .filter(node.node().dispatcher()::serves).count());
            }
        }
    }

    @Test
    void countListAndDocsCoverExactlyTheServedCommands() {
        Jedis jedis = node.jedis();
        List<CommandSpec> served = served();
        assertThat(jedis.commandCount()).isEqualTo(served.size());
        List<String> expected = new ArrayList<>();
        for (CommandSpec spec : served) {
            expected.add(spec.fullName());
            spec.subcommands().stream().filter(node.node().dispatcher()::serves).forEach(s -> expected.add(s.fullName()));
        }
        assertThat(jedis.commandList()).containsExactlyElementsOf(expected);
        assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                .filterByPattern("config|*"))).allMatch(name -> name.startsWith("config|")).contains("config|get");
        assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                .filterByAclCat("connection"))).contains("ping", "client|id").doesNotContain("get");
        assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                .filterByModule("nosuchmodule"))).isEmpty();
        assertThat(jedis.commandDocs("get", "nosuch", "config|get")).containsOnlyKeys("get", "config|get");
        RawConnection c = node.raw();
        c.command("COMMAND");
        assertThat((List<Object>) Resp.parse(c.readReply())).hasSize(served.size());
    }

    @Test
    void docsCarryWhatRedisCliNeeds() {
        RawConnection c = node.raw();
        c.command("COMMAND", "DOCS", "set");
        List<Object> docs = (List<Object>) Resp.parse(c.readReply());
        assertThat(docs.get(0)).isEqualTo("set");
        List<Object> fields = (List<Object>) docs.get(1);
        assertThat(fields).contains("summary", "since", "group", "complexity", "arguments");
        List<Object> arguments = (List<Object>) fields.get(fields.indexOf("arguments") + 1);
        assertThat((List<Object>) arguments.get(0)).containsExactly("name", "key", "type", "key", "key_spec_index", 0L);
        List<Object> condition = (List<Object>) arguments.get(2);
        assertThat(condition).containsSequence("flags", List.of("optional"));
    }

    @Test
    void getKeysAndErrorsMatchRedis() throws Exception {
        try (Differential d = new Differential(redis, node)) {
            d.check("COMMAND", "GETKEYS", "get", "k");
            d.check("COMMAND", "GETKEYS", "mset", "a", "1", "b", "2");
            d.check("COMMAND", "GETKEYS", "set", "k", "v", "EX", "10");
            d.check("COMMAND", "GETKEYS", "nosuch", "k");
            d.check("COMMAND", "GETKEYS", "ping", "x");
            d.check("COMMAND", "GETKEYS", "get", "a", "b");
            d.check("COMMAND", "LIST", "FILTERBY", "nonsense", "x");
            d.check("COMMAND", "LIST", "extra");
            d.check("COMMAND", "COUNT", "extra");
            d.check("COMMAND", "NOSUCH");
        }
    }

    @Test
    void helpListsTheSubcommands() {
        RawConnection c = node.raw();
        c.command("command", "help");
        String help = c.readReplyString();
        assertThat(help).startsWith("*19\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
                .contains("+GETKEYS <full-command>\r\n").endsWith("+HELP\r\n+    Prints this help.\r\n");
    }

    /** A minimal RESP reader for structural comparisons: aggregates become lists, scalars strings or longs. */
    static final class Resp {
        private final byte[] data;
        private int pos;

        private Resp(byte[] data) {
            this.data = data;
        }

        static Object parse(byte[] reply) {
            return new Resp(reply).value();
        }

        private String line() {
            int start = pos;
            while (data[pos] != '\r') {
                pos++;
            }
            String line = new String(data, start, pos - start, StandardCharsets.UTF_8);
            pos += 2;
            return line;
        }

        private Object value() {
            char type = (char) data[pos++];
            String line = line();
            switch (type) {
                case ':':
                    return Long.parseLong(line);
                case '$', '=': {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        return null;
                    }
                    String text = new String(data, pos, length, StandardCharsets.UTF_8);
                    pos += length + 2;
                    return text;
                }
                case '*', '~', '%': {
                    int count = Integer.parseInt(line) * (type == '%' ? 2 : 1);
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        items.add(value());
                    }
                    return items;
                }
                case '_':
                    return null;
                default:
                    return line;
            }
        }
    }
}
