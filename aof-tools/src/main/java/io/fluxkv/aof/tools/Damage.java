package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofCorruptException;
import io.fluxkv.server.aof.AofTornTailException;

import java.util.Locale;

/**
 * The first problem in a file. {@code line} and {@code offset} locate the problem itself; {@code goodLength} is
 * where the trustworthy data ends, which is earlier when the problem sits inside a transaction (the whole
 * transaction goes, as it never completed).
 */
record Damage(Kind kind, String problem, long line, long offset, long goodLength, long firstDroppedLine) {

    enum Kind {
        TORN(ExitCodes.TORN), CORRUPT(ExitCodes.CORRUPT);

        final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    static Damage torn(AofTornTailException e, TransactionGate gate) {
        return at(Kind.TORN, e.getMessage(), e.lineNumber(), e.goodLength(), gate);
    }

    static Damage corrupt(AofCorruptException e, TransactionGate gate) {
        return at(Kind.CORRUPT, e.getMessage(), e.lineNumber(), e.offset(), gate);
    }

    /** The file ends inside a transaction: a crash between its {@code multi} and its {@code exec}. */
    static Damage unterminatedTransaction(TransactionGate gate) {
        return at(Kind.TORN, "AOF ends inside a transaction: the multi at line " + gate.openLine() + " (byte offset "
                + gate.openOffset() + ") has no exec", gate.openLine(), gate.openOffset(), gate);
    }

    private static Damage at(Kind kind, String problem, long line, long offset, TransactionGate gate) {
        return gate.isOpen()
                ? new Damage(kind, problem, line, offset, gate.openOffset(), gate.openLine())
                : new Damage(kind, problem, line, offset, offset, line);
    }

    int exitCode() {
        return kind.exitCode;
    }

    /** One sentence for the user: the problem, and where the good data ends when that is not obvious from it. */
    String describe() {
        if (goodLength == offset) {
            return problem;
        }
        return problem + "; it is inside the transaction opened at line " + firstDroppedLine
                + ", so the good data ends at byte offset " + goodLength;
    }

    String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
