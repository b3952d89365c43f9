package io.fluxkv.server.store;

import io.fluxkv.server.aof.EffectLog;
import io.fluxkv.server.util.Counters;

import java.util.concurrent.locks.Lock;

/**
 * The node's keyspace: {@value #SHARDS} shards, each holding its slice of every logical database under its own
 * lock. Callers lock the shards of the keys they touch (the dispatcher does it from the command table's
 * key specs); keyspace-wide operations go shard by shard, or lock every shard in ascending order when they must be
 * atomic (FLUSHALL, SWAPDB).
 */
public final class Store {
    public static final int SHARDS = 256;

    private final Shard[] shards = new Shard[SHARDS];
    private final Database[] databases;
    private static final int CHANGES = 0;
    private static final int EXPIRED = 1;
    private static final int HITS = 2;
    private static final int MISSES = 3;
    /** Moved by nearly every command, so counted per thread without atomics. */
    private final Counters counters = new Counters(4);
    private final Watches watches = new Watches();
    private final EffectLog effects = new EffectLog();

    public Store(int databaseCount) {
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard(i, databaseCount);
        }
        databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new Database(this, i);
        }
    }

    public int databaseCount() {
        return databases.length;
    }

    public Database database(int index) {
        return databases[index];
    }

    Shard shard(int index) {
        return shards[index];
    }

    /** The lock of one shard; taken for reading and for writing alike (see {@link Shard}). */
    public Lock lock(int shard) {
        return shards[shard].lock;
    }

    public boolean lockedByCurrentThread(int shard) {
        return shards[shard].lock.isHeldByCurrentThread();
    }

    /** Locks every shard for writing, in ascending order (the order every multi-shard locker uses). */
    public void lockAll() {
        for (Shard shard : shards) {
            shard.lock.lock();
        }
    }

    public void unlockAll() {
        for (int i = SHARDS - 1; i >= 0; i--) {
            shards[i].lock.unlock();
        }
    }

    /** Exchanges two databases atomically: every client sees either both before or both after. */
    public void swapDatabases(int a, int b) {
        lockAll();
        try {
            watches.touchExisting(this, a, b);
            watches.touchExisting(this, b, a);
            for (Shard shard : shards) {
                KeyMap first = shard.databases[a];
                shard.databases[a] = shard.databases[b];
                shard.databases[b] = first;
            }
            counters.increment(CHANGES);
        } finally {
            unlockAll();
        }
    }

    /** Empties every database atomically; returns the number of keys removed. */
    public long flushAll() {
        lockAll();
        try {
            for (int db = 0; db < databases.length; db++) {
                watches.touchExisting(this, db, -1);
            }
            long removed = 0;
            for (Shard shard : shards) {
                for (KeyMap map : shard.databases) {
                    removed += map.size();
                    map.clear();
                }
            }
            counters.increment(CHANGES);
            return removed;
        } finally {
            unlockAll();
        }
    }

    /** Takes one shard's part of a snapshot; called with that shard's lock held. */
    @FunctionalInterface
    public interface Capture {
        void capture(int shard);
    }

    /** Sees one entry of a shard: its database and the entry (which it must not keep). */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(int db, Entry entry);
    }

    /**
     * Starts a consistent snapshot: with every shard locked, arms each so that the next locker of a shard captures
     * it first (see {@link ShardLock}). {@code atCut} runs at the instant of the snapshot, still under all locks.
     */
    public void armCapture(Capture capture, Runnable atCut) {
        lockAll();
        try {
            atCut.run();
            for (Shard shard : shards) {
                shard.lock.arm(capture);
            }
        } finally {
            unlockAll();
        }
    }

    /**
     * Visits every entry of one shard in every database, expired ones not yet reclaimed too (a command that started
     * a moment earlier may still see them alive); the caller holds the shard's lock.
     */
    public void visitShard(int shard, EntryVisitor visitor) {
        KeyMap[] maps = shards[shard].databases;
        for (int db = 0; db < maps.length; db++) {
            int index = db;
            maps[db].forEach(entry -> visitor.visit(index, entry));
        }
    }

    /** Deletes every key whose deadline is before {@code now} (after an AOF load); returns how many. */
    public long dropExpired(long now) {
        long dropped = 0;
        for (int shard = 0; shard < SHARDS; shard++) {
            lock(shard).lock();
            try {
                for (KeyMap map : shards[shard].databases) {
                    java.util.List<Entry> expired = new java.util.ArrayList<>();
                    map.forEach(entry -> {
                        if (entry.expiredAt(now)) {
                            expired.add(entry);
                        }
                    });
                    for (Entry entry : expired) {
                        map.remove(entry.keyBytes, entry.hash);
                    }
                    dropped += expired.size();
                }
            } finally {
                lock(shard).unlock();
            }
        }
        return dropped;
    }

    /** Counts one change to the data set (INFO's rdb_changes_since_last_save). */
    public void countChanges(long count) {
        counters.add(CHANGES, count);
    }

    /** Changes counted so far by the calling thread: a command compares it before and after itself. */
    public long changesByThisThread() {
        return counters.local(CHANGES);
    }

    /** Where changes are logged (the AOF), as effects. */
    public EffectLog effects() {
        return effects;
    }

    public Watches watches() {
        return watches;
    }

    public long changes() {
        return counters.sum(CHANGES);
    }

    public long expiredKeys() {
        return counters.sum(EXPIRED);
    }

    public long keyspaceHits() {
        return counters.sum(HITS);
    }

    public long keyspaceMisses() {
        return counters.sum(MISSES);
    }

    void countExpired() {
        counters.increment(EXPIRED);
    }

    void countLookup(boolean hit) {
        counters.increment(hit ? HITS : MISSES);
    }

    /** CONFIG RESETSTAT: zeroes expired/hits/misses; the change count is not a statistic and stays. */
    public void resetStats() {
        counters.reset(EXPIRED, MISSES + 1);
    }
}
