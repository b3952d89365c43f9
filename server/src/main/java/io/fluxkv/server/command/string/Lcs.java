package io.fluxkv.server.command.string;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence of two strings by the
 * classic dynamic-programming table, walked back from the end as Redis walks it, so that the reported match ranges
 * (and their order, last match first) are the ones Redis reports.
 */
final class Lcs {
    private static final byte[] MATCHES = "matches".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEN = "len".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private Lcs() {
    }

    static void lcs(Client client, byte[][] argv) {
        byte[] a = stringOrEmpty(client.db().lookup(argv[1]));
        byte[] b = stringOrEmpty(client.db().lookup(argv[2]));
        if (a == null || b == null) {
            throw new CommandException("ERR The specified keys must contain string values");
        }
        boolean wantIdx = false;
        boolean wantLen = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            // Redis compares these with strcasecmp on C strings: "IDX\0junk" is IDX.
            if (Words.is(opt, "IDX")) {
                wantIdx = true;
            } else if (Words.is(opt, "LEN")) {
                wantLen = true;
            } else if (Words.is(opt, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (Words.is(opt, "MINMATCHLEN") && j < argv.length - 1) {
                minMatchLen = Math.max(0, Numbers.parseLong(argv[++j]));
            } else {
                throw Errors.syntax();
            }
        }
        if (wantIdx && wantLen) {
            throw new CommandException("ERR If you want both the length and indexes, please just use IDX.");
        }
        int[] table = allocateTable(a.length, b.length, client.node().config().protoMaxBulkLen);
        int columns = b.length + 1;
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                table[i * columns + j] = a[i - 1] == b[j - 1] ? table[(i - 1) * columns + j - 1] + 1
                        : Math.max(table[(i - 1) * columns + j], table[i * columns + j - 1]);
            }
        }
        int length = table[a.length * columns + b.length];
        RespWriter reply = client.reply();
        if (wantLen) {
            reply.integer(length);
            return;
        }
        byte[] common = new byte[length];
        // Match ranges as {aStart, aEnd, bStart, bEnd} quadruples, in the order they are found.
        int[] ranges = new int[16];
        int rangeCount = 0;
        int k = length;
        int aStart = -1;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = a.length;
        int j = b.length;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                common[--k] = a[i - 1];
                if (aStart < 0) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                } else {
                    // A match right after a match is always adjacent to the current range: extend it backwards.
                    aStart--;
                    bStart--;
                }
                emit = aStart == 0 || bStart == 0;
                i--;
                j--;
            } else {
                if (table[(i - 1) * columns + j] > table[i * columns + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                emit = aStart >= 0;
            }
            if (emit) {
                int matchLen = aEnd - aStart + 1;
                if (wantIdx && matchLen >= minMatchLen) {
                    if (rangeCount * 4 == ranges.length) {
                        ranges = Arrays.copyOf(ranges, ranges.length * 2);
                    }
                    ranges[rangeCount * 4] = aStart;
                    ranges[rangeCount * 4 + 1] = aEnd;
                    ranges[rangeCount * 4 + 2] = bStart;
                    ranges[rangeCount * 4 + 3] = bEnd;
                    rangeCount++;
                }
                aStart = -1;
            }
        }
        if (!wantIdx) {
            reply.bulk(common);
            return;
        }
        reply.mapHeader(2);
        reply.bulk(MATCHES);
        reply.arrayHeader(rangeCount);
        for (int r = 0; r < rangeCount; r++) {
            reply.arrayHeader(withMatchLen ? 3 : 2);
            reply.arrayHeader(2);
            reply.integer(ranges[r * 4]);
            reply.integer(ranges[r * 4 + 1]);
            reply.arrayHeader(2);
            reply.integer(ranges[r * 4 + 2]);
            reply.integer(ranges[r * 4 + 3]);
            if (withMatchLen) {
                reply.integer(ranges[r * 4 + 1] - ranges[r * 4] + 1);
            }
        }
        reply.bulk(LEN);
        reply.integer(length);
    }

    /** A missing key reads as the empty string; a value of another type gives null. */
    private static byte[] stringOrEmpty(Entry entry) {
        if (entry == null) {
            return EMPTY;
        }
        return entry.value() instanceof byte[] value ? value : null;
    }

    /**
     * The (alen+1) x (blen+1) table of 4-byte cells, refused as Redis refuses it: above proto-max-bulk-len, or when
     * the memory is not there (Redis's failed try-malloc; here also beyond what one Java array can hold).
     */
    private static int[] allocateTable(int aLength, int bLength, long protoMaxBulkLen) {
        long cells = (aLength + 1L) * (bLength + 1L);
        if (cells * Integer.BYTES > protoMaxBulkLen) {
            throw new CommandException(
                    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        if (cells > Integer.MAX_VALUE - 8) {
            throw noMemory();
        }
        try {
            return new int[(int) cells];
        } catch (OutOfMemoryError e) {
            throw noMemory();
        }
    }

    private static CommandException noMemory() {
        return new CommandException("ERR Insufficient memory, failed allocating transient memory for LCS");
    }
}
