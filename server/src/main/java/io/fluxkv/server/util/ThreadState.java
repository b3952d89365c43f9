package io.fluxkv.server.util;

import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * What the hot path keeps per thread: the running command's time, the key it hashed last, and the thread's cells
 * of every {@link Counters}. Event loops run on {@link CommandThread}s, which carry their state in a field (one
 * register read to reach it); any other thread (background tasks, tests) gets its own through a ThreadLocal.
 */
public final class ThreadState {
    private static final ThreadLocal<ThreadState> OTHER_THREADS = ThreadLocal.withInitial(ThreadState::new);

    /** Start of the running command (System.nanoTime) and where the next one starts within a read batch. */
    long commandStartNanos;
    long chainNanos;
    /** Wall clock and monotonic clock read together when the current read batch began. */
    long batchMillis;
    long batchNanos;
    /** Wall-clock ms of the running command, 0 outside a command. */
    long commandMillis;
    /** The last key hashed for a shard lock, reused by the lookup of the same argument. */
    public Object lastKey;
    long[][] counterCells = new long[4][];

    public static ThreadState current() {
        Thread thread = Thread.currentThread();
        return thread instanceof CommandThread command ? command.state : OTHER_THREADS.get();
    }

    /** An event-loop thread: a Netty FastThreadLocalThread that also carries a {@link ThreadState}. */
    public static final class CommandThread extends FastThreadLocalThread {
        final ThreadState state = new ThreadState();

        public CommandThread(Runnable task, String name) {
            super(task, name);
        }
    }
}
