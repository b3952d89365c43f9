package io.fluxkv.server.command.server;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.util.Words;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/** Server commands: DBSIZE, FLUSHDB, FLUSHALL, TIME, SWAPDB, LASTSAVE, SHUTDOWN; and INFO, CONFIG, COMMAND. */
public final class ServerCommands {
    private static final Logger log = LoggerFactory.getLogger(ServerCommands.class);

    private ServerCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("dbsize", (client, argv) -> client.reply().integer(client.db().size()));
        binder.bind("flushdb", (client, argv) -> {
            checkFlushMode(argv);
            client.db().flush();
            client.reply().ok();
        });
        binder.bind("flushall", (client, argv) -> {
            checkFlushMode(argv);
            client.node().store().flushAll();
            client.reply().ok();
        });
        binder.bind("time", ServerCommands::time);
        binder.bind("swapdb", ServerCommands::swapdb);
        binder.bind("lastsave", (client, argv) -> client.reply().integer(client.node().lastSave()));
        binder.bind("shutdown", ServerCommands::shutdown);
        binder.bind("bgrewriteaof",
                (client, argv) -> client.reply().simple(client.node().persistence().rewriteInBackground()));
        InfoCommand.register(binder);
        ConfigCommands.register(binder);
        CommandCommands.register(binder);
    }

    /** ASYNC and SYNC are both accepted; either way the flush completes before the reply. */
    private static void checkFlushMode(byte[][] argv) {
        if (argv.length > 2 || (argv.length == 2 && !Words.is(argv[1], "sync") && !Words.is(argv[1], "async"))) {
            throw Errors.syntax();
        }
    }

    private static void time(Client client, byte[][] argv) {
        Instant now = Instant.now();
        client.reply().arrayHeader(2);
        client.reply().bulkDecimal(now.getEpochSecond());
        client.reply().bulkDecimal(now.getNano() / 1000);
    }

    private static void swapdb(Client client, byte[][] argv) {
        int first = Args.parseInt(argv[1], "invalid first DB index");
        int second = Args.parseInt(argv[2], "invalid second DB index");
        int count = client.node().store().databaseCount();
        if (first < 0 || first >= count || second < 0 || second >= count) {
            throw new CommandException(Errors.DB_INDEX_OUT_OF_RANGE);
        }
        client.node().store().swapDatabases(first, second);
        client.reply().ok();
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. There is no RDB to save and no replica to wait for, so the node
     * stops at once: the caller gets no reply, only a closed connection, as from Redis. ABORT has nothing to abort.
     */
    private static void shutdown(Client client, byte[][] argv) {
        boolean save = false;
        boolean nosave = false;
        boolean otherFlags = false;
        boolean abort = false;
        for (int i = 1; i < argv.length; i++) {
            if (Words.is(argv[i], "nosave")) {
                nosave = true;
            } else if (Words.is(argv[i], "save")) {
                save = true;
            } else if (Words.is(argv[i], "now") || Words.is(argv[i], "force")) {
                otherFlags = true;
            } else if (Words.is(argv[i], "abort")) {
                abort = true;
            } else {
                throw Errors.syntax();
            }
        }
        if ((abort && (save || nosave || otherFlags)) || (save && nosave)) {
            throw Errors.syntax();
        }
        if (abort) {
            throw new CommandException("ERR No shutdown in progress.");
        }
        log.warn("User requested shutdown (client id={} addr={})", client.id(), client.remoteAddress());
        client.closeAfterReply();
        client.node().shutdownAsync();
    }
}
