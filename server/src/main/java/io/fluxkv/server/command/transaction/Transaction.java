package io.fluxkv.server.command.transaction;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.server.store.Key;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.store.Watches;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * A connection's MULTI state: whether a transaction is open, the commands queued so far, whether one of them was
 * refused when queued (then EXEC answers -EXECABORT), and the keys it WATCHes (then EXEC answers a null array if
 * any of them changed). Touched by the connection's thread, except {@link #watchedKeyTouched}, which any thread
 * calls under the key's shard lock.
 */
public final class Transaction implements Watches.Watcher {
    /** A command accepted into the queue: already resolved against the table and checked for arity. */
    public record Queued(CommandSpec spec, byte[][] argv) {
    }

    /** A key watched in a database. */
    public record WatchedKey(int db, byte[] key) {
    }

    private final Store store;
    private boolean active;
    private boolean refusedCommand;
    private List<Queued> queue = new ArrayList<>();
    private final List<WatchedKey> watched = new ArrayList<>();
    private volatile boolean watchedKeyTouched;
    private boolean executing;

    public Transaction(Store store) {
        this.store = store;
    }

    public boolean active() {
        return active;
    }

    /** Whether EXEC is running the queued commands now (then nothing may block). */
    public boolean executing() {
        return executing;
    }

    void executing(boolean value) {
        executing = value;
    }

    void begin() {
        active = true;
    }

    public void queue(CommandSpec spec, byte[][] argv) {
        queue.add(new Queued(spec, argv));
    }

    /** Whether a queued command writes (EXEC then counts as a write, as in Redis). */
    public boolean queuedWrite() {
        for (Queued command : queue) {
            if (command.spec().isWrite()) {
                return true;
            }
        }
        return false;
    }

    /** A command was refused while the transaction was open: EXEC will abort (no-op outside MULTI). */
    public void commandRefused() {
        if (active) {
            refusedCommand = true;
        }
    }

    boolean refusedCommand() {
        return refusedCommand;
    }

    /** Closes the transaction and hands over what was queued; the watches stay until EXEC has checked them. */
    List<Queued> takeQueue() {
        List<Queued> queued = queue;
        active = false;
        refusedCommand = false;
        queue = new ArrayList<>();
        return queued;
    }

    /** Ends the transaction, dropping what was queued and every watch (DISCARD, RESET, an aborted EXEC). */
    public void discard() {
        takeQueue();
        unwatchAll();
    }

    /** Watches a key; the caller holds its shard lock. */
    void watch(int db, byte[] key) {
        watched.add(new WatchedKey(db, key));
        store.watches().watch(db, key, this);
    }

    public List<WatchedKey> watchedKeys() {
        return watched;
    }

    boolean anyWatchedKeyTouched() {
        return watchedKeyTouched;
    }

    /**
     * Forgets every watched key. Takes each key's shard lock in turn, so the caller must hold either none or all
     * of them (EXEC holds the watched keys' shards; the locks are reentrant).
     */
    public void unwatchAll() {
        for (WatchedKey key : watched) {
            Lock lock = store.lock(Key.shardOf(key.key()));
            lock.lock();
            try {
                store.watches().unwatch(key.db(), key.key(), this);
            } finally {
                lock.unlock();
            }
        }
        watched.clear();
        watchedKeyTouched = false;
    }

    @Override
    public void watchedKeyTouched() {
        watchedKeyTouched = true;
    }
}
