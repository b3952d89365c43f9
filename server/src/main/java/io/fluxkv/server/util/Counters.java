package io.fluxkv.server.util;

import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of statistics counters (INFO's calls, hits, misses, ...) that cost a plain increment: every thread
 * adds into its own array and readers sum the arrays. Unlike LongAdder there is no atomic instruction per
 * increment, which matters when several counters move on every command.
 * <p>
 * Each array has one writer (its thread), so increments are never lost. Readers on other threads may see a value
 * a moment old, which is all statistics need; {@link #reset()} racing with an increment may keep that increment.
 * Arrays of threads that have ended stay (they hold counts); threads are few and long-lived.
 */
public final class Counters {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = IDS.getAndIncrement();
    private final int size;
    private final CopyOnWriteArrayList<long[]> perThread = new CopyOnWriteArrayList<>();

    public Counters(int size) {
        this.size = size;
    }

    private long[] cells() {
        ThreadState state = ThreadState.current();
        long[][] all = state.counterCells;
        if (id < all.length && all[id] != null) {
            return all[id];
        }
        if (id >= all.length) {
            all = state.counterCells = Arrays.copyOf(all, id + 4);
        }
        long[] cells = new long[size];
        all[id] = cells;
        perThread.add(cells);
        return cells;
    }

    public void add(int counter, long delta) {
        cells()[counter] += delta;
    }

    public void increment(int counter) {
        cells()[counter]++;
    }

    /** The calling thread's own count. */
    public long local(int counter) {
        return cells()[counter];
    }

    public long sum(int counter) {
        long total = 0;
        for (long[] cells : perThread) {
            total += cells[counter];
        }
        return total;
    }

    public void reset() {
        reset(0, size);
    }

    /** Zeroes counters {@code from} (inclusive) to {@code to} (exclusive). */
    public void reset(int from, int to) {
        for (long[] cells : perThread) {
            Arrays.fill(cells, from, to, 0);
        }
    }
}
