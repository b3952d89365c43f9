package io.fluxkv.server.command;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.server.util.Counters;

/**
 * Per-command counters for INFO commandstats: calls, time spent, calls that failed or were rejected. Counted per
 * thread ({@link Counters}) because every command moves two of them.
 */
public final class CommandStats {
    private static final int CALLS = 0;
    private static final int NANOS = 1;
    private static final int FAILED = 2;
    private static final int REJECTED = 3;
    private static final int PER_COMMAND = 4;

    private final Counters counters;
    private final int commands;

    CommandStats(int commands) {
        this.commands = commands;
        this.counters = new Counters(commands * PER_COMMAND);
    }

    void record(CommandSpec spec, long elapsedNanos, boolean failedCall) {
        int base = spec.id() * PER_COMMAND;
        counters.increment(base + CALLS);
        counters.add(base + NANOS, elapsedNanos);
        if (failedCall) {
            counters.increment(base + FAILED);
        }
    }

    void rejected(CommandSpec spec) {
        counters.increment(spec.id() * PER_COMMAND + REJECTED);
    }

    public long calls(CommandSpec spec) {
        return counters.sum(spec.id() * PER_COMMAND + CALLS);
    }

    public long micros(CommandSpec spec) {
        return counters.sum(spec.id() * PER_COMMAND + NANOS) / 1000;
    }

    public long failed(CommandSpec spec) {
        return counters.sum(spec.id() * PER_COMMAND + FAILED);
    }

    public long rejectedCalls(CommandSpec spec) {
        return counters.sum(spec.id() * PER_COMMAND + REJECTED);
    }

    /** Commands processed: the calls of every command (INFO total_commands_processed). */
    public long totalCommands() {
        long total = 0;
        for (int id = 0; id < commands; id++) {
            total += counters.sum(id * PER_COMMAND + CALLS);
        }
        return total;
    }

    public void reset() {
        counters.reset();
    }
}
