package io.fluxkv.server.store;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One of the 256 shards: the slice of every logical database whose keys hash here, under one read/write lock.
 * One lock covers all databases of the shard, so a key's shard lock also guards the same key in another database
 * (MOVE, COPY ... DB) and SWAPDB can exchange databases shard by shard.
 * <p>
 * A reentrant read/write lock rather than a StampedLock: a transaction holds the locks of every shard it touches
 * while its commands run, and keyspace-wide commands inside it lock shards again; StampedLock is not reentrant.
 */
final class Shard {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    KeyMap[] databases;

    Shard(int databaseCount) {
        databases = new KeyMap[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new KeyMap();
        }
    }
}
