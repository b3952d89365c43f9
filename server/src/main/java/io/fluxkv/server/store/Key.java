package io.fluxkv.server.store;

import io.fluxkv.server.util.ThreadState;

import java.util.Arrays;

/**
 * A key as the store holds it: the client's bytes, never converted to a String, and their FNV-1a hash, computed
 * once and used both to pick the shard and as the hash-map hash.
 */
public final class Key {
    private final byte[] bytes;
    private final int hash;

    public Key(byte[] bytes) {
        this(bytes, fnv1a(bytes));
    }

    Key(byte[] bytes, int hash) {
        this.bytes = bytes;
        this.hash = hash;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** The shard (0..255) this key lives in: the low byte of its 32-bit FNV-1a hash. */
    public int shard() {
        return hash & (Store.SHARDS - 1);
    }

    /** The 32-bit FNV-1a hash; SCAN walks a shard in its unsigned order. */
    int hash() {
        return hash;
    }

    public static int shardOf(byte[] key) {
        return fnv1a(key) & (Store.SHARDS - 1);
    }

    /**
     * Hashes {@code bytes} and remembers the result on this thread: the dispatcher hashes a command's key to pick
     * the shard lock, and the handler's lookup of the same argument (the same array) then reuses that hash.
     */
    public static Key remember(byte[] bytes) {
        Key key = new Key(bytes);
        ThreadState.current().lastKey = key;
        return key;
    }

    /** A key for {@code bytes}, reusing the hash {@link #remember} computed when it is the same array. */
    public static Key of(byte[] bytes) {
        Object last = ThreadState.current().lastKey;
        return last instanceof Key key && key.bytes == bytes ? key : new Key(bytes);
    }

    static int fnv1a(byte[] data) {
        int h = 0x811c9dc5;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    @Override
    public int hashCode() {
        // HashMap spreads with h ^ (h >>> 16); mixing the high bits here keeps shard bits (low byte) from
        // being the only bits that differ between keys of one shard.
        return hash * 0x9E3779B9;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Key && ((Key) other).hash == hash && Arrays.equals(((Key) other).bytes, bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
