package io.fluxkv.server.aof;

/**
 * The last line has no '\n': the writer stopped mid-record (crash, full disk). Everything before
 * {@link #goodLength()} is intact, so truncating the file there loses only the unfinished record.
 */
public final class AofTornTailException extends AofException {

    private final long lineNumber;
    private final long goodLength;

    public AofTornTailException(long lineNumber, long goodLength, long fileLength) {
        super("AOF ends with a torn record at line " + lineNumber + ": the good data ends at byte offset "
                + goodLength + ", followed by " + (fileLength - goodLength) + " bytes of an unfinished record");
        this.lineNumber = lineNumber;
        this.goodLength = goodLength;
    }

    /** 1-based line number of the unfinished record. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Byte offset where the good data ends (= start of the unfinished record). */
    public long goodLength() {
        return goodLength;
    }
}
