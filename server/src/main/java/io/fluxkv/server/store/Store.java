package io.fluxkv.server.store;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;

/**
 * The node's keyspace: {@value #SHARDS} shards, each holding its slice of every logical database under its own
 * read/write lock. Callers lock the shards of the keys they touch (the dispatcher does it from the command table's
 * key specs); keyspace-wide operations go shard by shard, or lock every shard in ascending order when they must be
 * atomic (FLUSHALL, SWAPDB).
 */
public final class Store {
    public static final int SHARDS = 256;

    private final Shard[] shards = new Shard[SHARDS];
    private final Database[] databases;
    private final LongAdder changes = new LongAdder();
    private final LongAdder expiredKeys = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public Store(int databaseCount) {
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard(databaseCount);
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

    public Lock readLock(int shard) {
        return shards[shard].lock.readLock();
    }

    public Lock writeLock(int shard) {
        return shards[shard].lock.writeLock();
    }

    public boolean writeLockedByCurrentThread(int shard) {
        return shards[shard].lock.isWriteLockedByCurrentThread();
    }

    /** Locks every shard for writing, in ascending order (the order every multi-shard locker uses). */
    public void lockAll() {
        for (Shard shard : shards) {
            shard.lock.writeLock().lock();
        }
    }

    public void unlockAll() {
        for (int i = SHARDS - 1; i >= 0; i--) {
            shards[i].lock.writeLock().unlock();
        }
    }

    /** Exchanges two databases atomically: every client sees either both before or both after. */
    public void swapDatabases(int a, int b) {
        lockAll();
        try {
            for (Shard shard : shards) {
                KeyMap first = shard.databases[a];
                shard.databases[a] = shard.databases[b];
                shard.databases[b] = first;
            }
            changes.increment();
        } finally {
            unlockAll();
        }
    }

    /** Empties every database atomically; returns the number of keys removed. */
    public long flushAll() {
        lockAll();
        try {
            long removed = 0;
            for (Shard shard : shards) {
                for (KeyMap map : shard.databases) {
                    removed += map.size();
                    map.clear();
                }
            }
            changes.increment();
            return removed;
        } finally {
            unlockAll();
        }
    }

    /** Counts one change to the data set (INFO's rdb_changes_since_last_save). */
    public void countChanges(long count) {
        changes.add(count);
    }

    public long changes() {
        return changes.sum();
    }

    public long expiredKeys() {
        return expiredKeys.sum();
    }

    public long keyspaceHits() {
        return hits.sum();
    }

    public long keyspaceMisses() {
        return misses.sum();
    }

    void countExpired() {
        expiredKeys.increment();
    }

    void countLookup(boolean hit) {
        (hit ? hits : misses).increment();
    }

    public void resetStats() {
        expiredKeys.reset();
        hits.reset();
        misses.reset();
    }
}
