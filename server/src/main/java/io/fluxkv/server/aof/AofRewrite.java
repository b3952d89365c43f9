package io.fluxkv.server.aof;

import io.fluxkv.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One AOF rewrite: writes the live data set as a new file while writes go on, then puts it in place of the old one.
 * <ol>
 * <li>The cut: with every shard locked for an instant, note the log's sequence number and arm every shard
 * ({@link Store#armCapture}). The new file will hold the data set as it was at that instant, followed by every record
 * appended after it.</li>
 * <li>Each shard is captured — encoded as records — by whoever locks it first: this thread, visiting the shards in
 * turn, or a command that got there earlier (it pays for one shard, a 256th of the data). Captures are written to
 * a temporary file as they come, in any order: each key's records are self-contained.</li>
 * <li>{@link AppendOnlyFile#switchTo}: the records appended since the cut are copied from the old file, the new
 * file is fsynced and renamed over the old one. Until that rename the old file is complete; after it, the new one.</li>
 * </ol>
 */
final class AofRewrite {
    private static final Logger log = LoggerFactory.getLogger(AofRewrite.class);
    /** A test hook: the name of a step at which the rewrite stops for good (the crash tests kill the node there). */
    static final String PAUSE_PROPERTY = "flux.aof.rewrite.pause";

    private final Store store;
    private final Path target;
    private final Path temp;
    private final BlockingQueue<byte[]> captured = new LinkedBlockingQueue<>();
    private final long startedAt = System.currentTimeMillis();
    private long keys;

    AofRewrite(Store store, Path target) {
        this.store = store;
        this.target = target;
        this.temp = tempFileFor(target);
    }

    /** Where a rewrite of {@code target} writes; a leftover from a crash is deleted at start-up. */
    static Path tempFileFor(Path target) {
        return target.resolveSibling("temp-rewrite-" + target.getFileName());
    }

    /**
     * Rewrites into {@code target}. With a live {@code file} the records appended during the rewrite follow the
     * snapshot and the live file moves to the new one; without, the snapshot alone replaces {@code target}.
     */
    void run(AppendOnlyFile file) throws IOException {
        Files.deleteIfExists(temp);
        // Readable: after the switch it is the live file, which the next rewrite copies its tail from.
        FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            AppendOnlyFile.writeHeader(out);
            long[] cutSeq = new long[1];
            store.armCapture(this::capture, () -> cutSeq[0] = file == null ? 0 : file.appendedSeq());
            pauseIfAsked("after-cut");
            int written = 0;
            for (int shard = 0; shard < Store.SHARDS; shard++) {
                // Locking captures the shard unless a command already has.
                store.lock(shard).lock();
                store.lock(shard).unlock();
                written += drain(out);
                if (shard == Store.SHARDS / 2) {
                    pauseIfAsked("mid-snapshot");
                }
            }
            while (written < Store.SHARDS) {
                byte[] blob = poll();
                writeFully(out, blob);
                written++;
            }
            pauseIfAsked("before-switch");
            if (file != null) {
                // Once this returns the live file owns the channel and appends to it; if it throws, nothing moved.
                file.switchTo(temp, out, cutSeq[0]);
            } else {
                out.force(true);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                AppendOnlyFile.syncDirectory(target);
                out.close();
            }
            pauseIfAsked("after-switch");
        } catch (IOException | RuntimeException e) {
            out.close();
            Files.deleteIfExists(temp);
            throw e;
        }
        log.info("AOF rewrite of {} keys done in {} ms", keys, System.currentTimeMillis() - startedAt);
    }

    /** Encodes one shard; runs on whichever thread locked it first, with its lock held. */
    private void capture(int shard) {
        RecordBuffer buffer = new RecordBuffer(4096);
        SnapshotWriter writer = new SnapshotWriter(buffer, startedAt);
        long[] count = new long[1];
        // Keys past their deadline are kept with it: a command logged after the cut may still have seen them alive
        // (its clock started earlier), and replay, running each record at its own time, agrees; the load drops
        // whatever is expired at its end.
        store.visitShard(shard, (db, entry) -> {
            writer.write(db, entry);
            count[0]++;
        });
        synchronized (this) {
            keys += count[0];
        }
        captured.add(buffer.toByteArray());
    }

    private int drain(FileChannel out) throws IOException {
        int count = 0;
        byte[] blob;
        while ((blob = captured.poll()) != null) {
            writeFully(out, blob);
            count++;
        }
        return count;
    }

    private byte[] poll() throws IOException {
        try {
            byte[] blob = captured.poll(60, TimeUnit.SECONDS);
            if (blob == null) {
                throw new IOException("a shard capture did not arrive within 60 s");
            }
            return blob;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a shard capture", e);
        }
    }

    private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Stops for good at {@code step} when the test hook names it; the node's stop interrupts the wait. */
    private static void pauseIfAsked(String step) throws IOException {
        if (step.equals(System.getProperty(PAUSE_PROPERTY))) {
            log.warn("AOF rewrite paused at step {} ({} is set)", step, PAUSE_PROPERTY);
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("AOF rewrite stopped at step " + step);
            }
        }
    }
}
