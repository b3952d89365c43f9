package io.fluxkv.server.store;

import java.util.HashMap;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of one logical database within one shard, plus an index of the keys that carry an expiry so that the
 * active expiry cycle can sample them at random in O(1), as Redis samples its expires dict.
 */
final class KeyMap {
    final HashMap<Key, Entry> entries = new HashMap<>();
    private Entry[] expiring = new Entry[8];
    private int expiringCount;

    int size() {
        return entries.size();
    }

    int expiringCount() {
        return expiringCount;
    }

    void setExpiry(Entry entry, long expireAt) {
        if (expireAt == Entry.NO_EXPIRY) {
            unindex(entry);
        } else if (entry.expirySlot < 0) {
            if (expiringCount == expiring.length) {
                expiring = java.util.Arrays.copyOf(expiring, expiring.length * 2);
            }
            entry.expirySlot = expiringCount;
            expiring[expiringCount++] = entry;
        }
        entry.expireAt = expireAt;
    }

    Entry remove(Key key) {
        Entry removed = entries.remove(key);
        if (removed != null) {
            unindex(removed);
        }
        return removed;
    }

    void clear() {
        entries.clear();
        java.util.Arrays.fill(expiring, 0, expiringCount, null);
        expiringCount = 0;
    }

    /** An entry with an expiry, chosen at random, or null when none has one. */
    Entry randomExpiring() {
        return expiringCount == 0 ? null : expiring[ThreadLocalRandom.current().nextInt(expiringCount)];
    }

    Iterator<Entry> iterator() {
        return entries.values().iterator();
    }

    private void unindex(Entry entry) {
        int slot = entry.expirySlot;
        if (slot < 0) {
            return;
        }
        Entry last = expiring[--expiringCount];
        expiring[slot] = last;
        last.expirySlot = slot;
        expiring[expiringCount] = null;
        entry.expirySlot = -1;
        entry.expireAt = Entry.NO_EXPIRY;
    }
}
