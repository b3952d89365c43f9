package io.fluxkv.server.command.server;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.config.ConfigException;
import io.fluxkv.server.config.ServerConfig;
import io.fluxkv.server.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** CONFIG GET, SET, RESETSTAT and HELP over {@link ServerConfig}, with Redis 7.0's matching and error rules. */
final class ConfigCommands {
    private static final String[] HELP = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
    };

    private ConfigCommands() {
    }

    static void register(HandlerBinder binder) {
        binder.bind("config|get", ConfigCommands::get);
        binder.bind("config|set", ConfigCommands::set);
        binder.bind("config|resetstat", (client, argv) -> {
            client.node().resetStats();
            client.reply().ok();
        });
        binder.bind("config|help", (client, argv) -> HelpReply.write(client, argv, HELP));
    }

    /**
     * A plain name is looked up exactly and answered under the spelling asked; a pattern (with * ? or [) is
     * matched, case-insensitively, against every parameter name. Each parameter appears once.
     */
    private static void get(Client client, byte[][] argv) {
        ServerConfig config = client.node().config();
        Map<String, String> matches = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 2; i < argv.length; i++) {
            String pattern = Args.text(argv[i]);
            if (pattern.chars().noneMatch(ch -> ch == '*' || ch == '?' || ch == '[')) {
                ServerConfig.Parameter parameter = config.parameter(pattern);
                if (parameter != null && seen.add(parameter.name())) {
                    matches.put(pattern, parameter.value());
                }
                continue;
            }
            for (ServerConfig.Parameter parameter : config.parameters()) {
                if (!seen.contains(parameter.name()) && Glob.matches(argv[i], ascii(parameter.name()), true)) {
                    seen.add(parameter.name());
                    matches.put(parameter.name(), parameter.value());
                }
            }
        }
        client.reply().mapHeader(matches.size());
        for (Map.Entry<String, String> match : matches.entrySet()) {
            client.reply().bulk(match.getKey());
            client.reply().bulk(match.getValue());
        }
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * All pairs or none: names are checked first (unknown, immutable, repeated: the first problem is reported),
     * then values are set in order, and a value that is refused restores every value set before it.
     */
    private static void set(Client client, byte[][] argv) {
        if (argv.length % 2 != 0) {
            throw Errors.syntax();
        }
        ServerConfig config = client.node().config();
        int count = (argv.length - 2) / 2;
        ServerConfig.Parameter[] parameters = new ServerConfig.Parameter[count];
        for (int i = 0; i < count; i++) {
            String name = Args.text(argv[2 + 2 * i]);
            ServerConfig.Parameter parameter = config.parameter(name);
            if (parameter == null) {
                throw new CommandException("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
            }
            if (!parameter.mutable()) {
                throw failed(name, "can't set immutable config");
            }
            for (int j = 0; j < i; j++) {
                if (parameters[j] == parameter) {
                    throw failed(name, "duplicate parameter");
                }
            }
            parameters[i] = parameter;
        }
        synchronized (config) {
            String[] previous = new String[count];
            for (int i = 0; i < count; i++) {
                previous[i] = parameters[i].value();
                try {
                    config.set(parameters[i].name(), Args.text(argv[3 + 2 * i]));
                } catch (ConfigException e) {
                    restore(config, parameters, previous, i);
                    throw failed(parameters[i].name(), e.getMessage());
                }
            }
            client.node().persistence().configChanged();
        }
        client.reply().ok();
    }

    private static void restore(ServerConfig config, ServerConfig.Parameter[] parameters, String[] previous,
                                int failedAt) {
        for (int i = failedAt - 1; i >= 0; i--) {
            try {
                config.set(parameters[i].name(), previous[i]);
            } catch (ConfigException e) {
                throw new IllegalStateException("cannot restore " + parameters[i].name() + " to its old value", e);
            }
        }
    }

    private static CommandException failed(String name, String reason) {
        return new CommandException("ERR CONFIG SET failed (possibly related to argument '" + name + "') - "
                + reason);
    }
}
