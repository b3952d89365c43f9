package io.fluxkv.server.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open-addressing table against java.util.HashMap under long random sequences of inserts, replacements and
 * removals that make it grow and shrink, with deliberately colliding hashes so that probe runs wrap around the
 * table and backward-shift deletion has work to do.
 */
class KeyMapTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        for (int hashBits : new int[] {32, 12, 3}) {
            Random random = new Random(7 + hashBits);
            KeyMap map = new KeyMap();
            Map<String, Object> reference = new HashMap<>();
            List<String> universe = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                universe.add("k" + i);
            }
            for (int step = 0; step < 60_000; step++) {
                String name = universe.get(random.nextInt(universe.size()));
                byte[] key = bytes(name);
                // Few distinct hashes (high bits only, as keys of one shard share the low 8) force collisions.
                int hash = hashBits == 32 ? Key.fnv1a(key) : (Key.fnv1a(key) >>> (32 - hashBits)) << (32 - hashBits);
                int op = random.nextInt(10);
                if (op < 5) {
                    Object value = "v" + step;
                    Entry entry = map.getOrInsert(key, hash, 0);
                    entry.value = value;
                    reference.put(name, value);
                } else if (op < 8) {
                    Entry removed = map.remove(key, hash);
                    Object expected = reference.remove(name);
                    assertThat(removed == null ? null : removed.value).isEqualTo(expected);
                } else {
                    Entry found = map.get(key, hash);
                    assertThat(found == null ? null : found.value).isEqualTo(reference.get(name));
                }
                if (step % 20_000 == 19_999) {
                    // Drain most keys so the table shrinks, then carry on growing it again.
                    for (String drained : new ArrayList<>(reference.keySet())) {
                        if (random.nextInt(10) < 9) {
                            byte[] k = bytes(drained);
                            int h = hashBits == 32 ? Key.fnv1a(k) : (Key.fnv1a(k) >>> (32 - hashBits)) << (32 - hashBits);
                            assertThat(map.remove(k, h)).isNotNull();
                            reference.remove(drained);
                        }
                    }
                }
                assertThat(map.size()).isEqualTo(reference.size());
            }
            Map<String, Object> contents = new HashMap<>();
            map.forEach(entry -> contents.put(new String(entry.keyBytes, StandardCharsets.UTF_8), entry.value));
            assertThat(contents).as("iteration with %d hash bits", hashBits).isEqualTo(reference);
        }
    }

    @Test
    void randomEntryReturnsOnlyPresentKeysAndEventuallyEach() {
        KeyMap map = new KeyMap();
        for (int i = 0; i < 50; i++) {
            byte[] key = bytes("r" + i);
            map.getOrInsert(key, Key.fnv1a(key), 0).value = i;
        }
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (int i = 0; i < 5000; i++) {
            seen.add(map.randomEntry().value);
        }
        assertThat(seen).hasSize(50);
        assertThat(new KeyMap().randomEntry()).isNull();
    }
}
