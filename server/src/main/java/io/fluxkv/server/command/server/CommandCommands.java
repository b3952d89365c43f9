package io.fluxkv.server.command.server;

import io.fluxkv.protocol.command.AclCategory;
import io.fluxkv.protocol.command.CommandFlag;
import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.protocol.command.DocArgument;
import io.fluxkv.protocol.command.KeySpec;
import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.util.Glob;
import io.fluxkv.server.util.Words;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * COMMAND and its subcommands, generated from the command table and limited to what this node serves. The reply
 * layouts are Redis 7.0's: clients (and redis-cli's help, built from COMMAND DOCS) parse them positionally.
 */
final class CommandCommands {
    private static final String[] HELP = {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
    };
    /** Key-spec flags in the order (and letter case) COMMAND INFO lists them. */
    private static final List<String> KEY_FLAGS = List.of("RO", "RW", "OW", "RM", "access", "update", "insert",
            "delete", "not_key", "incomplete", "variable_flags");

    private CommandCommands() {
    }

    static void register(HandlerBinder binder) {
        binder.bind("command", (client, argv) -> infoOfAll(client));
        binder.bind("command|count", (client, argv) -> client.reply().integer(served(client).size()));
        binder.bind("command|info", CommandCommands::info);
        binder.bind("command|docs", CommandCommands::docs);
        binder.bind("command|list", CommandCommands::list);
        binder.bind("command|getkeys", CommandCommands::getKeys);
        binder.bind("command|help", (client, argv) -> HelpReply.write(client, argv, HELP));
    }

    private static List<CommandSpec> served(Client client) {
        Dispatcher dispatcher = client.node().dispatcher();
        return dispatcher.table().commands().stream().filter(dispatcher::serves).toList();
    }

    private static List<CommandSpec> servedSubcommands(Client client, CommandSpec container) {
        return container.subcommands().stream().filter(client.node().dispatcher()::serves).toList();
    }

    /** A served command by name, "container|sub" naming a subcommand (as COMMAND INFO and DOCS accept); or null. */
    private static CommandSpec lookup(Client client, byte[] name) {
        int bar = indexOf(name, (byte) '|');
        CommandSpec spec = client.node().dispatcher().table().find(bar < 0 ? name : Arrays.copyOf(name, bar));
        if (spec != null && bar >= 0) {
            spec = spec.subcommand(Arrays.copyOfRange(name, bar + 1, name.length));
        }
        return spec != null && client.node().dispatcher().serves(spec) ? spec : null;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void infoOfAll(Client client) {
        List<CommandSpec> commands = served(client);
        client.reply().arrayHeader(commands.size());
        for (CommandSpec spec : commands) {
            writeInfo(client, spec);
        }
    }

    private static void info(Client client, byte[][] argv) {
        if (argv.length == 2) {
            infoOfAll(client);
            return;
        }
        client.reply().arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            CommandSpec spec = lookup(client, argv[i]);
            if (spec == null) {
                client.reply().nullBulk();
            } else {
                writeInfo(client, spec);
            }
        }
    }

    /** The ten elements of a COMMAND INFO entry. */
    private static void writeInfo(Client client, CommandSpec spec) {
        RespWriter reply = client.reply();
        reply.arrayHeader(10);
        reply.bulk(spec.fullName());
        reply.integer(spec.arity());
        List<CommandFlag> flags = spec.flags().stream().filter(flag -> !flag.hidden()).toList();
        reply.setHeader(flags.size());
        for (CommandFlag flag : flags) {
            reply.simple(flag.wireName());
        }
        reply.integer(spec.firstKey());
        reply.integer(spec.lastKey());
        reply.integer(spec.keyStep());
        reply.setHeader(spec.aclCategories().size());
        for (AclCategory category : spec.aclCategories()) {
            reply.simple(category.wireName());
        }
        reply.setHeader(spec.tips().size());
        for (String tip : spec.tips()) {
            reply.bulk(tip);
        }
        reply.setHeader(spec.keySpecs().size());
        for (KeySpec keySpec : spec.keySpecs()) {
            writeKeySpec(reply, keySpec);
        }
        if (spec.hasSubcommands()) {
            List<CommandSpec> subs = servedSubcommands(client, spec);
            reply.arrayHeader(subs.size());
            for (CommandSpec sub : subs) {
                writeInfo(client, sub);
            }
        } else {
            reply.setHeader(0);
        }
    }

