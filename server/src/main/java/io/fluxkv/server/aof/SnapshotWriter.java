package io.fluxkv.server.aof;

import io.fluxkv.server.command.zset.Scores;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.type.HashValue;
import io.fluxkv.server.type.ListValue;
import io.fluxkv.server.type.SetValue;
import io.fluxkv.server.type.SortedSetValue;
import io.fluxkv.server.type.ZSkipList;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes live keys as the fewest records that rebuild them (an AOF rewrite): a string as one {@code set} with its
 * deadline, a collection as {@code rpush}/{@code hset}/{@code sadd}/{@code zadd} records of at most
 * {@value #BATCH} elements (or pairs) each, then its deadline as {@code pexpireat}.
 */
final class SnapshotWriter {
    /** Elements per record: big collections become several lines of bounded size. */
    static final int BATCH = 128;
    private static final byte[] RPUSH = Effect.ascii("rpush");
    private static final byte[] HSET = Effect.ascii("hset");
    private static final byte[] SADD = Effect.ascii("sadd");
    private static final byte[] ZADD = Effect.ascii("zadd");

    private final RecordBuffer out;
    private final long ts;
    /** The time of the current key's records. */
    private long keyTs;
    private final byte[][] argv = new byte[2 + 2 * BATCH][];
    private int argc;
    private int db;
    private long records;

    SnapshotWriter(RecordBuffer out, long ts) {
        this.out = out;
        this.ts = ts;
    }

    long records() {
        return records;
    }

    void write(int database, Entry entry) {
        db = database;
        byte[] key = entry.keyBytes();
        Object value = entry.value();
        long deadline = entry.expireAt();
        // A key captured past its deadline (not reclaimed yet, and maybe still seen alive by a command logged after
        // the cut) is written as of just before it, so that replay, running records at their own time, rebuilds it
        // alive with its deadline rather than deleting it at once.
        keyTs = deadline != Entry.NO_EXPIRY && deadline <= ts ? deadline - 1 : ts;
        if (value instanceof byte[] string) {
            emit("set", Effect.set(key, string, deadline));
            return;
        }
        if (value instanceof ListValue list) {
            start(RPUSH, key);
            for (int i = 0; i < list.size(); i++) {
                add(list.get(i));
            }
        } else if (value instanceof HashValue hash) {
            start(HSET, key);
            hash.forEach(this::addPair);
        } else if (value instanceof SetValue set) {
            start(SADD, key);
            for (byte[] member : set) {
                add(member);
            }
        } else if (value instanceof SortedSetValue zset) {
            start(ZADD, key);
            for (ZSkipList.Node node = zset.first(); node != null; node = node.next()) {
                addPair(Scores.format(node.score()), node.member());
            }
        } else {
            throw new IllegalStateException("no snapshot form for " + value.getClass().getName());
        }
        finish();
        if (deadline != Entry.NO_EXPIRY) {
            emit("pexpireat", Effect.pexpireat(key, deadline));
        }
    }

    private void start(byte[] op, byte[] key) {
        argv[0] = op;
        argv[1] = key;
        argc = 2;
    }

    private void add(byte[] element) {
        argv[argc++] = element;
        if (argc == 2 + BATCH) {
            finish();
        }
    }

    private void addPair(byte[] first, byte[] second) {
        argv[argc++] = first;
        argv[argc++] = second;
        if (argc == argv.length) {
            finish();
        }
    }

    private void finish() {
        if (argc > 2) {
            emit(new String(argv[0], StandardCharsets.US_ASCII), Arrays.copyOf(argv, argc));
        }
        argc = 2;
    }

    private void emit(String op, byte[][] line) {
        out.add(keyTs, db, op, line, true);
        records++;
    }
}
