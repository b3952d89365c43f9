package io.fluxkv.server.store;


/**
 * One of the 256 shards: the slice of every logical database whose keys hash here, under one lock.
 * One lock covers all databases of the shard, so a key's shard lock also guards the same key in another database
 * (MOVE, COPY ... DB) and SWAPDB can exchange databases shard by shard.
 * <p>
 * An exclusive {@link ReentrantLock}, chosen by measurement (docs/design.md): with 256 shards and one event loop per
 * core, two readers almost never meet on a shard, so a read/write lock's sharing buys nothing while its read path
 * (reader hold counts kept per thread) cost a fifth of GET throughput. Reentrant, because a transaction holds its
 * shards while its commands lock them again; and it knows its owner, so a lookup can reclaim an expired key at once.
 */
final class Shard {
    final ShardLock lock;
    KeyMap[] databases;

    Shard(int index, int databaseCount) {
        lock = new ShardLock(index);
        databases = new KeyMap[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new KeyMap();
        }
    }
}