    private static void writeKeySpec(RespWriter reply, KeySpec spec) {
        reply.mapHeader(spec.notes() == null ? 3 : 4);
        if (spec.notes() != null) {
            reply.bulk("notes");
            reply.bulk(spec.notes());
        }
        reply.bulk("flags");
        List<String> flags = KEY_FLAGS.stream().filter(flag -> spec.flags().contains(flag.toLowerCase(Locale.ROOT))).toList();
        reply.setHeader(flags.size());
        for (String flag : flags) {
            reply.simple(flag);
        }
        reply.bulk("begin_search");
        reply.mapHeader(2);
        reply.bulk("type");
        if (spec.keyword() == null) {
            reply.bulk("index");
            reply.bulk("spec");
            reply.mapHeader(1);
            reply.bulk("index");
            reply.integer(spec.index());
        } else {
            reply.bulk("keyword");
            reply.bulk("spec");
            reply.mapHeader(2);
            reply.bulk("keyword");
            reply.bulk(spec.keyword());
            reply.bulk("startfrom");
            reply.integer(spec.startFrom());
        }
        reply.bulk("find_keys");
        reply.mapHeader(2);
        reply.bulk("type");
        reply.bulk(spec.keyNumIndex() < 0 ? "range" : "keynum");
        reply.bulk("spec");
        reply.mapHeader(3);
        if (spec.keyNumIndex() < 0) {
            reply.bulk("lastkey");
            reply.integer(spec.rangeLastKey());
            reply.bulk("keystep");
            reply.integer(spec.rangeStep());
            reply.bulk("limit");
            reply.integer(spec.rangeLimit());
        } else {
            reply.bulk("keynumidx");
            reply.integer(spec.keyNumIndex());
            reply.bulk("firstkey");
            reply.integer(spec.keyNumFirst());
            reply.bulk("keystep");
            reply.integer(spec.keyNumStep());
        }
    }

