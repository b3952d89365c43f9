package io.fluxkv.server.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's support for keyspace commands: SCAN cursors, relocation between keys and databases, random keys. */
class KeyspaceStoreTest {
    private final Store store = new Store(4);
    private final Database db = store.database(0);

    private void put(Database database, String key, long expireAt) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        store.lock(Key.shardOf(bytes)).lock();
        try {
            database.put(new Key(bytes), bytes, expireAt);
        } finally {
            store.lock(Key.shardOf(bytes)).unlock();
        }
    }

    private void delete(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        store.lock(Key.shardOf(bytes)).lock();
        try {
            db.delete(bytes);
        } finally {
            store.lock(Key.shardOf(bytes)).unlock();
        }
    }

    private static String name(Entry entry) {
        return new String(entry.key().bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void scanWithoutChangesReturnsEveryKeyExactlyOnceInBoundedSteps() {
        for (int i = 0; i < 5000; i++) {
            put(db, "k" + i, Entry.NO_EXPIRY);
        }
        for (int count : new int[] {1, 10, 333, 100_000}) {
            Map<String, Integer> seen = new HashMap<>();
            long cursor = 0;
            int steps = 0;
            do {
                List<String> page = new ArrayList<>();
                cursor = db.scan(cursor, count, entry -> page.add(name(entry)));
                assertThat(page.size()).isLessThanOrEqualTo(Math.max(count, 2));
                page.forEach(k -> seen.merge(k, 1, Integer::sum));
                steps++;
            } while (cursor != 0 && steps < 100_000);
            assertThat(cursor).isZero();
            assertThat(seen).hasSize(5000);
            assertThat(seen.values()).containsOnly(1);
        }
    }

    @Test
    void scanKeepsItsGuaranteeWhileKeysComeAndGoBetweenSteps() {
        for (int i = 0; i < 2000; i++) {
            put(db, "stable" + i, Entry.NO_EXPIRY);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = db.scan(cursor, 5, entry -> seen.add(name(entry)));
            // Grow and shrink the maps between steps: HashMap resizes must not make the cursor skip keys.
            for (int i = 0; i < 20; i++) {
                put(db, "churn" + step + "_" + i, Entry.NO_EXPIRY);
            }
            if (step > 0) {
                for (int i = 0; i < 20; i++) {
                    delete("churn" + (step - 1) + "_" + i);
                }
            }
            step++;
        } while (cursor != 0 && step < 100_000);
        for (int i = 0; i < 2000; i++) {
            assertThat(seen).contains("stable" + i);
        }
    }

    @Test
    void scanSkipsExpiredEntriesAndEndsOnForeignCursors() {
        put(db, "live", Entry.NO_EXPIRY);
        put(db, "dead", System.currentTimeMillis() - 1);
        List<String> found = new ArrayList<>();
        assertThat(db.scan(0, 1000, entry -> found.add(name(entry)))).isZero();
        assertThat(found).containsExactly("live");
        assertThat(db.scan(-1, 10, entry -> found.add(name(entry)))).isZero();
        assertThat(db.scan(1L << 40, 10, entry -> found.add(name(entry)))).isZero();
        assertThat(found).containsExactly("live");
    }

    @Test
    void relocateMovesValueAndDeadlineAcrossDatabases() {
        long deadline = System.currentTimeMillis() + 60_000;
        put(db, "a", deadline);
        Database other = store.database(2);
        Key a = new Key("a".getBytes(StandardCharsets.UTF_8));
        store.lock(a.shard()).lock();
        try {
            db.relocate(db.peek(a), other, a);
            assertThat(db.peek(a)).isNull();
            assertThat(other.peek(a).expireAt()).isEqualTo(deadline);
            assertThat(other.map(a.shard()).expiringCount()).isEqualTo(1);
            assertThat(db.map(a.shard()).expiringCount()).isZero();
        } finally {
            store.lock(a.shard()).unlock();
        }
    }

    @Test
    void deletingAnExpiredKeyCountsAsExpiryNotDeletion() {
        put(db, "dead", System.currentTimeMillis() - 1);
        long changes = store.changes();
        delete("dead");
        assertThat(store.expiredKeys()).isEqualTo(1);
        assertThat(store.changes()).isEqualTo(changes);
        assertThat(db.size()).isZero();
    }

    @Test
    void randomKeyIsLiveOrNull() {
        assertThat(db.randomKey()).isNull();
        for (int i = 0; i < 50; i++) {
            put(db, "dead" + i, System.currentTimeMillis() - 1);
        }
        assertThat(db.randomKey()).isNull();
        put(db, "live", Entry.NO_EXPIRY);
        for (int i = 0; i < 20; i++) {
            assertThat(db.randomKey()).isEqualTo("live".getBytes(StandardCharsets.UTF_8));
        }
    }
}
