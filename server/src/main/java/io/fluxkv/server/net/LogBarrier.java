package io.fluxkv.server.net;

import io.fluxkv.server.aof.AppendOnlyFile;
import io.fluxkv.server.aof.EffectLog;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Holds back, per event loop, the replies whose records are not yet in the AOF, and releases them together: once per
 * loop iteration it writes the log (one write(2) for every connection of the loop, as Redis does before it
 * sleeps); under {@code appendfsync always} it instead asks the background thread to write and fsync, and is told —
 * without blocking the loop — once that covers them (group commit).
 */
final class LogBarrier {
    private static final FastThreadLocal<LogBarrier> PER_LOOP = new FastThreadLocal<>();

    private final EventExecutor loop;
    private final EffectLog effects;
    private final List<ClientConnection> waiting = new ArrayList<>();
    private boolean scheduled;
    private boolean syncRequested;
    /** Connections that were waiting when the last fsync ended: how busy the loop is under always. */
    private int waitingAtLastSync;

    private LogBarrier(EventExecutor loop, EffectLog effects) {
        this.loop = loop;
        this.effects = effects;
    }

    /** The barrier of the calling event loop (each node has loops of its own). */
    static LogBarrier of(EventExecutor loop, EffectLog effects) {
        LogBarrier barrier = PER_LOOP.get();
        if (barrier == null) {
            barrier = new LogBarrier(loop, effects);
            PER_LOOP.set(barrier);
        }
        return barrier;
    }

    /** {@code connection} holds replies for the log: release them after this loop iteration's write (and fsync). */
    void await(ClientConnection connection) {
        if (!connection.awaitingLog) {
            connection.awaitingLog = true;
            waiting.add(connection);
        }
        if (!scheduled) {
            scheduled = true;
            // A task runs after the loop has handled the I/O events at hand: one write covers all their records.
            loop.execute(this::settle);
        }
    }

    /**
     * Gets the waiting replies' records acknowledged: under everysec and no by writing the log here, under always
     * by asking the background thread for the write and fsync that cover them.
     */
    private void settle() {
        scheduled = false;
        AppendOnlyFile file = currentFile();
        if (file == null) {
            release(Long.MAX_VALUE);
            return;
        }
        if (file.fsync() == AppendOnlyFile.Fsync.ALWAYS) {
            // The background thread writes and then fsyncs: a write(2) here could wait behind the fsync of the
            // same file (pages under writeback), which would block this loop on the disk after all.
            if (!syncRequested) {
                syncRequested = true;
                file.whenDurable(file.appendedSeq(), Math.max(waiting.size(), waitingAtLastSync),
                        () -> loop.execute(this::synced));
            }
            return;
        }
        if (!file.writePending()) {
            // The disk refused: the replies wait, and we try again (the node refuses new writes meanwhile).
            scheduled = true;
            loop.schedule(this::settle, 100, TimeUnit.MILLISECONDS);
            return;
        }
        release(file.writtenSeq());
    }

    private void synced() {
        syncRequested = false;
        waitingAtLastSync = waiting.size();
        AppendOnlyFile file = currentFile();
        release(file == null ? Long.MAX_VALUE : file.acknowledgedSeq());
        if (!waiting.isEmpty() && !scheduled) {
            // Records appended after the fsync we waited for: another round.
            scheduled = true;
            settle();
        }
    }

    private void release(long acknowledged) {
        for (int i = 0; i < waiting.size(); ) {
            ClientConnection connection = waiting.get(i);
            if (connection.releaseHeld(acknowledged)) {
                connection.awaitingLog = false;
                waiting.set(i, waiting.get(waiting.size() - 1));
                waiting.remove(waiting.size() - 1);
            } else {
                i++;
            }
        }
    }

    private AppendOnlyFile currentFile() {
        return effects.file();
    }
}
