package io.fluxkv.server.aof;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.server.util.Clock;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;

/**
 * Turns what commands did into AOF records. Records are effects, not requests: a handler whose request would not
 * reproduce its result on replay (a relative TTL, a random pick, a float increment, a blocking pop) names the
 * commands that do with {@link #replaceWith}; any other write that changed data is logged as it came. Expiry adds a
 * {@code del}. A command's records are collected on its own thread and appended in one piece when it ends, still
 * under its shard locks, so the log has them in the order the locks serialised the commands; an EXEC that wrote
 * more than one record is wrapped in {@code multi}/{@code exec} so that replay applies all of it or none.
 */
public final class EffectLog {
    private static final byte[][] MULTI = {"multi".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"exec".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] DEL = {"del".getBytes(StandardCharsets.US_ASCII), null};

    private volatile AppendOnlyFile file;

    /** The records of the running command on one thread. */
    private static final class Pending {
        final RecordBuffer records = new RecordBuffer(256);
        final RecordBuffer wrapper = new RecordBuffer(64);
        int depth;
        int count;
        /** Whether the innermost running command has named its own effects. */
        boolean replaced;
    }

    private static final FastThreadLocal<Pending> PENDING = new FastThreadLocal<>() {
        @Override
        protected Pending initialValue() {
            return new Pending();
        }
    };

    /** Starts (a file) or stops (null) logging. */
    public void attach(AppendOnlyFile target) {
        this.file = target;
    }

    public AppendOnlyFile file() {
        return file;
    }

    public boolean active() {
        return file != null;
    }

    /** A command starts; returns what {@link #commandEnded} needs back. Call only while {@link #active()}. */
    public boolean commandStarted() {
        Pending pending = PENDING.get();
        pending.depth++;
        boolean outer = pending.replaced;
        pending.replaced = false;
        return outer;
    }

    /**
     * A command ended. Logs it as it came if it is a write that changed data and named no effects of its own; at
     * the outermost level appends the collected records to the file and returns their sequence number (what the
     * client's reply waits for), 0 if there were none.
     */
    public long commandEnded(int db, CommandSpec spec, byte[][] argv, boolean changedData, boolean savedReplaced) {
        Pending pending = PENDING.get();
        if (spec.isWrite() && changedData && !pending.replaced) {
            pending.records.add(Clock.millis(), db, spec.name(), argv, spec.hasKeys());
            pending.count++;
        }
        pending.replaced = savedReplaced;
        if (--pending.depth > 0 || pending.count == 0) {
            return 0;
        }
        return flush(pending, db, false);
    }

    private long flush(Pending pending, int db, boolean transaction) {
        AppendOnlyFile target = file;
        long seq = 0;
        if (target != null) {
            RecordBuffer records = pending.records;
            if (transaction && pending.count > 1) {
                RecordBuffer wrapper = pending.wrapper;
                wrapper.clear();
                long now = Clock.millis();
                wrapper.add(now, db, "multi", MULTI, false);
                byte[] multi = wrapper.toByteArray();
                wrapper.clear();
                wrapper.add(now, db, "exec", EXEC, false);
                seq = target.append(multi, records.array(), records.length(), wrapper.toByteArray());
            } else {
                seq = target.append(records.array(), 0, records.length());
            }
        }
        pending.records.clear();
        pending.count = 0;
        return seq;
    }

    /**
     * EXEC ends, still holding its locks: appends the records of its commands, wrapped in multi/exec when there are
     * several, and returns their sequence number (0 if none).
     */
    public long transactionEnded(int db) {
        if (file == null) {
            return 0;
        }
        Pending pending = PENDING.get();
        return pending.count == 0 ? 0 : flush(pending, db, true);
    }

    /**
     * The running command's effect, in place of its request ({@code argv[0]} is the command name in lower case,
     * {@code argv[1]} the key). May be called several times; each call adds a record.
     */
    public void replaceWith(int db, byte[]... argv) {
        if (file == null) {
            return;
        }
        Pending pending = PENDING.get();
        if (pending.depth == 0) {
            // The command began before logging did: its effect reaches the log through the rewrite's snapshot,
            // which cannot be taken while the command holds its locks.
            return;
        }
        pending.replaced = true;
        pending.records.add(Clock.millis(), db, new String(argv[0], StandardCharsets.US_ASCII), argv, true);
        pending.count++;
    }

    /** A key expired (lazily or actively): a {@code del} record, with the running command's or at once. */
    public void expired(int db, byte[] key) {
        if (file == null) {
            return;
        }
        Pending pending = PENDING.get();
        byte[][] argv = DEL.clone();
        argv[1] = key;
        pending.records.add(Clock.millis(), db, "del", argv, true);
        pending.count++;
        if (pending.depth == 0) {
            flush(pending, db, false);
        }
    }
}
