package io.fluxkv.server.type;

import io.fluxkv.server.store.ValueType;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.function.BiConsumer;

/**
 * A hash value, in one of Redis's two encodings. A small hash ("listpack": at most {@link #MAX_LISTPACK_ENTRIES}
 * fields, every field and value at most {@link #MAX_LISTPACK_VALUE} bytes) is packed into one byte array of
 * alternating fields and values in insertion order, each entry one length byte then its bytes, searched linearly:
 * a small hash costs one array, not an array per field and value and no table. Past either limit it becomes a hash
 * table ("hashtable") for good: like Redis, it never converts back.
 * <p>
 * Not thread-safe; the caller holds the key's shard lock. Arrays passed in and handed out are never modified
 * afterwards (the packed form copies in and out), so callers may keep them.
 */
public final class HashValue implements ValueType.Value {
    /** Redis 7.0.15's hash-max-listpack-entries default (config.c): a 513th field converts. */
    public static final int MAX_LISTPACK_ENTRIES = 512;
    /** Redis's hash-max-listpack-value default; it also lets one byte hold a packed entry's length. */
    public static final int MAX_LISTPACK_VALUE = 64;

    /**
     * Either a {@code byte[]}, the packed form, or a {@link Table}. One field rather than two keeps the object at
     * 16 bytes, which matters with millions of hashes.
     */
    private Object data;

    public HashValue() {
        data = new byte[0];
    }

    private HashValue(Object data) {
        this.data = data;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding() {
        return data instanceof byte[] ? "listpack" : "hashtable";
    }

    @Override
    public HashValue copy() {
        if (data instanceof byte[] packed) {
            return new HashValue(packed.clone());
        }
        Table copy = new Table(table().map.size());
        table().map.forEach((field, value) -> copy.map.put(new Field(field.bytes.clone()), value.clone()));
        return new HashValue(copy);
    }

    public int size() {
        if (data instanceof byte[] packed) {
            int entries = 0;
            for (int at = 0; at < packed.length; at = next(packed, at)) {
                entries++;
            }
            return entries / 2;
        }
        return table().map.size();
    }

    /** The value of {@code field}, or null. */
    public byte[] get(byte[] field) {
        if (data instanceof byte[] packed) {
            int at = indexOf(packed, field);
            return at < 0 ? null : entry(packed, next(packed, at));
        }
        return table().map.get(new Field(field));
    }

    /**
     * Sets {@code field} to {@code value}; returns whether the field is new. Converts to a table first when either
     * is too long for the packed form, and after adding when the hash has grown past its entry limit, as Redis's
     * hashTypeSet does.
     */
    public boolean put(byte[] field, byte[] value) {
        if (data instanceof byte[] && (field.length > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE)) {
            convert();
        }
        if (data instanceof byte[] packed) {
            int at = indexOf(packed, field);
            if (at >= 0) {
                int valueAt = next(packed, at);
                data = splice(packed, valueAt, next(packed, valueAt), value);
                return false;
            }
            data = splice(packed, packed.length, packed.length, field, value);
            if (size() > MAX_LISTPACK_ENTRIES) {
                convert();
            }
            return true;
        }
        Table table = table();
        boolean added = table.map.put(new Field(field), value) == null;
        if (added) {
            table.byHash = null;
        }
        return added;
    }

    /** Removes {@code field}; returns whether it was there. */
    public boolean remove(byte[] field) {
        if (data instanceof byte[] packed) {
            int at = indexOf(packed, field);
            if (at < 0) {
                return false;
            }
            // Closing the gap keeps insertion order, as a listpack does.
            data = splice(packed, at, next(packed, next(packed, at)));
            return true;
        }
        Table table = table();
        boolean removed = table.map.remove(new Field(field)) != null;
        if (removed) {
            table.byHash = null;
        }
        return removed;
    }

    /** Calls {@code visitor} with every field and its value: insertion order when packed, table order otherwise. */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        if (data instanceof byte[] packed) {
            for (int at = 0; at < packed.length; at = next(packed, next(packed, at))) {
                visitor.accept(entry(packed, at), entry(packed, next(packed, at)));
            }
        } else {
            table().map.forEach((field, value) -> visitor.accept(field.bytes, value));
        }
    }

