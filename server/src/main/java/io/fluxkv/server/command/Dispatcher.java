package io.fluxkv.server.command;

import io.fluxkv.protocol.command.CommandFlag;
import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.protocol.command.CommandTable;
import io.fluxkv.protocol.command.KeySpec;
import io.fluxkv.server.Client;
import io.fluxkv.server.aof.AppendOnlyFile;
import io.fluxkv.server.aof.EffectLog;
import io.fluxkv.server.command.blocking.BlockedClients;
import io.fluxkv.server.command.transaction.Transaction;
import io.fluxkv.server.store.Key;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.util.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Lock;

/**
 * Turns a decoded command line into a handler call: finds the command in the table (without building a String),
 * checks arity and authentication as Redis does and in Redis's order, locks the shards of the command's keys (found
 * from the table's key specs) in ascending order, runs the handler, and counts the call for INFO commandstats.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final CommandTable table;
    private final Store store;
    private final CommandHandler[] handlers;
    private final CommandStats stats;
    private final CommandSpec exec;
    private final CommandSpec ping;
    private volatile boolean loading;
    /** Commands that run at once even while a transaction is open, by spec id. */
    private final boolean[] runsInsideTransaction;
    /** Commands a RESP2 client may run while subscribed, by spec id. */
    private final boolean[] allowedWhileSubscribed;

    public Dispatcher(CommandTable table, Store store, CommandHandler[] handlers) {
        this.table = table;
        this.store = store;
        this.handlers = handlers;
        this.stats = new CommandStats(table.specs().size());
        this.exec = table.find("exec".getBytes(StandardCharsets.US_ASCII));
        this.ping = table.find("ping".getBytes(StandardCharsets.US_ASCII));
        this.runsInsideTransaction = new boolean[table.specs().size()];
        for (String name : new String[] {"exec", "discard", "multi", "watch", "quit", "reset"}) {
            runsInsideTransaction[table.find(name.getBytes(StandardCharsets.US_ASCII)).id()] = true;
        }
        this.allowedWhileSubscribed = new boolean[table.specs().size()];
        for (String name : new String[] {"subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ping", "quit",
            "reset"}) {
            allowedWhileSubscribed[table.find(name.getBytes(StandardCharsets.US_ASCII)).id()] = true;
        }
    }

    public CommandTable table() {
        return table;
    }

    public CommandStats stats() {
        return stats;
    }

    /** Whether a handler exists for {@code spec} (the table may list commands a build does not serve yet). */
    public boolean serves(CommandSpec spec) {
        return spec.hasSubcommands() || handlers[spec.id()] != null;
    }

    /**
     * Runs one command line from a client: resolves it against the table, refuses it in RESP2 subscribed mode unless
     * it is one of the few allowed there, queues it while a transaction is open
     * (as Redis: EXEC, DISCARD, MULTI, QUIT and RESET still run at once), or runs it. A command refused while a
     * transaction is open makes its EXEC abort.
     */
    public void execute(Client client, byte[][] argv) {
        Transaction transaction = client.transaction();
        CommandSpec spec = resolve(client, argv);
        if (spec == null) {
            transaction.commandRefused();
            return;
        }
        client.lastCommand(spec);
        if (refusedByPersistence(client, spec)) {
            transaction.commandRefused();
            return;
        }
        if (client.subscribedResp2() && !allowedWhileSubscribed[spec.id()]) {
            reject(client, spec, "ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        if (transaction.active() && !runsInsideTransaction[spec.id()]) {
            if (refusedUnauthenticated(client, spec)) {
                transaction.commandRefused();
                return;
            }
            transaction.queue(spec, argv);
            client.reply().simple("QUEUED");
            return;
        }
        run(client, spec, argv);
    }

    /**
     * Resolves {@code argv} to the command it names, or writes the error Redis would and returns null.
     */
    public CommandSpec resolve(Client client, byte[][] argv) {
        CommandSpec spec = table.find(argv[0]);
        if (spec != null && spec.hasSubcommands() && argv.length > 1) {
            CommandSpec sub = spec.subcommand(argv[1]);
            if (sub == null || !serves(sub)) {
                client.reply().error("ERR unknown subcommand '" + printable(argv[1], 128) + "'. Try "
                        + spec.name().toUpperCase(Locale.ROOT) + " HELP.");
                return null;
            }
            spec = sub;
        }
        if (spec == null || !serves(spec)) {
            client.reply().error(unknownCommand(argv));
            return null;
        }
        if (!spec.arityAccepts(argv.length)) {
            reject(client, spec, "ERR wrong number of arguments for '" + spec.fullName() + "' command");
            return null;
        }
        return spec;
    }

    /** Runs an already resolved command: authentication check, key locks, handler, statistics. */
    public void run(Client client, CommandSpec spec, byte[][] argv) {
        if (refusedUnauthenticated(client, spec)) {
            return;
        }
        ByteBuf out = client.reply().target();
        int replyStart = out.writerIndex();
        if (!spec.hasKeys()) {
            if (spec.isWrite() && store.effects().active()) {
                // FLUSHALL, FLUSHDB, SWAPDB: logged before any other command can follow them.
                store.lockAll();
                try {
                    invoke(client, spec, argv);
                } finally {
                    store.unlockAll();
                }
            } else {
                invoke(client, spec, argv);
            }
        } else {
            runLocked(client, spec, argv);
        }
        boolean failed = out.writerIndex() > replyStart && out.getByte(replyStart) == '-';
        stats.record(spec, Clock.elapsedNanos(), failed);
    }

    /**
     * Redis's order after authentication: writes (and PING, and an EXEC with writes queued) fail while the AOF cannot
     * be written; while the dataset loads only commands flagged {@code loading} run.
     */
    private boolean refusedByPersistence(Client client, CommandSpec spec) {
        if (unauthenticated(client, spec)) {
            return false;
        }
        AppendOnlyFile file = store.effects().file();
        IOException error = file == null ? null : file.writeError();
        if (error != null && (spec.isWrite() || spec == ping
                || (spec == exec && client.transaction().queuedWrite()))) {
            reject(client, spec, "MISCONF Errors writing to the AOF file: " + describe(error));
            return true;
        }
        if (loading && !spec.has(CommandFlag.LOADING)) {
            reject(client, spec, "LOADING Redis is loading the dataset in memory");
            return true;
        }
        return false;
    }

    /** An I/O error as strerror(3) would name it ("No space left on device"), which Java keeps as the message. */
    private static String describe(IOException error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }

    /** While true (the AOF is being replayed), commands not flagged {@code loading} get -LOADING. */
    public void loading(boolean value) {
        this.loading = value;
    }

    public boolean loading() {
        return loading;
    }

    /**
     * Applies one command read back from the AOF: locks its keys' shards and runs its handler, with no statistics,
     * watchers, waiters or logging (nothing is connected and the log is what is being read). Returns false if the
     * handler answered with an error.
     */
    public boolean replay(Client client, CommandSpec spec, byte[][] argv) {
        ByteBuf out = client.reply().target();
        out.clear();
        if (!spec.hasKeys()) {
            handlers[spec.id()].execute(client, argv);
        } else {
            ShardSet shards = lockShards(spec, argv);
            try {
                handlers[spec.id()].execute(client, argv);
            } finally {
                shards.unlock(store);
            }
        }
        return !out.isReadable() || out.getByte(0) != '-';
    }

    /** Whether the client must authenticate before it may run {@code spec}. */
    private static boolean unauthenticated(Client client, CommandSpec spec) {
        return client.authRequired() && !spec.has(CommandFlag.NO_AUTH);
    }

    private boolean refusedUnauthenticated(Client client, CommandSpec spec) {
        if (unauthenticated(client, spec)) {
            reject(client, spec, "NOAUTH Authentication required.");
            return true;
        }
        return false;
    }

    /**
     * Refuses a known command before it runs. A refused EXEC also discards the transaction and says so, as
     * Redis does ("-EXECABORT Transaction discarded because of: ...").
     */
    private void reject(Client client, CommandSpec spec, String error) {
        stats.rejected(spec);
        if (spec == exec) {
            client.transaction().discard();
            String reason = error.startsWith("ERR ") ? error.substring(4) : error;
            client.reply().error("EXECABORT Transaction discarded because of: " + reason);
        } else {
            client.reply().error(error);
        }
    }

    /**
     * Locks, in ascending order, the shards of every key of {@code commands} (a transaction) and of the keys it
     * watches, or every shard when a command has no keys and so may touch anything (KEYS, FLUSHDB, ...). The
     * watches are checked and the commands run under these locks, their own locking being reentrant.
     */
    public LockedShards lockShardsOf(List<Transaction.Queued> commands, List<Transaction.WatchedKey> watched) {
        boolean[] marked = new boolean[Store.SHARDS];
        for (Transaction.WatchedKey key : watched) {
            marked[Key.shardOf(key.key())] = true;
        }
        for (Transaction.Queued command : commands) {
            if (!command.spec().hasKeys()) {
                store.lockAll();
                return store::unlockAll;
            }
            byte[][] argv = command.argv();
            command.spec().forEachKey(argv, position -> marked[Key.shardOf(argv[position])] = true);
        }
        for (int shard = 0; shard < Store.SHARDS; shard++) {
            if (marked[shard]) {
                store.lock(shard).lock();
            }
        }
        return () -> {
            for (int shard = Store.SHARDS - 1; shard >= 0; shard--) {
                if (marked[shard]) {
                    store.lock(shard).unlock();
                }
            }
        };
    }

    /** Shards locked by {@link #lockShardsOf}; unlock once. */
    @FunctionalInterface
    public interface LockedShards {
        void unlock();
    }

    private void runLocked(Client client, CommandSpec spec, byte[][] argv) {
        int single = spec.singleKeyIndex();
        if (single > 0 && single < argv.length) {
            // Most commands have one key at a fixed place: one shard, nothing to collect or sort.
            Lock lock = store.lock(Key.remember(argv[single]).shard());
            lock.lock();
            try {
                invoke(client, spec, argv);
            } finally {
                lock.unlock();
            }
            return;
        }
        ShardSet shards = lockShards(spec, argv);
        try {
            invoke(client, spec, argv);
        } finally {
            shards.unlock(store);
        }
    }

    /** Locks the shards of a command line's keys in ascending order; the set is this thread's, reused. */
    private ShardSet lockShards(CommandSpec spec, byte[][] argv) {
        ShardSet shards = ShardSet.of(spec, argv);
        for (int i = 0; i < shards.count; i++) {
            store.lock(shards.shards[i]).lock();
        }
        return shards;
    }

    private void invoke(Client client, CommandSpec spec, byte[][] argv) {
        // A write that changed data tells those watching its keys (WATCH) and those blocked on them, still under
        // their shard locks.
        BlockedClients blocked = client.node().blockedClients();
        boolean tellWaiting = spec.isWrite() && spec.hasKeys() && (store.watches().any() || blocked.any());
        EffectLog effects = store.effects();
        boolean logging = effects.active();
        long changesBefore = tellWaiting || logging ? store.changesByThisThread() : 0;
        boolean outerReplaced = logging && effects.commandStarted();
        try {
            handlers[spec.id()].execute(client, argv);
            if (tellWaiting && store.changesByThisThread() != changesBefore) {
                int db = client.databaseIndex();
                spec.forEachKey(argv, position -> {
                    store.watches().touch(db, argv[position]);
                    // A key that may have data now: the first client blocked on it tries again.
                    blocked.keyChanged(db, argv[position], client);
                });
            }
        } catch (CommandException e) {
            client.reply().error(e.getMessage());
        } catch (RuntimeException e) {
            log.error("command {} failed", spec.fullName(), e);
            client.reply().error("ERR internal error while running '" + spec.fullName() + "': " + e);
        } finally {
            if (logging) {
                boolean changed = store.changesByThisThread() != changesBefore;
                client.awaitLog(effects.commandEnded(client.databaseIndex(), spec, argv, changed, outerReplaced));
            }
        }
    }

    /**
     * The distinct shards of a command line's keys, sorted ascending: the one global lock order that makes
     * multi-key commands deadlock-free.
     */
    static final class ShardSet implements KeySpec.KeyPositionSink {
        int[] shards = new int[4];
        int count;
        private byte[][] argv;

        private static final FastThreadLocal<ShardSet> PER_THREAD = new FastThreadLocal<>() {
            @Override
            protected ShardSet initialValue() {
                return new ShardSet();
            }
        };

        static ShardSet of(CommandSpec spec, byte[][] argv) {
            ShardSet set = PER_THREAD.get();
            set.count = 0;
            set.argv = argv;
            spec.forEachKey(argv, set);
            set.argv = null;
            if (set.count > 1) {
                Arrays.sort(set.shards, 0, set.count);
                int distinct = 1;
                for (int i = 1; i < set.count; i++) {
                    if (set.shards[i] != set.shards[distinct - 1]) {
                        set.shards[distinct++] = set.shards[i];
                    }
                }
                set.count = distinct;
            }
            return set;
        }

        /** Unlocks what {@link #lockShards} locked, in reverse order. */
        void unlock(Store store) {
            for (int i = count - 1; i >= 0; i--) {
                store.lock(shards[i]).unlock();
            }
        }

        @Override
        public void accept(int position) {
            if (count == shards.length) {
                shards = Arrays.copyOf(shards, shards.length * 2);
            }
            shards[count++] = Key.shardOf(argv[position]);
        }
    }

    /** Redis's message for an unknown command: the name and the first arguments, quoted, at most 128 bytes each. */
    static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            args.append('\'').append(printable(argv[i], 128 - args.length())).append("' ");
        }
        return "ERR unknown command '" + printable(argv[0], 128) + "', with args beginning with: " + args;
    }

    /**
     * Client bytes as they may appear inside an error line: cut at {@code max} bytes or the first NUL (Redis formats
     * them with %.*s); CR and LF are blanked when the error is written.
     */
    public static String printable(byte[] bytes, int max) {
        int length = Math.min(bytes.length, Math.max(0, max));
        for (int i = 0; i < length; i++) {
            if (bytes[i] == 0) {
                length = i;
                break;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
