package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.command.server.HelpReply;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.store.Key;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.store.ValueType;
import io.fluxkv.server.util.Clock;
import io.fluxkv.server.util.Glob;
import io.fluxkv.server.util.Words;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keyspace commands (Redis's db.c): DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, COPY, MOVE, OBJECT, ... */
public final class KeyspaceCommands {
    private static final String SAME_OBJECT = "ERR source and destination objects are the same";
    private static final String LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some time to "
            + "adjust.";
    private static final String LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency "
            + "not tracked. Please note that when switching between policies at runtime LRU and LFU data will take "
            + "some time to adjust.";
    /** Redis shares the value objects of the integers 0..9999 and reports their refcount as INT_MAX. */
    private static final long SHARED_INTEGERS = 10_000;
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** The counter Redis gives a new key under an LFU policy. */
    private static final long LFU_INIT_VAL = 5;

    private KeyspaceCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("del", KeyspaceCommands::del);
        binder.bind("unlink", KeyspaceCommands::del);
        binder.bind("exists", KeyspaceCommands::exists);
        binder.bind("touch", KeyspaceCommands::touch);
        binder.bind("type", KeyspaceCommands::type);
        binder.bind("keys", KeyspaceCommands::keys);
        binder.bind("scan", KeyspaceCommands::scan);
        binder.bind("randomkey", KeyspaceCommands::randomKey);
        binder.bind("rename", (client, argv) -> rename(client, argv, false));
        binder.bind("renamenx", (client, argv) -> rename(client, argv, true));
        binder.bind("copy", KeyspaceCommands::copy);
        binder.bind("move", KeyspaceCommands::move);
        binder.bind("object|encoding", (client, argv) -> object(client, argv,
                entry -> client.reply().bulk(ValueType.encoding(entry.value()))));
        binder.bind("object|refcount", (client, argv) -> object(client, argv,
                entry -> client.reply().integer(refcount(client, entry.value()))));
        binder.bind("object|idletime", (client, argv) -> object(client, argv, entry -> {
            if (lfuPolicy(client)) {
                throw new CommandException(LFU_SELECTED);
            }
            client.reply().integer(idleMillis(entry) / 1000);
        }));
        binder.bind("object|freq", (client, argv) -> object(client, argv, entry -> {
            if (!lfuPolicy(client)) {
                throw new CommandException(LFU_NOT_SELECTED);
            }
            // Access counts are not tracked: report a new key's counter, decayed one step per idle minute as
            // Redis decays it with the default lfu-decay-time.
            client.reply().integer(Math.max(0, LFU_INIT_VAL - idleMillis(entry) / 60_000));
        }));
        binder.bind("object|help", (client, argv) -> HelpReply.write(client, argv,
                "ENCODING <key>",
                "    Return the kind of internal representation used in order to store the value",
                "    associated with a <key>.",
                "FREQ <key>",
                "    Return the access frequency index of the <key>. The returned integer is",
                "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>",
                "    Return the idle time of the <key>, that is the approximated number of",
                "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>",
                "    Return the number of references of the value associated with the specified",
                "    <key>."));
    }

    /** DEL and UNLINK: values are garbage collected, so unlinking is already non-blocking. */
    static void del(Client client, byte[][] argv) {
        Database db = client.db();
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.delete(argv[i])) {
                deleted++;
            }
        }
        client.reply().integer(deleted);
    }

    static void exists(Client client, byte[][] argv) {
        Database db = client.db();
        long found = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.lookupNoTouch(argv[i]) != null) {
                found++;
            }
        }
        client.reply().integer(found);
    }

    static void touch(Client client, byte[][] argv) {
        Database db = client.db();
        long touched = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.lookup(argv[i]) != null) {
                touched++;
            }
        }
        client.reply().integer(touched);
    }

    static void type(Client client, byte[][] argv) {
        Entry entry = client.db().lookupNoTouch(argv[1]);
        client.reply().simple(entry == null ? "none" : ValueType.of(entry.value()).typeName());
    }

    /** KEYS goes shard by shard, so it never holds a lock for long; keys added meanwhile may or may not appear. */
    static void keys(Client client, byte[][] argv) {
        byte[] pattern = argv[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        Database db = client.db();
        List<byte[]> found = new ArrayList<>();
        for (int shard = 0; shard < Store.SHARDS; shard++) {
            db.forEachLiveEntry(shard, entry -> {
                byte[] key = entry.key().bytes();
                if (all || Glob.matches(pattern, key, false)) {
                    found.add(key);
                }
            });
        }
        client.reply().arrayHeader(found.size());
        for (byte[] key : found) {
            client.reply().bulk(key);
        }
    }

    static void scan(Client client, byte[][] argv) {
        long cursor = ScanOptions.parseCursor(argv[1]);
        ScanOptions options = ScanOptions.parse(argv, 2, true);
        List<byte[]> found = new ArrayList<>();
        long next = client.db().scan(cursor, options.count(), entry -> {
            byte[] key = entry.key().bytes();
            if (options.matches(key) && (options.type() == null
                    || Words.is(options.type(), ValueType.of(entry.value()).typeName()))) {
                found.add(key);
            }
        });
        ScanOptions.reply(client, next, found);
    }

    static void randomKey(Client client, byte[][] argv) {
        byte[] key = client.db().randomKey();
        if (key == null) {
            client.reply().nullBulk();
        } else {
            client.reply().bulk(key);
        }
    }

    /** RENAME and RENAMENX; the dispatcher holds both keys' shards, so the move is atomic. */
    static void rename(Client client, byte[][] argv, boolean nx) {
        Database db = client.db();
        Entry source = db.lookupWrite(argv[1]);
        if (source == null) {
            throw new CommandException(Errors.NO_SUCH_KEY);
        }
        if (Arrays.equals(argv[1], argv[2])) {
            replyRenamed(client, nx, false);
            return;
        }
        if (nx && db.lookupWrite(argv[2]) != null) {
            replyRenamed(client, true, false);
            return;
        }
        db.relocate(source, db, Key.of(argv[2]));
        replyRenamed(client, nx, true);
    }

    private static void replyRenamed(Client client, boolean nx, boolean renamed) {
        if (nx) {
            client.reply().integer(renamed ? 1 : 0);
        } else {
            client.reply().ok();
        }
    }

    /** COPY source destination [DB index] [REPLACE]. */
    static void copy(Client client, byte[][] argv) {
        Database source = client.db();
        Database target = source;
        boolean replace = false;
        for (int i = 3; i < argv.length; i++) {
            if (Words.is(argv[i], "replace")) {
                replace = true;
            } else if (Words.is(argv[i], "db") && i + 1 < argv.length) {
                target = Keywords.database(client, argv[++i]);
            } else {
                throw Errors.syntax();
            }
        }
        if (source == target && Arrays.equals(argv[1], argv[2])) {
            throw new CommandException(SAME_OBJECT);
        }
        Entry entry = source.lookup(argv[1]);
        if (entry == null || (target.lookupWrite(argv[2]) != null && !replace)) {
            client.reply().integer(0);
            return;
        }
        target.put(Key.of(argv[2]), ValueType.copy(entry.value()), entry.expireAt());
        client.reply().integer(1);
    }

    /** MOVE key db: one shard lock covers the key in every database. */
    static void move(Client client, byte[][] argv) {
        Database source = client.db();
        Database target = Keywords.database(client, argv[2]);
        if (source == target) {
            throw new CommandException(SAME_OBJECT);
        }
        Entry entry = source.lookupWrite(argv[1]);
        if (entry == null || target.lookupWrite(argv[1]) != null) {
            client.reply().integer(0);
            return;
        }
        source.relocate(entry, target, entry.key());
        client.reply().integer(1);
    }

    private interface ObjectReply {
        void write(Entry entry);
    }

    /** OBJECT's subcommands look a key up without touching it (the dispatcher holds its shard lock). */
    private static void object(Client client, byte[][] argv, ObjectReply reply) {
        Entry entry = client.db().lookupNoTouch(argv[2]);
        if (entry == null) {
            client.reply().nullBulk();
        } else {
            reply.write(entry);
        }
    }

    private static long refcount(Client client, Object value) {
        if (value instanceof byte[] bytes && !evictionNeedsPrivateObjects(client)) {
            Long integer = ValueType.integerValue(bytes);
            if (integer != null && integer >= 0 && integer < SHARED_INTEGERS) {
                return SHARED_REFCOUNT;
            }
        }
        return 1;
    }

    /** With maxmemory and an LRU/LFU policy, Redis gives every value its own object (to age it separately). */
    private static boolean evictionNeedsPrivateObjects(Client client) {
        String policy = client.node().config().maxMemoryPolicy;
        return client.node().config().maxMemory != 0 && (policy.endsWith("-lru") || policy.endsWith("-lfu"));
    }

    private static boolean lfuPolicy(Client client) {
        return client.node().config().maxMemoryPolicy.endsWith("-lfu");
    }

    private static long idleMillis(Entry entry) {
        return Math.max(0, Clock.millis() - entry.lastAccess());
    }
}
