package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofCorruptException;
import io.fluxkv.server.aof.AofReader;
import io.fluxkv.server.aof.AofRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes records on in file order, except that the records of a transaction ({@code multi} ... {@code exec}) are
 * held until its {@code exec} arrives: a transaction cut short by a crash never reached its client as done, so no
 * tool treats any part of it as data. Nesting and a stray {@code exec} are corruption.
 */
final class TransactionGate {

    static final String MULTI = "multi";
    static final String EXEC = "exec";

    private final RecordSink sink;
    private final List<AofRecord> pending = new ArrayList<>();
    private boolean open;
    private long openLine;
    private long openOffset;
    private long recordsRead;
    private long recordsPassed;

    TransactionGate(RecordSink sink) {
        this.sink = sink;
    }

    /** Reads records until the reader reaches the end of its input; damage surfaces as the reader's exceptions. */
    void drain(AofReader reader, Progress progress) throws IOException {
        AofRecord record;
        while ((record = reader.next()) != null) {
            accept(record, reader.lineNumber(), reader.lineOffset());
            progress.update(reader.position(), recordsRead);
        }
    }

    void accept(AofRecord record, long line, long offset) throws IOException {
        recordsRead++;
        boolean marker = record.op().equals(MULTI) || record.op().equals(EXEC);
        if (marker && (record.key() != null || !record.args().isEmpty())) {
            throw new AofCorruptException(line, offset, record.op() + " must carry no key and no args", null);
        }
        if (record.op().equals(MULTI)) {
            if (open) {
                throw new AofCorruptException(line, offset,
                        "multi inside the transaction opened at line " + openLine, null);
            }
            open = true;
            openLine = line;
            openOffset = offset;
        } else if (record.op().equals(EXEC) && !open) {
            throw new AofCorruptException(line, offset, "exec without a multi before it", null);
        }
        if (!open) {
            pass(record);
            return;
        }
        pending.add(record);
        if (record.op().equals(EXEC)) {
            open = false;
            for (AofRecord held : pending) {
                pass(held);
            }
            pending.clear();
        }
    }

    /** Forgets a transaction left open (the file it came from is gone). */
    void reset() {
        open = false;
        pending.clear();
    }

    boolean isOpen() {
        return open;
    }

    /** Line of the {@code multi} of the open transaction. */
    long openLine() {
        return openLine;
    }

    /** Byte offset of the start of the {@code multi} line of the open transaction. */
    long openOffset() {
        return openOffset;
    }

    /** Records passed on to the sink (committed ones). */
    long recordsPassed() {
        return recordsPassed;
    }

    private void pass(AofRecord record) throws IOException {
        recordsPassed++;
        sink.accept(record);
    }
}
