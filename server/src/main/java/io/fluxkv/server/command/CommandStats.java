package io.fluxkv.server.command;

import io.fluxkv.protocol.command.CommandSpec;

import java.util.concurrent.atomic.LongAdder;

/** Per-command counters for INFO commandstats: calls, time spent, calls that failed or were rejected. */
public final class CommandStats {
    private final LongAdder[] calls;
    private final LongAdder[] nanos;
    private final LongAdder[] failed;
    private final LongAdder[] rejected;
    private final LongAdder totalCommands = new LongAdder();

    CommandStats(int commands) {
        calls = adders(commands);
        nanos = adders(commands);
        failed = adders(commands);
        rejected = adders(commands);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    void record(CommandSpec spec, long elapsedNanos, boolean failedCall) {
        int id = spec.id();
        calls[id].increment();
        nanos[id].add(elapsedNanos);
        if (failedCall) {
            failed[id].increment();
        }
        totalCommands.increment();
    }

    void rejected(CommandSpec spec) {
        rejected[spec.id()].increment();
    }

    public long calls(CommandSpec spec) {
        return calls[spec.id()].sum();
    }

    public long micros(CommandSpec spec) {
        return nanos[spec.id()].sum() / 1000;
    }

    public long failed(CommandSpec spec) {
        return failed[spec.id()].sum();
    }

    public long rejectedCalls(CommandSpec spec) {
        return rejected[spec.id()].sum();
    }

    public long totalCommands() {
        return totalCommands.sum();
    }

    public void reset() {
        for (int i = 0; i < calls.length; i++) {
            calls[i].reset();
            nanos[i].reset();
            failed[i].reset();
            rejected[i].reset();
        }
        totalCommands.reset();
    }
}
