package io.fluxkv.server.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The keys of one logical database within one shard: an open-addressing table of entries (linear probing, no
 * tombstones), plus an index of the keys that carry an expiry so that the active expiry cycle can sample them at
 * random in O(1), as Redis samples its expires dict.
 * <p>
 * Why not a HashMap: a lookup there follows table slot, node, key object, key bytes, entry; on a keyspace far
 * larger than the CPU caches each is a cache miss (the profile had HashMap.getNode at 29% of the node's CPU), and
 * every key cost two extra objects for the collector to copy. Here a parallel array of hash tags is probed first:
 * a probe run is a few neighbouring ints, usually one cache line, and an entry is only touched when its tag
 * matches — so a lookup of an absent key costs about one miss instead of one per probed entry.
 */
final class KeyMap {
    /** The largest 32-bit hash, unsigned. */
    static final long LAST_HASH = 0xffffffffL;
    private static final int MIN_CAPACITY = 16;

    /** Hash tags of the slots ({@link #tag}), 0 for an empty slot; capacity is a power of two, at most 5/8 full. */
    private int[] tags = new int[MIN_CAPACITY];
    private Entry[] slots = new Entry[MIN_CAPACITY];
    private int shift = shiftFor(MIN_CAPACITY);
    private int size;
    private Entry[] expiring = new Entry[8];
    private int expiringCount;

    int size() {
        return size;
    }

    /**
     * A slot's tag: the key's hash with bit 0 set, so that 0 can mean "empty". All keys of a shard share the hash's
     * low 8 bits (they chose the shard), so setting one of them loses nothing.
     */
    private static int tag(int hash) {
        return hash | 1;
    }

    /** The home slot of a tag: its high bits, spread by a Fibonacci multiplication (the low bits are the shard). */
    private int home(int tag) {
        return (tag * 0x9E3779B9) >>> shift;
    }

    private static int shiftFor(int capacity) {
        return Integer.SIZE - Integer.numberOfTrailingZeros(capacity);
    }

    Entry get(byte[] key, int hash) {
        int slot = find(key, hash);
        return slot < 0 ? null : slots[slot];
    }

    /** The slot holding {@code key}, or -1. */
    private int find(byte[] key, int hash) {
        int tag = tag(hash);
        int[] tagTable = tags;
        int mask = tagTable.length - 1;
        for (int i = home(tag); ; i = (i + 1) & mask) {
            int t = tagTable[i];
            if (t == 0) {
                return -1;
            }
            if (t == tag && Arrays.equals(slots[i].keyBytes, key)) {
                return i;
            }
        }
    }

    /**
     * The entry for {@code key}, found or newly inserted in a single probe of the table. A new entry has a null
     * value (which no stored entry has) and {@code now} as its access time; the caller sets its value.
     */
    Entry getOrInsert(byte[] key, int hash, long now) {
        growIfFull();
        int tag = tag(hash);
        int[] tagTable = tags;
        int mask = tagTable.length - 1;
        int i = home(tag);
        for (int t; (t = tagTable[i]) != 0; i = (i + 1) & mask) {
            if (t == tag && Arrays.equals(slots[i].keyBytes, key)) {
                return slots[i];
            }
        }
        Entry entry = new Entry(key, hash, null, now);
        tagTable[i] = tag;
        slots[i] = entry;
        size++;
        return entry;
    }

    /** Adds an entry whose key is known to be absent. */
    void insert(Entry entry) {
        growIfFull();
        place(entry);
        size++;
    }

    private void growIfFull() {
        if ((size + 1) * 8 > tags.length * 5) {
            resize(tags.length * 2);
        }
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
        int[] tagTable = tags;
        int mask = tagTable.length - 1;
        tagTable[hole] = 0;
        slots[hole] = null;
        size--;
        for (int i = (hole + 1) & mask; tagTable[i] != 0; i = (i + 1) & mask) {
            int home = home(tagTable[i]);
            // Move the entry back when its home is not cyclically within (hole, i].
            boolean homeInRange = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!homeInRange) {
                tagTable[hole] = tagTable[i];
                slots[hole] = slots[i];
                tagTable[i] = 0;
                slots[i] = null;
                hole = i;
            }
        }
        if (tagTable.length > MIN_CAPACITY && size * 8 < tagTable.length) {
            resize(tagTable.length / 2);
        }
    }

    private void resize(int capacity) {
        Entry[] old = slots;
        tags = new int[capacity];
        slots = new Entry[capacity];
        shift = shiftFor(capacity);
        for (Entry entry : old) {
            if (entry != null) {
                place(entry);
            }
        }
    }

    private void place(Entry entry) {
        int tag = tag(entry.hash);
        int mask = tags.length - 1;
        int i = home(tag);
        while (tags[i] != 0) {
            i = (i + 1) & mask;
        }
        tags[i] = tag;
        slots[i] = entry;
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
        tags = new int[MIN_CAPACITY];
        slots = new Entry[MIN_CAPACITY];
        shift = shiftFor(MIN_CAPACITY);
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
