package io.fluxkv.server.store;

/**
 * A key's slot in a shard: its value, its absolute expiry deadline (unix ms, or {@link #NO_EXPIRY}) and the time it
 * was last touched (for OBJECT IDLETIME). Mutated only under the write lock of its shard.
 */
public final class Entry {
    public static final long NO_EXPIRY = -1;

    final Key key;
    Object value;
    long expireAt = NO_EXPIRY;
    long lastAccess;
    /** Position in the shard's expiry index while {@link #expireAt} is set, -1 otherwise. */
    int expirySlot = -1;

    Entry(Key key, Object value, long now) {
        this.key = key;
        this.value = value;
        this.lastAccess = now;
    }

    public Key key() {
        return key;
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
