package io.fluxkv.server.store;

import java.util.HashMap;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of one logical database within one shard, plus an index of the keys that carry an expiry so that the
 * active expiry cycle can sample them at random in O(1), as Redis samples its expires dict.
 */
final class KeyMap {
    /** The largest 32-bit hash, unsigned. */
    static final long LAST_HASH = 0xffffffffL;

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

    /** The entry at position {@code index} of an iteration (0 <= index < size): RANDOMKEY's uniform pick. */
    Entry entryAt(int index) {
        Iterator<Entry> it = entries.values().iterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        return it.next();
    }

    /**
     * The end of one SCAN step in this map: the smallest unsigned hash {@code h} such that at least {@code limit}
     * keys have a hash in {@code [from, h]}, or {@link #LAST_HASH} when fewer than {@code limit} remain. Keeps the
     * {@code limit} smallest candidate hashes in a max-heap, so a step costs one pass over the map.
     */
    long scanBound(long from, int limit) {
        long[] heap = new long[Math.min(limit, entries.size())];
        int size = 0;
        for (Key key : entries.keySet()) {
            long hash = key.hash() & LAST_HASH;
            if (hash < from) {
                continue;
            }
            if (size < heap.length) {
                heap[size++] = hash;
                siftUp(heap, size - 1);
            } else if (hash < heap[0]) {
                heap[0] = hash;
                siftDown(heap, size);
            }
        }
        return size < limit ? LAST_HASH : heap[0];
    }

    private static void siftUp(long[] heap, int i) {
        while (i > 0 && heap[(i - 1) / 2] < heap[i]) {
            swap(heap, i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    }

    private static void siftDown(long[] heap, int size) {
        int i = 0;
        while (true) {
            int largest = i;
            for (int child = 2 * i + 1; child <= 2 * i + 2 && child < size; child++) {
                if (heap[child] > heap[largest]) {
                    largest = child;
                }
            }
            if (largest == i) {
                return;
            }
            swap(heap, i, largest);
            i = largest;
        }
    }

    private static void swap(long[] heap, int a, int b) {
        long t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
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