    private static void docs(Client client, byte[][] argv) {
        List<CommandSpec> specs = new ArrayList<>();
        if (argv.length == 2) {
            specs.addAll(served(client));
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec spec = lookup(client, argv[i]);
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        client.reply().mapHeader(specs.size());
        for (CommandSpec spec : specs) {
            client.reply().bulk(spec.fullName());
            writeDocs(client, spec);
        }
    }

    /** One COMMAND DOCS entry: summary, since, group, complexity, arguments, subcommands (a map by full name). */
    private static void writeDocs(Client client, CommandSpec spec) {
        RespWriter reply = client.reply();
        List<CommandSpec> subs = spec.hasSubcommands() ? servedSubcommands(client, spec) : List.of();
        int entries = 1 + (spec.summary() != null ? 1 : 0) + (spec.since() != null ? 1 : 0)
                + (spec.complexity() != null ? 1 : 0) + (spec.arguments().isEmpty() ? 0 : 1)
                + (spec.hasSubcommands() ? 1 : 0);
        reply.mapHeader(entries);
        if (spec.summary() != null) {
            reply.bulk("summary");
            reply.bulk(spec.summary());
        }
        if (spec.since() != null) {
            reply.bulk("since");
            reply.bulk(spec.since());
        }
        reply.bulk("group");
        reply.bulk(spec.group());
        if (spec.complexity() != null) {
            reply.bulk("complexity");
            reply.bulk(spec.complexity());
        }
        if (!spec.arguments().isEmpty()) {
            reply.bulk("arguments");
            writeArguments(reply, spec.arguments(), new int[] {0}, spec.keySpecs().size());
        }
        if (spec.hasSubcommands()) {
            reply.bulk("subcommands");
            reply.mapHeader(subs.size());
            for (CommandSpec sub : subs) {
                reply.bulk(sub.fullName());
                writeDocs(client, sub);
            }
        }
    }

    /**
     * Argument maps in Redis's field order. Key arguments refer to key specs in order of appearance, the last spec
     * covering any further key arguments.
     */
    private static void writeArguments(RespWriter reply, List<DocArgument> arguments, int[] keyOrdinal,
                                       int keySpecs) {
        reply.arrayHeader(arguments.size());
        for (DocArgument argument : arguments) {
            boolean key = argument.type().equals("key") && keySpecs > 0;
            boolean nested = argument.type().equals("oneof") || argument.type().equals("block");
            List<String> flags = new ArrayList<>(3);
            if (argument.optional()) {
                flags.add("optional");
            }
            if (argument.multiple()) {
                flags.add("multiple");
            }
            if (argument.multipleToken()) {
                flags.add("multiple_token");
            }
            reply.mapHeader(2 + (key ? 1 : 0) + (argument.token() != null ? 1 : 0) + (flags.isEmpty() ? 0 : 1)
                    + (nested ? 1 : 0));
            reply.bulk("name");
            reply.bulk(argument.name());
            reply.bulk("type");
            reply.bulk(argument.type());
            if (key) {
                reply.bulk("key_spec_index");
                reply.integer(Math.min(keyOrdinal[0]++, keySpecs - 1));
            }
            if (argument.token() != null) {
                reply.bulk("token");
                reply.bulk(argument.token());
            }
            if (!flags.isEmpty()) {
                reply.bulk("flags");
                reply.setHeader(flags.size());
                for (String flag : flags) {
                    reply.simple(flag);
                }
            }
            if (nested) {
                reply.bulk("arguments");
                writeArguments(reply, argument.arguments(), keyOrdinal, keySpecs);
            }
        }
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern], subcommands included. */
    private static void list(Client client, byte[][] argv) {
        Predicate<CommandSpec> filter = spec -> true;
        for (int i = 2; i < argv.length; i++) {
            if (Words.is(argv[i], "filterby") && argv.length - 1 - i == 2) {
                byte[] value = argv[i + 2];
                if (Words.is(argv[i + 1], "module")) {
                    filter = spec -> false;
                } else if (Words.is(argv[i + 1], "aclcat")) {
                    AclCategory category = category(value);
                    filter = spec -> category != null && spec.aclCategories().contains(category);
                } else if (Words.is(argv[i + 1], "pattern")) {
                    filter = spec -> Glob.matches(value, spec.fullNameBytes(), true);
                } else {
                    throw Errors.syntax();
                }
                i += 2;
            } else {
                throw Errors.syntax();
            }
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : served(client)) {
            if (filter.test(spec)) {
                names.add(spec.fullName());
            }
            for (CommandSpec sub : servedSubcommands(client, spec)) {
                if (filter.test(sub)) {
                    names.add(sub.fullName());
                }
            }
        }
        client.reply().arrayHeader(names.size());
        for (String name : names) {
            client.reply().bulk(name);
        }
    }

    private static AclCategory category(byte[] name) {
        for (AclCategory category : AclCategory.values()) {
            if (Words.is(name, category.name())) {
                return category;
            }
        }
        return null;
    }

    /** COMMAND GETKEYS command arg ...: the keys the table's key specs find, with Redis's errors. */
    private static void getKeys(Client client, byte[][] argv) {
        byte[][] line = Arrays.copyOfRange(argv, 2, argv.length);
        CommandSpec spec = client.node().dispatcher().table().find(line[0]);
        if (spec != null && spec.hasSubcommands() && line.length > 1) {
            spec = spec.subcommand(line[1]);
        }
        if (spec == null || !client.node().dispatcher().serves(spec)) {
            throw new CommandException("ERR Invalid command specified");
        }
        if (spec.keySpecs().stream().allMatch(keySpec -> keySpec.flags().contains("not_key"))) {
            throw new CommandException("ERR The command has no key arguments");
        }
        if (!spec.arityAccepts(line.length)) {
            throw new CommandException("ERR Invalid number of arguments specified for command");
        }
        List<Integer> positions = new ArrayList<>();
        spec.forEachKey(line, positions::add);
        if (positions.isEmpty() && !spec.has(CommandFlag.NO_MANDATORY_KEYS)) {
            throw new CommandException("ERR Invalid arguments specified for command");
        }
        client.reply().arrayHeader(positions.size());
        for (int position : positions) {
            client.reply().bulk(line[position]);
        }
    }
}
