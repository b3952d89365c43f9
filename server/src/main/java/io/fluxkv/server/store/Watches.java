package io.fluxkv.server.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keys connections WATCH, per shard, so that whatever changes a key — a write, an expiry, a flush — can tell
 * the transactions watching it. Each shard's part is guarded by that shard's lock, like the keys themselves.
 */
public final class Watches {
    /** A connection's transaction: told, under the key's shard lock, that a key it watches changed. */
    public interface Watcher {
        void watchedKeyTouched();
    }


    @SuppressWarnings("unchecked")
    private final Map<DbKey, List<Watcher>>[] perShard = new Map[Store.SHARDS];
    /** Registrations in all shards; while 0, writes skip the registry altogether. */
    private final AtomicInteger registrations = new AtomicInteger();

    Watches() {
        for (int shard = 0; shard < Store.SHARDS; shard++) {
            perShard[shard] = new HashMap<>();
        }
    }

    public boolean any() {
        return registrations.get() != 0;
    }

    /** Registers {@code watcher} for the key; the caller holds the key's shard lock. */
    public void watch(int db, byte[] key, Watcher watcher) {
        List<Watcher> watchers = perShard[Key.shardOf(key)].computeIfAbsent(new DbKey(db, key),
                k -> new ArrayList<>(2));
        if (!watchers.contains(watcher)) {
            watchers.add(watcher);
            registrations.incrementAndGet();
        }
    }

    /** Removes {@code watcher} from the key; the caller holds the key's shard lock. */
    public void unwatch(int db, byte[] key, Watcher watcher) {
        Map<DbKey, List<Watcher>> shard = perShard[Key.shardOf(key)];
        DbKey watched = new DbKey(db, key);
        List<Watcher> watchers = shard.get(watched);
        if (watchers != null && watchers.remove(watcher)) {
            registrations.decrementAndGet();
            if (watchers.isEmpty()) {
                shard.remove(watched);
            }
        }
    }

    /** Tells every watcher of the key that it changed; the caller holds the key's shard lock. */
    public void touch(int db, byte[] key) {
        if (!any()) {
            return;
        }
        List<Watcher> watchers = perShard[Key.shardOf(key)].get(new DbKey(db, key));
        if (watchers != null) {
            watchers.forEach(Watcher::watchedKeyTouched);
        }
    }

    /**
     * Before database {@code db} is emptied or exchanged: touches every watched key of it that exists there, or in
     * {@code other} (the database that takes its place, or -1). The caller holds every shard lock.
     */
    void touchExisting(Store store, int db, int other) {
        if (!any()) {
            return;
        }
        for (Map<DbKey, List<Watcher>> shard : perShard) {
            shard.forEach((watched, watchers) -> {
                if (watched.db() == db && (store.database(db).peek(watched.key()) != null
                        || (other >= 0 && store.database(other).peek(watched.key()) != null))) {
                    watchers.forEach(Watcher::watchedKeyTouched);
                }
            });
        }
    }
}
