package io.fluxkv.aof.tools;

/**
 * What a full read of a file found: {@code records} committed records in the first {@code goodLength} bytes of a
 * file of {@code fileLength} bytes, and the first problem, or null when the whole file is valid (a valid file may
 * end with zeros after its records).
 */
record ScanResult(long records, long goodLength, long fileLength, Damage damage) {

    boolean valid() {
        return damage == null;
    }

    /** Zero bytes after the records of a valid file: space a node reserved and did not cut off (it crashed). */
    long padding() {
        return valid() ? fileLength - goodLength : 0;
    }

    int exitCode() {
        return valid() ? ExitCodes.OK : damage.exitCode();
    }
}
