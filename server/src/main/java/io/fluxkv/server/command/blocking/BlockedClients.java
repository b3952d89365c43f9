package io.fluxkv.server.command.blocking;

import io.fluxkv.server.Client;
import io.fluxkv.server.store.DbKey;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients blocked on keys (BLPOP and friends), in arrival order per key. A write that gives a key data wakes the
 * first client waiting on it; that client retries its command on its own event loop, and if it takes the data
 * its own pop wakes the next one, so waiters are served in the order they blocked.
 */
public final class BlockedClients {

    private final ConcurrentHashMap<DbKey, ConcurrentLinkedDeque<Client>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger blocked = new AtomicInteger();

    /** Clients blocked right now (INFO blocked_clients). */
    public int count() {
        return blocked.get();
    }

    public boolean any() {
        return blocked.get() != 0;
    }

    public void add(Client client, int db, List<byte[]> keys) {
        // compute, not computeIfAbsent + add: a concurrent remove() of the emptied queue could orphan the add.
        for (byte[] key : keys) {
            waiting.compute(new DbKey(db, key), (k, queue) -> {
                ConcurrentLinkedDeque<Client> waiters = queue == null ? new ConcurrentLinkedDeque<>() : queue;
                waiters.addLast(client);
                return waiters;
            });
        }
        blocked.incrementAndGet();
    }

    public void remove(Client client, int db, List<byte[]> keys) {
        for (byte[] key : keys) {
            waiting.computeIfPresent(new DbKey(db, key), (k, queue) -> {
                queue.remove(client);
                return queue.isEmpty() ? null : queue;
            });
        }
        blocked.decrementAndGet();
    }

    /**
     * A write by {@code writer} changed {@code key}: wake the first other client waiting on it (it retries on its
     * own event loop). The writer may itself be a waiter being served, not yet removed: the next one is woken.
     */
    public void keyChanged(int db, byte[] key, Client writer) {
        ConcurrentLinkedDeque<Client> queue = waiting.get(new DbKey(db, key));
        if (queue == null) {
            return;
        }
        for (Client waiter : queue) {
            if (waiter != writer) {
                waiter.wakeBlocked();
                return;
            }
        }
    }
}
