package io.fluxkv.server.command.transaction;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.command.HandlerBinder;

import java.util.List;

/**
 * MULTI, EXEC and DISCARD (Redis's multi.c). Queueing itself happens in the dispatcher, which sees every command
 * first; EXEC locks the shards of every queued command's keys at once (ascending, like any multi-key command),
 * so the whole transaction is atomic with respect to every other connection, across shards.
 */
public final class TransactionCommands {
    private TransactionCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("multi", TransactionCommands::multi);
        binder.bind("exec", TransactionCommands::exec);
        binder.bind("discard", TransactionCommands::discard);
    }

    static void multi(Client client, byte[][] argv) {
        if (client.transaction().active()) {
            throw new CommandException("ERR MULTI calls can not be nested");
        }
        client.transaction().begin();
        client.reply().ok();
    }

    static void discard(Client client, byte[][] argv) {
        if (!client.transaction().active()) {
            throw new CommandException("ERR DISCARD without MULTI");
        }
        client.transaction().discard();
        client.reply().ok();
    }

    static void exec(Client client, byte[][] argv) {
        Transaction transaction = client.transaction();
        if (!transaction.active()) {
            throw new CommandException("ERR EXEC without MULTI");
        }
        if (transaction.refusedCommand()) {
            transaction.discard();
            throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
        }
        List<Transaction.Queued> queued = transaction.end();
        Dispatcher dispatcher = client.node().dispatcher();
        Dispatcher.LockedShards locks = dispatcher.lockShardsOf(queued);
        try {
            client.reply().arrayHeader(queued.size());
            for (Transaction.Queued command : queued) {
                dispatcher.run(client, command.spec(), command.argv());
            }
        } finally {
            locks.unlock();
        }
    }
}
