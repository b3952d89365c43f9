package io.fluxkv.server.command.server;

import io.fluxkv.server.Client;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The reply of every {@code <CONTAINER> HELP}: a header naming the command as typed, the lines, a HELP footer. */
public final class HelpReply {
    private HelpReply() {
    }

    public static void write(Client client, byte[][] argv, String... lines) {
        String command = new String(argv[0], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        client.reply().arrayHeader(lines.length + 3L);
        client.reply().simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            client.reply().simple(line);
        }
        client.reply().simple("HELP");
        client.reply().simple("    Prints this help.");
    }
}
