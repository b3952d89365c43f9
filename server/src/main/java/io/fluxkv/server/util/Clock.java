package io.fluxkv.server.util;

/**
 * Time as commands see it. Every expiry check, deadline and access time of a command uses one instant, taken
 * when the command starts, as Redis caches its time per command.
 * <p>
 * Clock reads are counted (the profile had clock_gettime near 10% of the node's CPU when every lookup read the
 * clock): the wall clock is read once per read batch, when its first command starts; within the batch, the
 * moment a command ends (read for its commandstats time) is where the next one starts, and its wall-clock instant
 * is the batch's plus the monotonic time elapsed since. That instant is never earlier than a clock reading the
 * client took before sending the batch, and a pipelined command costs a single clock read.
 */
public final class Clock {
    private Clock() {
    }

    /** Starts a command on this thread and returns the wall-clock instant it will see. */
    public static long startCommand() {
        ThreadState state = ThreadState.current();
        long start;
        if (state.chainNanos == 0) {
            state.batchMillis = System.currentTimeMillis();
            start = state.batchNanos = System.nanoTime();
        } else {
            start = state.chainNanos;
        }
        state.commandStartNanos = start;
        state.commandMillis = state.batchMillis + (start - state.batchNanos) / 1_000_000;
        return state.commandMillis;
    }

    /** Nanoseconds since the running command started; the moment read here is where the next command starts. */
    public static long elapsedNanos() {
        ThreadState state = ThreadState.current();
        long now = System.nanoTime();
        state.chainNanos = now;
        return now - state.commandStartNanos;
    }

    /** Ends the command on this thread; later reads go to the real clock again. */
    public static void endCommand() {
        ThreadState.current().commandMillis = 0;
    }

    /**
     * Replay of the AOF: the next commands on this thread run at {@code millis}, the instant the record was logged,
     * so that every decision that depends on the time (is this key expired?) comes out as it did then.
     */
    public static void replayAt(long millis) {
        ThreadState.current().commandMillis = millis;
    }

    /** Ends a read batch: the next command, after waiting for input, reads the wall clock afresh. */
    public static void endBatch() {
        ThreadState.current().chainNanos = 0;
    }

    /** The running command's instant, or the real clock outside a command. */
    public static long millis() {
        long now = ThreadState.current().commandMillis;
        return now != 0 ? now : System.currentTimeMillis();
    }
}
