package io.fluxkv.server.store;

/**
 * A key in a shard: its bytes and hash, its value, its absolute expiry deadline (unix ms, or {@link #NO_EXPIRY})
 * and the time it was last touched (for OBJECT IDLETIME). The key's bytes and hash live here rather than in a
 * separate key object so that a lookup follows one reference less. Mutated only under its shard's lock.
 */
public final class Entry {
    public static final long NO_EXPIRY = -1;

    final byte[] keyBytes;
    final int hash;
    Object value;
    long expireAt = NO_EXPIRY;
    long lastAccess;
    /** Position in the shard's expiry index while {@link #expireAt} is set, -1 otherwise. */
    int expirySlot = -1;

    Entry(byte[] keyBytes, int hash, Object value, long now) {
        this.keyBytes = keyBytes;
        this.hash = hash;
        this.value = value;
        this.lastAccess = now;
    }

    public Key key() {
        return new Key(keyBytes, hash);
    }

    public byte[] keyBytes() {
        return keyBytes;
    }

    int shard() {
        return hash & (Store.SHARDS - 1);
    }

    public Object value() {
        return value;
    }

    public long expireAt() {
        return expireAt;
    }

    public boolean hasExpiry() {
        return expireAt != NO_EXPIRY;
    }

    public long lastAccess() {
        return lastAccess;
    }

    boolean expiredAt(long now) {
        return expireAt != NO_EXPIRY && expireAt <= now;
    }
}
