package io.fluxkv.server.aof;

/** A complete line (it has its '\n') that is not a valid record: the file was damaged, not torn. */
public final class AofCorruptException extends AofException {

    private final long lineNumber;
    private final long offset;

    public AofCorruptException(long lineNumber, long offset, String detail, Throwable cause) {
        super("AOF corrupt at line " + lineNumber + " (byte offset " + offset + "): " + detail
                + "; run `aof-tools fix` to truncate the file before this record", cause);
        this.lineNumber = lineNumber;
        this.offset = offset;
    }

    /** 1-based; the header is line 1. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Byte offset of the start of the bad line. */
    public long offset() {
        return offset;
    }
}
