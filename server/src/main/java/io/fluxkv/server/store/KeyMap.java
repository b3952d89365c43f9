package io.fluxkv.server.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The keys of one logical database within one shard: an open-addressing table of entries (linear probing, no
 * tombstones), plus an index of the keys that carry an expiry so that the active expiry cycle can sample them at
 * random in O(1), as Redis samples its expires dict.
 * <p>
 * Why not a HashMap: a lookup there follows table slot, node, key object, key bytes, entry; here it follows slot,
 * entry, key bytes. On a keyspace far larger than the CPU caches each of those is a cache miss (the profile had
 * HashMap.getNode at 29% of the node's CPU), and every key also cost two extra objects for the collector to copy.
 */
final class KeyMap {
    /** The largest 32-bit hash, unsigned. */
    static final long LAST_HASH = 0xffffffffL;
    private static final int MIN_CAPACITY = 16;

    /** Slots; capacity is a power of two and kept at most 5/8 full so probe runs stay short. */
    private Entry[] slots = new Entry[MIN_CAPACITY];
    private int shift = Integer.SIZE - Integer.numberOfTrailingZeros(MIN_CAPACITY);
    private int size;
    private Entry[] expiring = new Entry[8];
    private int expiringCount;

    int size() {
        return size;
    }

    /**
     * The home slot of a hash. All keys of a shard share the hash's low 8 bits (they chose the shard), so the slot
     * comes from the high bits, spread by a Fibonacci multiplication.
     */
    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    Entry get(byte[] key, int hash) {
        int slot = find(key, hash);
        return slot < 0 ? null : slots[slot];
    }

    /** The slot holding {@code key}, or -1. */
    private int find(byte[] key, int hash) {
        Entry[] table = slots;
        int mask = table.length - 1;
        for (int i = home(hash); ; i = (i + 1) & mask) {
            Entry entry = table[i];
            if (entry == null) {
                return -1;
            }
            if (entry.hash == hash && Arrays.equals(entry.keyBytes, key)) {
                return i;
            }
        }
    }

    /**
     * The entry for {@code key}, found or newly inserted in a single probe of the table. A new entry has a null
     * value (which no stored entry has) and {@code now} as its access time; the caller sets its value.
     */
    Entry getOrInsert(byte[] key, int hash, long now) {
        if ((size + 1) * 8 > slots.length * 5) {
            resize(slots.length * 2);
        }
        Entry[] table = slots;
        int mask = table.length - 1;
        int i = home(hash);
        for (; table[i] != null; i = (i + 1) & mask) {
            Entry entry = table[i];
            if (entry.hash == hash && Arrays.equals(entry.keyBytes, key)) {
                return entry;
            }
        }
        Entry entry = new Entry(key, hash, null, now);
        table[i] = entry;
        size++;
        return entry;
    }

    /** Adds an entry whose key is known to be absent. */
    void insert(Entry entry) {
        if ((size + 1) * 8 > slots.length * 5) {
            resize(slots.length * 2);
        }
        place(slots, entry);
        size++;
    }

    Entry remove(byte[] key, int hash) {
        int slot = find(key, hash);
        if (slot < 0) {
            return null;
        }
        Entry entry = slots[slot];
        removeAt(slot);
        unindex(entry);
        return entry;
    }

    /** Empties slot {@code hole} and shifts later members of its probe run back, so no tombstone is needed. */
    private void removeAt(int hole) {
        Entry[] table = slots;
        int mask = table.length - 1;
        table[hole] = null;
        size--;
        for (int i = (hole + 1) & mask; table[i] != null; i = (i + 1) & mask) {
            int home = home(table[i].hash);
            // Move the entry back when its home is not cyclically within (hole, i].
            boolean homeInRange = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeInRange) {
                table[hole] = table[i];
                table[i] = null;
                hole = i;
            }
        }
        if (table.length > MIN_CAPACITY && size * 8 < table.length) {
            resize(table.length / 2);
        }
    }

    private void resize(int capacity) {
        Entry[] old = slots;
        slots = new Entry[capacity];
        shift = Integer.SIZE - Integer.numberOfTrailingZeros(capacity);
        for (Entry entry : old) {
            if (entry != null) {
                place(slots, entry);
            }
        }
    }

    private void place(Entry[] table, Entry entry) {
        int mask = table.length - 1;
        int i = home(entry.hash);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = entry;
    }

    /** Calls {@code visitor} with every entry, expired or not; the map must not change meanwhile. */
    void forEach(Consumer<Entry> visitor) {
        for (Entry entry : slots) {
            if (entry != null) {
                visitor.accept(entry);
            }
        }
    }

    /** An entry chosen uniformly at random, or null when the map is empty (RANDOMKEY). */
    Entry randomEntry() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Entry[] table = slots;
        while (true) {
            Entry entry = table[random.nextInt(table.length)];
            if (entry != null) {
                return entry;
            }
        }
    }

    int expiringCount() {
        return expiringCount;
    }

    void setExpiry(Entry entry, long expireAt) {
        if (expireAt == Entry.NO_EXPIRY) {
            unindex(entry);
        } else if (entry.expirySlot < 0) {
            if (expiringCount == expiring.length) {
                expiring = Arrays.copyOf(expiring, expiring.length * 2);
            }
            entry.expirySlot = expiringCount;
            expiring[expiringCount++] = entry;
        }
        entry.expireAt = expireAt;
    }

    void clear() {
        slots = new Entry[MIN_CAPACITY];
        shift = Integer.SIZE - Integer.numberOfTrailingZeros(MIN_CAPACITY);
        size = 0;
        Arrays.fill(expiring, 0, expiringCount, null);
        expiringCount = 0;
    }

    /** An entry with an expiry, chosen at random, or null when none has one. */
    Entry randomExpiring() {
        return expiringCount == 0 ? null : expiring[ThreadLocalRandom.current().nextInt(expiringCount)];
    }

    /**
     * The end of one SCAN step in this map: the smallest unsigned hash {@code h} such that at least {@code limit}
     * keys have a hash in {@code [from, h]}, or {@link #LAST_HASH} when fewer than {@code limit} remain. Keeps the
     * {@code limit} smallest candidate hashes in a max-heap, so a step costs one pass over the map.
     */
    long scanBound(long from, int limit) {
        long[] heap = new long[Math.min(limit, size)];
        int kept = 0;
        for (Entry entry : slots) {
            if (entry == null) {
                continue;
            }
            long hash = entry.hash & LAST_HASH;
            if (hash < from) {
                continue;
            }
            if (kept < heap.length) {
                heap[kept++] = hash;
                siftUp(heap, kept - 1);
            } else if (hash < heap[0]) {
                heap[0] = hash;
                siftDown(heap, kept);
            }
        }
        return kept < limit ? LAST_HASH : heap[0];
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
