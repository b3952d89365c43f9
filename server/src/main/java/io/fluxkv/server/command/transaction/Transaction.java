package io.fluxkv.server.command.transaction;

import io.fluxkv.protocol.command.CommandSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection's MULTI state: whether a transaction is open, the commands queued so far, and whether one of them
 * was refused when queued (then EXEC answers -EXECABORT, as Redis does). Touched only by the connection's thread.
 */
public final class Transaction {
    /** A command accepted into the queue: already resolved against the table and checked for arity. */
    public record Queued(CommandSpec spec, byte[][] argv) {
    }

    private boolean active;
    private boolean refusedCommand;
    private List<Queued> queue = new ArrayList<>();

    public boolean active() {
        return active;
    }

    void begin() {
        active = true;
    }

    public void queue(CommandSpec spec, byte[][] argv) {
        queue.add(new Queued(spec, argv));
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

    /** Ends the transaction and hands over what was queued. */
    List<Queued> end() {
        List<Queued> queued = queue;
        discard();
        return queued;
    }

    /** Ends the transaction, dropping what was queued (DISCARD, RESET, failed EXEC). */
    public void discard() {
        active = false;
        refusedCommand = false;
        queue = new ArrayList<>();
    }
}
