package io.fluxkv.server.aof;

import io.fluxkv.server.testing.AofNode;
import io.fluxkv.server.testing.DataDump;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random bytes as keys, values, fields and members — newlines, CR, NUL, quotes, backslashes, invalid and valid
 * multi-byte UTF-8, long runs — written through the node with Jedis's byte[] API come back identical after a restart,
 * and again after a rewrite and a restart (the file's two encodings, JSON string and base64, and the snapshot's).
 */
class AofBinarySafetyTest {
    /** Bytes the format must take care of, mixed into otherwise random ones. */
    private static final byte[][] AWKWARD = {
        {'\n'}, {'\r'}, {'\r', '\n'}, {0}, {'"'}, {'\\'}, {'\\', 'u', '0', '0', '0', '0'}, {(byte) 0xff},
        {(byte) 0xc3}, {(byte) 0xc3, (byte) 0xa9}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf0, (byte) 0x9f,
            (byte) 0x98, (byte) 0x80}, {(byte) 0xc0, (byte) 0x80}, {'{', '"', 'b', '6', '4', '"', ':'}, {'\t'}, {0x7f},
    };

    @TempDir
    Path dir;

    @RepeatedTest(3)
    void randomBytesEverywhereSurviveRestartAndRewrite() {
        // A new seed each run, named in any failure; -Daof.seed=N replays one.
        long seed = Long.getLong("aof.seed", new Random().nextLong());
        Random random = new Random(seed);
        try (AofNode node = AofNode.start(dir)) {
            Jedis jedis = node.jedis();
            for (int i = 0; i < 300; i++) {
                // Random bytes, then the loop index: distinct keys, so no command meets a key of another type.
                byte[] key = concat(bytes(random), new byte[] {(byte) i, (byte) (i >> 8)});
                switch (random.nextInt(5)) {
                    case 0 -> jedis.set(key, bytes(random));
                    case 1 -> jedis.rpush(key, bytes(random), bytes(random), bytes(random));
                    case 2 -> jedis.hset(key, bytes(random), bytes(random));
                    case 3 -> jedis.sadd(key, bytes(random), bytes(random));
                    default -> jedis.zadd(key, random.nextInt(100) / 4.0, bytes(random));
                }
            }
            jedis.set(new byte[0], new byte[0]);
            DataDump before = node.dump();
            assertThat(before.size()).as("seed %d", seed).isGreaterThan(200);

            node.restart().dump().assertSameAs(before, "seed " + seed + ", after a restart");
            node.rewriteAndWait();
            node.restart().dump().assertSameAs(before, "seed " + seed + ", after a rewrite and a restart");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** 0 to 40 bytes: random ones, awkward sequences, or valid UTF-8 text, mixed. */
    private static byte[] bytes(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(3)) {
                case 0 -> out.writeBytes(AWKWARD[random.nextInt(AWKWARD.length)]);
                case 1 -> {
                    byte[] noise = new byte[random.nextInt(8)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                }
                default -> out.writeBytes(("Zoë-" + random.nextInt(100)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