    /** Alternating fields and values in {@link #forEach} order, for picking by position (HRANDFIELD). */
    public byte[][] pairs() {
        byte[][] pairs = new byte[size() * 2][];
        int[] next = {0};
        forEach((field, value) -> {
            pairs[next[0]++] = field;
            pairs[next[0]++] = value;
        });
        return pairs;
    }

    /**
     * One HSCAN step. A packed hash is returned whole, with cursor 0, as Redis does for a listpack. A table is
     * walked in ascending unsigned order of the fields' 32-bit hashes, the cursor being the hash to resume at, all
     * fields of one hash in the same step; so every field present for the whole scan is returned at least once,
     * however the table changes between steps. Visits about {@code count} fields; returns the next cursor, 0 when
     * the scan is complete.
     */
    public long scan(long cursor, int count, BiConsumer<byte[], byte[]> visitor) {
        if (data instanceof byte[]) {
            forEach(visitor);
            return 0;
        }
        if (cursor < 0 || cursor > 0xFFFF_FFFFL) {
            return 0;
        }
        Table table = table();
        Field[] byHash = table.byHash();
        int from = firstAtOrAbove(byHash, cursor);
        int to = (int) Math.min(byHash.length, (long) from + count);
        while (to < byHash.length && byHash[to].hash == byHash[to - 1].hash) {
            to++;
        }
        for (int i = from; i < to; i++) {
            visitor.accept(byHash[i].bytes, table.map.get(byHash[i]));
        }
        return to == byHash.length ? 0 : byHash[to].unsignedHash();
    }

    private static int firstAtOrAbove(Field[] byHash, long hash) {
        int low = 0;
        int high = byHash.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (byHash[mid].unsignedHash() < hash) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The offset of {@code field}'s entry in a packed hash, or -1. */
    private static int indexOf(byte[] packed, byte[] field) {
        for (int at = 0; at < packed.length; at = next(packed, next(packed, at))) {
            int length = packed[at];
            if (length == field.length && Arrays.equals(packed, at + 1, at + 1 + length, field, 0, length)) {
                return at;
            }
        }
        return -1;
    }

    /** The offset of the entry after the one at {@code at}. */
    private static int next(byte[] packed, int at) {
        return at + 1 + packed[at];
    }

    private static byte[] entry(byte[] packed, int at) {
        return Arrays.copyOfRange(packed, at + 1, next(packed, at));
    }

    /** A copy of {@code packed} with the bytes in [from, to) replaced by the given entries. */
    private static byte[] splice(byte[] packed, int from, int to, byte[]... entries) {
        int length = packed.length - (to - from);
        for (byte[] entry : entries) {
            length += 1 + entry.length;
        }
        byte[] result = new byte[length];
        System.arraycopy(packed, 0, result, 0, from);
        int at = from;
        for (byte[] entry : entries) {
            result[at] = (byte) entry.length;
            System.arraycopy(entry, 0, result, at + 1, entry.length);
            at += 1 + entry.length;
        }
        System.arraycopy(packed, to, result, at, packed.length - to);
        return result;
    }

    private Table table() {
        return (Table) data;
    }

    private void convert() {
        Table table = new Table(size());
        forEach((field, value) -> table.map.put(new Field(field), value));
        data = table;
    }

    /** The large form: a hash map, plus the HSCAN order, built on demand and dropped when the set of fields changes. */
    private static final class Table {
        final HashMap<Field, byte[]> map;
        Field[] byHash;

        Table(int expected) {
            map = new HashMap<>(Math.max(16, expected * 4 / 3 + 1));
        }

        Field[] byHash() {
            if (byHash == null) {
                byHash = map.keySet().toArray(new Field[0]);
                Arrays.sort(byHash, Comparator.comparingLong(Field::unsignedHash));
            }
            return byHash;
        }
    }

    /** A field as a table key: content equality, and a well-mixed hash that also orders HSCAN. */
    private static final class Field {
        final byte[] bytes;
        final int hash;

        Field(byte[] bytes) {
            this.bytes = bytes;
            // MurmurHash3's finalizer spreads Arrays.hashCode, whose low bits are weak for short ASCII fields.
            int h = Arrays.hashCode(bytes);
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            this.hash = h ^ (h >>> 16);
        }

        long unsignedHash() {
            return hash & 0xFFFF_FFFFL;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Field field && field.hash == hash && Arrays.equals(field.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
