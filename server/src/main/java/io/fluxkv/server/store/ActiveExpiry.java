package io.fluxkv.server.store;

import java.util.concurrent.TimeUnit;

/**
 * Reclaims expired keys nobody reads, as Redis's active expire cycle does: every tick it visits each shard and
 * database, samples {@value #SAMPLE} keys that carry a deadline, deletes the expired ones, and samples again while
 * more than a quarter of a sample had expired — within a time budget per tick so that it never holds the CPU
 * (or a shard lock) for long.
 */
public final class ActiveExpiry {
    static final int SAMPLE = 20;
    private final Store store;
    private final long budgetNanos;
    /** Where the next tick starts, so that a tick cut short by its budget does not starve the later shards. */
    private int nextShard;

    public ActiveExpiry(Store store, long budget, TimeUnit unit) {
        this.store = store;
        this.budgetNanos = unit.toNanos(budget);
    }

    /** Runs one tick; returns the number of keys reclaimed. */
    public long runOnce() {
        long deadline = System.nanoTime() + budgetNanos;
        long reclaimed = 0;
        for (int visited = 0; visited < Store.SHARDS; visited++) {
            int shard = (nextShard + visited) & (Store.SHARDS - 1);
            for (int db = 0; db < store.databaseCount(); db++) {
                Database database = store.database(db);
                if (database.map(shard).expiringCount() == 0) {
                    continue;
                }
                int[] result;
                do {
                    store.lock(shard).lock();
                    try {
                        result = database.expireSample(shard, SAMPLE, System.currentTimeMillis());
                    } finally {
                        store.lock(shard).unlock();
                    }
                    reclaimed += result[1];
                } while (result[1] * 4 > result[0] && System.nanoTime() < deadline);
            }
            if (System.nanoTime() >= deadline) {
                nextShard = (shard + 1) & (Store.SHARDS - 1);
                break;
            }
        }
        return reclaimed;
    }
}
