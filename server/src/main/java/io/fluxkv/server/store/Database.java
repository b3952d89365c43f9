package io.fluxkv.server.store;

import io.fluxkv.server.util.Clock;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One logical database (SELECT n), seen across all shards. Keyed methods expect the caller to hold the key's shard
 * lock; the dispatcher takes them from the command table before a handler
 * runs. Methods that span the database lock shard by shard themselves.
 * <p>
 * Expired keys are invisible from the moment their deadline passes; a lookup deletes such a key at once, and the
 * active expiry cycle reclaims the ones nobody looks up.
 */
public final class Database {
    private final Store store;
    private final int index;

    Database(Store store, int index) {
        this.store = store;
        this.index = index;
    }

    public int index() {
        return index;
    }

    public Store store() {
        return store;
    }

    KeyMap map(int shard) {
        return store.shard(shard).databases[index];
    }

    /** The live entry for {@code key}, or null; counts a keyspace hit or miss and refreshes the access time. */
    public Entry lookup(byte[] key) {
        Entry entry = peek(key);
        store.countLookup(entry != null);
        if (entry != null) {
            entry.lastAccess = Clock.millis();
        }
        return entry;
    }

    /** The live entry for {@code key}, or null; counts a hit or miss but keeps the access time (EXISTS, TTL). */
    public Entry lookupNoTouch(byte[] key) {
        Entry entry = peek(key);
        store.countLookup(entry != null);
        return entry;
    }

    /** The live entry for {@code key}, or null, for a write: refreshes the access time, counts no hit or miss. */
    public Entry lookupWrite(byte[] key) {
        Entry entry = peek(key);
        if (entry != null) {
            entry.lastAccess = Clock.millis();
        }
        return entry;
    }

    /** The live entry for {@code key}, or null, without touching statistics or the access time. */
    public Entry peek(byte[] key) {
        return peek(Key.of(key));
    }

    public Entry peek(Key key) {
        return peek(key.bytes(), key.hash());
    }

    private Entry peek(byte[] key, int hash) {
        int shard = hash & (Store.SHARDS - 1);
        KeyMap map = map(shard);
        Entry entry = map.get(key, hash);
        if (entry != null && entry.expiredAt(Clock.millis())) {
            if (store.lockedByCurrentThread(shard)) {
                expireNow(map, entry);
            }
            return null;
        }
        return entry;
    }


    /** Stores {@code value} at {@code key}, replacing any value and dropping any expiry. Returns the entry. */
    public Entry put(byte[] key, Object value) {
        return put(Key.of(key), value, Entry.NO_EXPIRY);
    }

    /** Stores {@code value} with an absolute deadline ({@link Entry#NO_EXPIRY} for none). */
    public Entry put(Key key, Object value, long expireAt) {
        KeyMap map = map(key.shard());
        long now = Clock.millis();
        Entry entry = map.getOrInsert(key.bytes(), key.hash(), now);
        if (entry.value != null && entry.expiredAt(now)) {
            // Replacing a key that had expired unseen: it counts as expired, as Redis's lookup before a write does.
            store.countExpired();
            store.effects().expired(index, entry.keyBytes);
        }
        entry.value = value;
        entry.lastAccess = now;
        map.setExpiry(entry, expireAt);
        store.countChanges(1);
        return entry;
    }

    /** Replaces the value of an existing live entry, keeping its expiry (KEEPTTL, APPEND, INCR, ...). */
    public void replaceValue(Entry entry, Object value) {
        entry.value = value;
        entry.lastAccess = Clock.millis();
        store.countChanges(1);
    }

    /** Sets (or with {@link Entry#NO_EXPIRY} removes) the deadline of a live entry. */
    public void setExpiry(Entry entry, long expireAt) {
        map(entry.shard()).setExpiry(entry, expireAt);
        store.countChanges(1);
    }

    /** Deletes {@code key}; returns whether a live key was deleted. */
    public boolean delete(byte[] key) {
        return delete(Key.of(key)) != null;
    }

    /** Deletes {@code key} and returns its live entry, or null. */
    public Entry delete(Key key) {
        KeyMap map = map(key.shard());
        Entry existing = map.get(key.bytes(), key.hash());
        if (existing == null) {
            return null;
        }
        // Decide before removing: removal clears the entry's deadline.
        boolean expired = existing.expiredAt(Clock.millis());
        Entry removed = map.remove(key.bytes(), key.hash());
        if (expired) {
            store.countExpired();
            store.effects().expired(index, removed.keyBytes);
            return null;
        }
        store.countChanges(1);
        return removed;
    }

    /** Number of keys (like Redis, keys past their deadline but not yet reclaimed are counted). */
    public long size() {
        long total = 0;
        for (int shard = 0; shard < Store.SHARDS; shard++) {
            store.lock(shard).lock();
            try {
                total += map(shard).size();
            } finally {
                store.lock(shard).unlock();
            }
        }
        return total;
    }

    /** Number of keys with an expiry (INFO keyspace's expires=). */
    public long expiringSize() {
        long total = 0;
        for (int shard = 0; shard < Store.SHARDS; shard++) {
            store.lock(shard).lock();
            try {
                total += map(shard).expiringCount();
            } finally {
                store.lock(shard).unlock();
            }
        }
        return total;
    }

