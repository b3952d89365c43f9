package io.fluxkv.server.command;

import io.fluxkv.protocol.command.CommandTable;
import io.fluxkv.server.command.blocking.BlockingCommands;
import io.fluxkv.server.command.connection.ConnectionCommands;
import io.fluxkv.server.command.hash.HashCommands;
import io.fluxkv.server.command.keyspace.ExpiryCommands;
import io.fluxkv.server.command.keyspace.KeyspaceCommands;
import io.fluxkv.server.command.list.ListCommands;
import io.fluxkv.server.command.pubsub.PubSubCommands;
import io.fluxkv.server.command.server.ServerCommands;
import io.fluxkv.server.command.set.SetCommands;
import io.fluxkv.server.command.string.StringCommands;
import io.fluxkv.server.command.transaction.TransactionCommands;
import io.fluxkv.server.command.zset.SortedSetCommands;

/** Every command family of the node, each binding its handlers to the command table. */
public final class Handlers {
    private Handlers() {
    }

    /** Handlers indexed by {@code CommandSpec.id()}; a command without a handler answers "unknown command". */
    public static CommandHandler[] bindAll(CommandTable table) {
        HandlerBinder binder = new HandlerBinder(table);
        ConnectionCommands.register(binder);
        ServerCommands.register(binder);
        StringCommands.register(binder);
        KeyspaceCommands.register(binder);
        ExpiryCommands.register(binder);
        ListCommands.register(binder);
        HashCommands.register(binder);
        SetCommands.register(binder);
        SortedSetCommands.register(binder);
        TransactionCommands.register(binder);
        BlockingCommands.register(binder);
        PubSubCommands.register(binder);
        return binder.handlers();
    }
}
