package io.fluxkv.server.command.connection;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.HandlerBinder;

/** Connection commands: PING, ECHO, QUIT, SELECT, AUTH, HELLO, RESET and CLIENT. */
public final class ConnectionCommands {
    private ConnectionCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("ping", ConnectionCommands::ping);
        binder.bind("echo", (client, argv) -> client.reply().bulk(argv[1]));
        binder.bind("quit", ConnectionCommands::quit);
    }

    static void ping(Client client, byte[][] argv) {
        if (argv.length > 2) {
            client.reply().error("ERR wrong number of arguments for 'ping' command");
        } else if (argv.length == 2) {
            client.reply().bulk(argv[1]);
        } else {
            client.reply().simple("PONG");
        }
    }

    static void quit(Client client, byte[][] argv) {
        client.reply().ok();
        client.closeAfterReply();
    }
}
