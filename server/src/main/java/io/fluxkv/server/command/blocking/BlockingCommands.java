package io.fluxkv.server.command.blocking;

import io.fluxkv.server.Client;
import io.fluxkv.server.aof.Effect;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.command.list.ListCommands;
import io.fluxkv.server.command.zset.SortedSetCommands;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.type.ListValue;

import java.util.Arrays;
import java.util.List;

/**
 * The blocking pops (Redis's blocking forms in t_list.c and t_zset.c). Each first does what its non-blocking form
 * would when a key has data; otherwise the client blocks until a write gives one of its keys data (then it runs
 * again), or its timeout passes (then it gets a null). Inside EXEC nothing waits: the null comes at once.
 */
public final class BlockingCommands {
    private BlockingCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("blpop", (client, argv) -> listPop(client, argv, true));
        binder.bind("brpop", (client, argv) -> listPop(client, argv, false));
        binder.bind("blmove", BlockingCommands::blmove);
        binder.bind("brpoplpush", (client, argv) -> listMove(client, argv, false, true, argv[3]));
        binder.bind("bzpopmin", (client, argv) -> sortedSetPop(client, argv, false));
        binder.bind("bzpopmax", (client, argv) -> sortedSetPop(client, argv, true));
        binder.bind("blmpop", BlockingCommands::blmpop);
        binder.bind("bzmpop", BlockingCommands::bzmpop);
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: LMPOP once a list has elements. */
    static void blmpop(Client client, byte[][] argv) {
        long timeout = Blocking.timeoutMillis(argv[1]);
        ListCommands.MultiPop pop = ListCommands.MultiPop.parse(argv, 2);
        if (ListCommands.popFirstNonEmpty(client, pop)) {
            Blocking.served(client);
        } else {
            Blocking.blockOrGiveUp(client, argv, pop.keys(), timeout, true);
        }
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: ZMPOP once a sorted set has members. */
    static void bzmpop(Client client, byte[][] argv) {
        long timeout = Blocking.timeoutMillis(argv[1]);
        SortedSetCommands.MultiPop pop = SortedSetCommands.MultiPop.parse(argv, 2);
        for (byte[] key : pop.keys()) {
            if (SortedSetCommands.zset(client.db().lookupWrite(key)) != null) {
                Blocking.served(client);
                SortedSetCommands.pop(client, pop.keys(), pop.max(), true, pop.count(), true, true);
                return;
            }
        }
        Blocking.blockOrGiveUp(client, argv, pop.keys(), timeout, true);
    }

    /** The keys of a command of the form NAME key [key ...] timeout. */
    private static List<byte[]> keysBeforeTimeout(byte[][] argv) {
        return Arrays.asList(argv).subList(1, argv.length - 1);
    }

    /** BLPOP / BRPOP key [key ...] timeout: [key, element] from the first non-empty list. */
    static void listPop(Client client, byte[][] argv, boolean left) {
        long timeout = Blocking.timeoutMillis(argv[argv.length - 1]);
        Database db = client.db();
        List<byte[]> keys = keysBeforeTimeout(argv);
        for (byte[] key : keys) {
            ListValue list = ListCommands.list(db.lookupWrite(key));
            if (list != null) {
                byte[] element = ListCommands.popFrom(list, left, 1)[0];
                client.reply().arrayHeader(2);
                client.reply().bulk(key);
                client.reply().bulk(element);
                Blocking.served(client);
                ListCommands.elementsRemoved(db, key, list, 1);
                client.logAs(Effect.listPop(key, left, 1));
                return;
            }
        }
        Blocking.blockOrGiveUp(client, argv, keys, timeout, true);
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout. */
    static void blmove(Client client, byte[][] argv) {
        boolean fromLeft = ListCommands.isLeft(argv[3]);
        boolean toLeft = ListCommands.isLeft(argv[4]);
        listMove(client, argv, fromLeft, toLeft, argv[5]);
    }

    /** BLMOVE and BRPOPLPUSH: LMOVE once the source has an element. */
    private static void listMove(Client client, byte[][] argv, boolean fromLeft, boolean toLeft, byte[] timeoutArg) {
        long timeout = Blocking.timeoutMillis(timeoutArg);
        if (ListCommands.list(client.db().lookupWrite(argv[1])) != null) {
            Blocking.served(client);
            ListCommands.move(client, argv[1], argv[2], fromLeft, toLeft);
            return;
        }
        Blocking.blockOrGiveUp(client, argv, List.of(argv[1]), timeout, false);
    }

    /** BZPOPMIN / BZPOPMAX key [key ...] timeout: [key, member, score] from the first non-empty sorted set. */
    static void sortedSetPop(Client client, byte[][] argv, boolean max) {
        long timeout = Blocking.timeoutMillis(argv[argv.length - 1]);
        List<byte[]> keys = keysBeforeTimeout(argv);
        for (byte[] key : keys) {
            if (SortedSetCommands.zset(client.db().lookupWrite(key)) != null) {
                Blocking.served(client);
                SortedSetCommands.pop(client, keys, max, true, -1, false, true);
                return;
            }
        }
        Blocking.blockOrGiveUp(client, argv, keys, timeout, true);
    }
}
