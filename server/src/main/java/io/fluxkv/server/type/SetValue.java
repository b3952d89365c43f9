package io.fluxkv.server.type;

import io.fluxkv.server.store.ValueType;
import io.fluxkv.server.util.Numbers;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A set of binary-safe members, in one of Redis 7.0's two encodings: "intset" (only canonical 64-bit integers, at
 * most {@link #MAX_INTSET_ENTRIES}; kept as a sorted long[]) until a non-integer member or one entry too many turns
 * it for good into "hashtable" (an open-addressing table, linear probing, no tombstones).
 * <p>
 * The hashtable's home slot is the top bits of a member's mixed 32-bit hash, so slot order follows hash order: a
 * range of hashes lives in a contiguous run of slots. SSCAN's cursor is a hash, and a step returns the members of
 * one hash range by walking just that run, whatever the table's size between steps.
 */
public final class SetValue implements ValueType.Value, Iterable<byte[]> {
    /** Redis's default set-max-intset-entries. */
    public static final int MAX_INTSET_ENTRIES = 512;
    private static final long LAST_HASH = 0xffffffffL;
    private static final int MIN_CAPACITY = 8;

    /** The intset's members, ascending, in [0, size); null once the set is a hashtable. */
    private long[] ints = new long[4];
    private byte[][] slots;
    private int[] hashes;
    /** 32 minus log2(capacity): a hash's home slot is {@code hash >>> shift}. */
    private int shift;
    private int size;

    public int size() {
        return size;
    }

    public boolean isIntset() {
        return ints != null;
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public String encoding() {
        return isIntset() ? "intset" : "hashtable";
    }

    @Override
    public SetValue copy() {
        SetValue copy = new SetValue();
        copy.size = size;
        copy.shift = shift;
        if (isIntset()) {
            copy.ints = ints.clone();
        } else {
            copy.ints = null;
            copy.hashes = hashes.clone();
            copy.slots = new byte[slots.length][];
            for (int i = 0; i < slots.length; i++) {
                copy.slots[i] = slots[i] == null ? null : slots[i].clone();
            }
        }
        return copy;
    }

    /** Adds {@code member} (kept by reference: the caller must not change it); returns whether it was new. */
    public boolean add(byte[] member) {
        if (isIntset()) {
            long[] value = new long[1];
            if (Numbers.parseLong(member, value)) {
                int at = Arrays.binarySearch(ints, 0, size, value[0]);
                if (at >= 0) {
                    return false;
                }
                insertInt(-at - 1, value[0]);
                if (size > MAX_INTSET_ENTRIES) {
                    convertToHashtable();
                }
                return true;
            }
            convertToHashtable();
        }
        int hash = hash(member);
        int slot = find(member, hash);
        if (slots[slot] != null) {
            return false;
        }
        slots[slot] = member;
        hashes[slot] = hash;
        size++;
        if (size * 4 > slots.length * 3) {
            rehash(slots.length * 2);
        }
        return true;
    }

    public boolean remove(byte[] member) {
        if (isIntset()) {
            int at = intIndex(member);
            if (at < 0) {
                return false;
            }
            System.arraycopy(ints, at + 1, ints, at, size - at - 1);
            size--;
            return true;
        }
        int slot = find(member, hash(member));
        if (slots[slot] == null) {
            return false;
        }
        removeSlot(slot);
        return true;
    }

    public boolean contains(byte[] member) {
        return isIntset() ? intIndex(member) >= 0 : slots[find(member, hash(member))] != null;
    }

    /** The members: ascending for an intset, in slot (about hash) order for a hashtable. */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private int position = skipEmpty(0);

            @Override
            public boolean hasNext() {
                return position < (isIntset() ? size : slots.length);
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] member = memberAt(position);
                position = skipEmpty(position + 1);
                return member;
            }
        };
    }

    private int skipEmpty(int position) {
        while (!isIntset() && position < slots.length && slots[position] == null) {
            position++;
        }
        return position;
    }

    /**
     * A position picked uniformly among the members (an index into the intset, or an occupied slot), for
     * {@link #memberAt}. The set must not be empty. A hashtable is kept at least 1/8 full, so few probes miss.
     */
    public int randomPosition() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (isIntset()) {
            return random.nextInt(size);
        }
        while (true) {
            int slot = random.nextInt(slots.length);
            if (slots[slot] != null) {
                return slot;
            }
        }
    }

    public byte[] memberAt(int position) {
        return isIntset() ? Numbers.toBytes(ints[position]) : slots[position];
    }

    /** Removes a member chosen uniformly at random and returns it. The set must not be empty. */
    public byte[] popRandom() {
        int position = randomPosition();
        byte[] member = memberAt(position);
        if (isIntset()) {
            System.arraycopy(ints, position + 1, ints, position, size - position - 1);
            size--;
        } else {
            removeSlot(position);
        }
        return member;
    }

    /**
     * One SSCAN step. An intset is returned whole with cursor 0, as Redis does. For a hashtable the cursor is the
     * first hash (unsigned) of the step; a step returns the members whose hash lies in a range sized to hold about
     * {@code count} of them, so every member present for the whole scan comes back at least once. Returns the next
     * cursor, 0 when the scan is complete.
     */
    public long scan(long cursor, int count, Consumer<byte[]> visitor) {
        if (isIntset()) {
            forEach(visitor);
            return 0;
        }
        if (cursor < 0 || cursor > LAST_HASH) {
            return 0;
        }
        // Hashes are uniform over 2^32, so this span holds about count members.
        double share = Math.min(1, (double) count / Math.max(size, 1));
        long span = Math.max(1, (long) (share * (LAST_HASH + 1)));
        long last = Math.min(LAST_HASH, cursor + span - 1);
        int mask = slots.length - 1;
        int start = (int) (cursor >>> shift);
        int rangeSlots = (int) (last >>> shift) - start + 1;
        // A member with a hash in range sits in the occupied run that starts at its home slot, so walk the range's
        // home slots and then on to the end of the run they reach (around the table's end, if it wraps).
        for (int walked = 0; walked < slots.length; walked++) {
            int slot = (start + walked) & mask;
            if (slots[slot] == null) {
                if (walked >= rangeSlots) {
                    break;
                }
                continue;
            }
            long hash = hashes[slot] & LAST_HASH;
            if (hash >= cursor && hash <= last) {
                visitor.accept(slots[slot]);
            }
        }
        return last == LAST_HASH ? 0 : last + 1;
    }

    private int intIndex(byte[] member) {
        long[] value = new long[1];
        return Numbers.parseLong(member, value) ? Arrays.binarySearch(ints, 0, size, value[0]) : -1;
    }

    private void insertInt(int at, long value) {
        if (size == ints.length) {
            ints = Arrays.copyOf(ints, size * 2);
        }
        System.arraycopy(ints, at, ints, at + 1, size - at);
        ints[at] = value;
        size++;
    }

    private void convertToHashtable() {
        long[] old = ints;
        int count = size;
        ints = null;
        size = 0;
        int capacity = MIN_CAPACITY;
        while (capacity * 3 < count * 4 + 4) {
            capacity *= 2;
        }
        allocate(capacity);
        for (int i = 0; i < count; i++) {
            add(Numbers.toBytes(old[i]));
        }
    }

    private void allocate(int capacity) {
        slots = new byte[capacity][];
        hashes = new int[capacity];
        shift = Integer.SIZE - Integer.numberOfTrailingZeros(capacity);
    }

    private int home(int hash) {
        // A shift by 32 (capacity 1) never happens: the capacity is at least MIN_CAPACITY.
        return hash >>> shift;
    }

    /** The slot holding {@code member}, or the empty slot where it would go. */
    private int find(byte[] member, int hash) {
        int mask = slots.length - 1;
        for (int slot = home(hash); ; slot = (slot + 1) & mask) {
            byte[] there = slots[slot];
            if (there == null || (hashes[slot] == hash && Arrays.equals(there, member))) {
                return slot;
            }
        }
    }

    /** Empties {@code slot}, shifting later members of its run back so that no lookup stops short. */
    private void removeSlot(int slot) {
        int mask = slots.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; slots[next] != null; next = (next + 1) & mask) {
            int home = home(hashes[next]);
            // The member at next may fill the hole unless its home lies cyclically in (hole, next].
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                slots[hole] = slots[next];
                hashes[hole] = hashes[next];
                hole = next;
            }
        }
        slots[hole] = null;
        hashes[hole] = 0;
        size--;
        if (slots.length > MIN_CAPACITY && size * 8 < slots.length) {
            rehash(slots.length / 2);
        }
    }

    private void rehash(int capacity) {
        byte[][] oldSlots = slots;
        int[] oldHashes = hashes;
        allocate(capacity);
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != null) {
                int slot = find(oldSlots[i], oldHashes[i]);
                slots[slot] = oldSlots[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }

    /** FNV-1a, then MurmurHash3's finalizer: the home slot takes the top bits, which plain FNV-1a mixes poorly. */
    private static int hash(byte[] member) {
        int h = 0x811c9dc5;
        for (byte b : member) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
