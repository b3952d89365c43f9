package io.fluxkv.server.command.transaction;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.command.HandlerBinder;

import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH (Redis's multi.c). Queueing itself happens in the dispatcher, which sees every command
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
        binder.bind("watch", TransactionCommands::watch);
        binder.bind("unwatch", TransactionCommands::unwatch);
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

    /**
     * WATCH key...: EXEC will fail if any of them changes first. A key already past its deadline is reclaimed now,
     * so that its expiry, which happened before the WATCH, does not count as a change after it.
     */
    static void watch(Client client, byte[][] argv) {
        Transaction transaction = client.transaction();
        if (transaction.active()) {
            throw new CommandException("ERR WATCH inside MULTI is not allowed");
        }
        for (int i = 1; i < argv.length; i++) {
            client.db().peek(argv[i]);
            transaction.watch(client.databaseIndex(), argv[i]);
        }
        client.reply().ok();
    }

    static void unwatch(Client client, byte[][] argv) {
        client.transaction().unwatchAll();
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
        List<Transaction.Queued> queued = transaction.takeQueue();
        Dispatcher dispatcher = client.node().dispatcher();
        Dispatcher.LockedShards locks = dispatcher.lockShardsOf(queued, transaction.watchedKeys());
        try {
            // A watched key that expired since counts as changed: looking it up reclaims it and tells the watchers.
            for (Transaction.WatchedKey key : transaction.watchedKeys()) {
                client.node().store().database(key.db()).peek(key.key());
            }
            boolean touched = transaction.anyWatchedKeyTouched();
            transaction.unwatchAll();
            if (touched) {
                client.reply().nullArray();
                return;
            }
            client.reply().arrayHeader(queued.size());
            transaction.executing(true);
            for (Transaction.Queued command : queued) {
                dispatcher.run(client, command.spec(), command.argv());
            }
        } finally {
            transaction.executing(false);
            // Its records go to the log before other clients can touch its keys again.
            client.awaitLog(client.node().store().effects().transactionEnded(client.databaseIndex()));
            locks.unlock();
        }
    }
}