    /** Empties this database atomically; returns the number of keys removed. */
    public long flush() {
        store.lockAll();
        try {
            store.watches().touchExisting(store, index, -1);
            long removed = 0;
            for (int shard = 0; shard < Store.SHARDS; shard++) {
                removed += map(shard).size();
                map(shard).clear();
            }
            store.countChanges(1);
            return removed;
        } finally {
            store.unlockAll();
        }
    }

    /**
     * Calls {@code visitor} with every live entry of one shard, under that shard's lock. The visitor must not
     * keep the entries after it returns.
     */
    public void forEachLiveEntry(int shard, Consumer<Entry> visitor) {
        store.lock(shard).lock();
        try {
            long now = Clock.millis();
            map(shard).forEach(entry -> {
                if (!entry.expiredAt(now)) {
                    visitor.accept(entry);
                }
            });
        } finally {
            store.lock(shard).unlock();
        }
    }

    /**
     * Moves a live entry to {@code newKey} in {@code target} (RENAME, MOVE), with its value, deadline and access
     * time, replacing whatever {@code newKey} held. The caller holds the locks of both keys' shards.
     */
    public void relocate(Entry entry, Database target, Key newKey) {
        long expireAt = entry.expireAt;
        map(entry.shard()).remove(entry.keyBytes, entry.hash);
        KeyMap into = target.map(newKey.shard());
        Entry moved = new Entry(newKey.bytes(), newKey.hash(), entry.value, entry.lastAccess);
        into.remove(newKey.bytes(), newKey.hash());
        into.insert(moved);
        into.setExpiry(moved, expireAt);
        store.countChanges(1);
    }

    /**
     * One SCAN step. A cursor is (shard << 32 | hash): within a shard keys come in ascending unsigned order of their
     * hash, all keys of one hash in the same step, so every key present for the whole scan is returned at least
     * once however the maps grow or shrink. Visits about {@code count} keys (expired ones count but are not passed
     * to {@code visitor}), locking one shard at a time; returns the next cursor, 0 when the scan is complete.
     */
    public long scan(long cursor, int count, Consumer<Entry> visitor) {
        if (cursor < 0 || (cursor >>> 32) >= Store.SHARDS) {
            return 0;
        }
        int shard = (int) (cursor >>> 32);
        long from = cursor & KeyMap.LAST_HASH;
        int[] budget = {count};
        while (true) {
            long upTo;
            store.lock(shard).lock();
            try {
                KeyMap map = map(shard);
                long start = from;
                long end = map.scanBound(from, budget[0]);
                upTo = end;
                long now = Clock.millis();
                map.forEach(entry -> {
                    long hash = entry.hash & KeyMap.LAST_HASH;
                    if (hash >= start && hash <= end) {
                        budget[0]--;
                        if (!entry.expiredAt(now)) {
                            visitor.accept(entry);
                        }
                    }
                });
            } finally {
                store.lock(shard).unlock();
            }
            if (upTo < KeyMap.LAST_HASH) {
                return ((long) shard << 32) | (upTo + 1);
            }
            if (++shard == Store.SHARDS) {
                return 0;
            }
            from = 0;
            if (budget[0] <= 0) {
                return (long) shard << 32;
            }
        }
    }

    /**
     * A live key chosen at random, uniformly over the keys, or null when there is none. Expired keys that active
     * expiry has not reclaimed yet are skipped (left to active expiry).
     */
    public byte[] randomKey() {
        int[] sizes = new int[Store.SHARDS];
        long total = 0;
        for (int shard = 0; shard < Store.SHARDS; shard++) {
            store.lock(shard).lock();
            try {
                sizes[shard] = map(shard).size();
            } finally {
                store.lock(shard).unlock();
            }
            total += sizes[shard];
        }
        if (total == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            long pick = random.nextLong(total);
            int shard = 0;
            while (pick >= sizes[shard]) {
                pick -= sizes[shard++];
            }
            byte[] key = randomLiveKey(shard);
            if (key != null) {
                return key;
            }
        }
        // Mostly expired keys (or a shrinking database): take the first live key from a random shard on.
        int start = random.nextInt(Store.SHARDS);
        for (int i = 0; i < Store.SHARDS; i++) {
            byte[][] found = new byte[1][];
            forEachLiveEntry((start + i) & (Store.SHARDS - 1), entry -> {
                if (found[0] == null) {
                    found[0] = entry.keyBytes;
                }
            });
            if (found[0] != null) {
                return found[0];
            }
        }
        return null;
    }

    private byte[] randomLiveKey(int shard) {
        store.lock(shard).lock();
        try {
            Entry entry = map(shard).randomEntry();
            return entry == null || entry.expiredAt(Clock.millis()) ? null : entry.keyBytes;
        } finally {
            store.lock(shard).unlock();
        }
    }

    /**
     * One step of active expiry for one shard: samples keys that carry a deadline and deletes the expired ones.
     * Returns {sampled, expired}. The caller holds the shard's lock.
     */
    int[] expireSample(int shard, int samples, long now) {
        KeyMap map = map(shard);
        int sampled = 0;
        int expired = 0;
        for (int i = 0; i < samples && map.expiringCount() > 0; i++) {
            Entry entry = map.randomExpiring();
            sampled++;
            if (entry.expiredAt(now)) {
                expireNow(map, entry);
                expired++;
            }
        }
        return new int[] {sampled, expired};
    }

    private void expireNow(KeyMap map, Entry entry) {
        map.remove(entry.keyBytes, entry.hash);
        store.countExpired();
        store.effects().expired(index, entry.keyBytes);
        store.watches().touch(index, entry.keyBytes);
    }
}
