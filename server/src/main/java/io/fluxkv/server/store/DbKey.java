package io.fluxkv.server.store;

import java.util.Arrays;

/** A key in a given database, compared by content: what registries of keys (WATCH, blocked clients) index by. */
public record DbKey(int db, byte[] key) {
    @Override
    public boolean equals(Object other) {
        return other instanceof DbKey k && k.db == db && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return 31 * db + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return db + ":" + new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
}
