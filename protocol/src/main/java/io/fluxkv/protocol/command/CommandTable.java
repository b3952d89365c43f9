package io.fluxkv.protocol.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The one command table shared by the node and the proxy, loaded from {@code commands.json} beside this class.
 * Adding a command means one entry there and one handler in the server.
 */
public final class CommandTable {
    private static final String RESOURCE = "commands.json";
    private static volatile CommandTable standard;

    private final CommandLookup lookup;
    private final List<CommandSpec> everySpec;

    private CommandTable(List<CommandSpec> topLevel, List<CommandSpec> everySpec) {
        this.lookup = new CommandLookup(topLevel);
        this.everySpec = List.copyOf(everySpec);
    }

    /** The table shipped with this build. */
    public static CommandTable standard() {
        CommandTable table = standard;
        if (table == null) {
            synchronized (CommandTable.class) {
                table = standard;
                if (table == null) {
                    try (InputStream in = CommandTable.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                        }
                        table = load(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the command table", e);
                    }
                    standard = table;
                }
            }
        }
        return table;
    }

    static CommandTable load(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<CommandSpec> topLevel = new ArrayList<>();
        List<CommandSpec> every = new ArrayList<>();
        for (JsonNode node : root) {
            CommandSpec spec = parse(node, null, every);
            topLevel.add(spec);
            JsonNode subs = node.get("subcommands");
            if (subs != null) {
                List<CommandSpec> children = new ArrayList<>();
                for (JsonNode sub : subs) {
                    children.add(parse(sub, spec, every));
                }
                spec.setSubcommands(new CommandLookup(children));
            }
        }
        return new CommandTable(topLevel, every);
    }

    private static CommandSpec parse(JsonNode node, CommandSpec container, List<CommandSpec> every) {
        EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        for (JsonNode flag : node.path("flags")) {
            flags.add(CommandFlag.fromWireName(flag.asText()));
        }
        EnumSet<AclCategory> acl = EnumSet.noneOf(AclCategory.class);
        for (JsonNode category : node.path("acl")) {
            acl.add(AclCategory.fromTableName(category.asText()));
        }
        List<KeySpec> keySpecs = new ArrayList<>();
        for (JsonNode spec : node.path("keySpecs")) {
            keySpecs.add(parseKeySpec(spec));
        }
        List<String> tips = new ArrayList<>();
        for (JsonNode tip : node.path("tips")) {
            tips.add(tip.asText());
        }
        CommandSpec spec = new CommandSpec(every.size(), node.get("name").asText(), container,
                node.get("arity").asInt(), flags, acl, keySpecs, tips,
                node.get("summary").asText(), node.get("since").asText(), node.get("group").asText(),
                node.path("complexity").asText(null), parseArguments(node.path("arguments")));
        every.add(spec);
        return spec;
    }

    private static KeySpec parseKeySpec(JsonNode node) {
        List<String> flags = new ArrayList<>();
        for (JsonNode flag : node.path("flags")) {
            flags.add(flag.asText());
        }
        JsonNode begin = node.get("begin");
        int index = begin.path("index").asInt(0);
        String keyword = begin.has("keyword") ? begin.get("keyword").asText() : null;
        int startFrom = begin.path("startfrom").asInt(0);
        JsonNode range = node.get("range");
        JsonNode keyNum = node.get("keynum");
        String notes = node.path("notes").asText(null);
        if (range != null) {
            return new KeySpec(notes, flags, index, keyword, startFrom, range.get(0).asInt(), range.get(1).asInt(),
                    range.get(2).asInt(), -1, 0, 0);
        }
        return new KeySpec(notes, flags, index, keyword, startFrom, 0, 0, 0, keyNum.get(0).asInt(),
                keyNum.get(1).asInt(), keyNum.get(2).asInt());
    }

    private static List<DocArgument> parseArguments(JsonNode node) {
        List<DocArgument> arguments = new ArrayList<>();
        for (JsonNode arg : node) {
            arguments.add(new DocArgument(arg.get("name").asText(), arg.get("type").asText(),
                    arg.path("token").asText(null), arg.path("display").asText(null),
                    arg.path("optional").asBoolean(false), arg.path("multiple").asBoolean(false),
                    arg.path("multiple_token").asBoolean(false), parseArguments(arg.path("arguments"))));
        }
        return arguments;
    }

    /** The top-level command named by {@code name} (any case), or null. */
    public CommandSpec find(byte[] name) {
        return lookup.find(name);
    }

    /** Every top-level command, in table order. */
    public List<CommandSpec> commands() {
        return lookup.all();
    }

    /** Every command and subcommand; {@code specs().get(id)} is the spec with that id. */
    public List<CommandSpec> specs() {
        return everySpec;
    }

    static boolean equalsIgnoreCase(byte[] a, byte[] lowerCase) {
        if (a.length != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (toLower(a[i]) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsIgnoreCase(byte[] a, String word) {
        if (a.length != word.length()) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (toLower(a[i]) != toLower((byte) word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
