package io.fluxkv.server.command.server;

import io.fluxkv.server.command.HandlerBinder;

/** Server commands: DBSIZE, FLUSHDB, FLUSHALL, TIME, SWAPDB, LASTSAVE, SHUTDOWN. */
public final class ServerCommands {
    private ServerCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("dbsize", (client, argv) -> client.reply().integer(client.db().size()));
    }
}
