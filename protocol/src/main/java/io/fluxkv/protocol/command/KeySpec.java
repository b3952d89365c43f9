package io.fluxkv.protocol.command;

import java.util.List;

/**
 * Where a command's keys are, in Redis 7's key-spec model: a begin search (a fixed index, or the argument after a
 * keyword) and a find-keys rule (a range, or a count read from an argument).
 *
 * @param notes         a remark on the spec that COMMAND INFO shows (why its flags are what they are), or null
 * @param flags         key-spec flags as Redis names them (rw, ro, ow, rm, access, update, insert, delete, ...)
 * @param index         begin index, or 0 when the search is by keyword
 * @param keyword       keyword to search for, or null
 * @param startFrom     where the keyword search starts (negative: from the end, searching backwards)
 * @param rangeLastKey  range: last key relative to the begin index (negative: relative to the end of argv)
 * @param rangeStep     range: distance between keys
 * @param rangeLimit    range: when lastkey is -1, keep only 1/limit of the remaining arguments (0 = all)
 * @param keyNumIndex   keynum: where the key count is, relative to the begin index; -1 for a range spec
 * @param keyNumFirst   keynum: first key relative to the begin index
 * @param keyNumStep    keynum: distance between keys
 */
public record KeySpec(String notes, List<String> flags, int index, String keyword, int startFrom, int rangeLastKey, int rangeStep,
                      int rangeLimit, int keyNumIndex, int keyNumFirst, int keyNumStep) {

    public boolean isIndexRange() {
        return keyword == null && keyNumIndex < 0;
    }

    /** Calls {@code sink} with the position of every key this spec finds in {@code argv}. */
    void findKeys(byte[][] argv, KeyPositionSink sink) {
        int argc = argv.length;
        int first;
        if (keyword == null) {
            first = index;
        } else {
            first = searchKeyword(argv);
            if (first < 0) {
                return;
            }
        }
        if (first >= argc) {
            return;
        }
        int last;
        int step;
        if (keyNumIndex < 0) {
            step = rangeStep;
            if (rangeLastKey >= 0) {
                last = first + rangeLastKey;
            } else if (rangeLimit <= 1) {
                last = argc + rangeLastKey;
            } else {
                last = first + ((argc - first) / rangeLimit + rangeLastKey);
            }
        } else {
            int countAt = first + keyNumIndex;
            if (countAt >= argc) {
                return;
            }
            long count = parseCount(argv[countAt]);
            if (count <= 0) {
                return;
            }
            step = keyNumStep;
            first = first + keyNumFirst;
            last = (int) Math.min(Integer.MAX_VALUE, first + (count - 1) * step);
        }
        for (int i = first; i <= last && i < argc; i += step) {
            sink.accept(i);
        }
    }

    private int searchKeyword(byte[][] argv) {
        int argc = argv.length;
        if (startFrom >= 0) {
            for (int i = startFrom; i < argc; i++) {
                if (CommandTable.equalsIgnoreCase(argv[i], keyword)) {
                    return i + 1;
                }
            }
        } else {
            for (int i = argc + startFrom; i > 0; i--) {
                if (CommandTable.equalsIgnoreCase(argv[i], keyword)) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    private static long parseCount(byte[] digits) {
        if (digits.length == 0 || digits.length > 18) {
            return -1;
        }
        long value = 0;
        for (byte b : digits) {
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** Receives key positions; an interface rather than a boxed consumer so the hot path does not allocate. */
    @FunctionalInterface
    public interface KeyPositionSink {
        void accept(int position);
    }
}
