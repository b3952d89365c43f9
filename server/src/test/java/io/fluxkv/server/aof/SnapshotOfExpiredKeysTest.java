package io.fluxkv.server.aof;

import io.fluxkv.server.Node;
import io.fluxkv.server.config.ServerConfig;
import io.fluxkv.server.store.Key;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.testing.AofLines;
import io.fluxkv.server.testing.AofNode;
import io.fluxkv.server.type.ListValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rewrite captures keys past their deadline that nobody has reclaimed yet, because a command logged after the cut
 * may have run at a time when they were alive. Replay must then rebuild them alive until that command, and drop
 * them at the end, not recreate them without a TTL.
 */
class SnapshotOfExpiredKeysTest {
    @TempDir
    Path dir;

    @Test
    void anExpiredCollectionInTheSnapshotIsAliveForTheRecordsBeforeItsDeadline() throws Exception {
        long deadline = System.currentTimeMillis() - 10_000;
        byte[] key = "queue".getBytes(StandardCharsets.US_ASCII);
        Path aof = dir.resolve("appendonly.aof");
        Node node = new Node(new ServerConfig());
        try {
            Store store = node.store();
            ListValue list = new ListValue();
            list.addLast("a".getBytes(StandardCharsets.US_ASCII));
            Key k = Key.of(key);
            store.lock(k.shard()).lock();
            try {
                store.database(0).put(k, list, deadline);
            } finally {
                store.lock(k.shard()).unlock();
            }
            new AofRewrite(store, aof).run(null);
        } finally {
            node.close();
        }
        // A push logged after the cut by a command whose clock was still before the deadline.
        Files.write(aof, AofLines.recordAt(deadline - 5, 0, "rpush", "queue", "b"), StandardOpenOption.APPEND);

        try (AofNode restarted = AofNode.start(dir)) {
            assertThat(restarted.jedis().exists("queue")).as("the list expired before the node started").isFalse();
        }
    }
}
