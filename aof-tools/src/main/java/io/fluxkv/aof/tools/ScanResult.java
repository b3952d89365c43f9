package io.fluxkv.aof.tools;

/**
 * What a full read of a file found: {@code records} committed records in the first {@code goodLength} bytes of a
 * file of {@code fileLength} bytes, and the first problem, or null when the whole file is valid.
 */
record ScanResult(long records, long goodLength, long fileLength, Damage damage) {

    boolean valid() {
        return damage == null;
    }

    int exitCode() {
        return valid() ? ExitCodes.OK : damage.exitCode();
    }
}
