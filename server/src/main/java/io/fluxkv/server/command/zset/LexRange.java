package io.fluxkv.server.command.zset;

import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.type.ZSkipList;

import java.util.Arrays;

/**
 * A member interval as zslParseLexRange reads it: "[a" (inclusive), "(a" (exclusive), "-" and "+" for the
 * smallest and greatest of all strings (null bounds here). Meaningful when all members share one score.
 */
record LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) implements ZSkipList.Bound {

    /** Marks a "+" given as min or a "-" given as max: nothing lies in such a range. */
    private static final byte[] INFINITE_OTHER_WAY = new byte[0];

    static LexRange parse(byte[] min, byte[] max) {
        byte[] low = item(min, '-');
        byte[] high = item(max, '+');
        // Only "[" is inclusive; Redis marks "-" and "+" exclusive too.
        return new LexRange(low, min[0] != '[', high, max[0] != '[');
    }

    /**
     * The string of one end; null stands for "-" on a min and "+" on a max. The opposite infinity is an end no
     * string passes, represented by a range no member can be in: see {@link #belowMin} and {@link #aboveMax}.
     */
    private static byte[] item(byte[] arg, char open) {
        if (arg.length == 0) {
            throw invalid();
        }
        switch (arg[0]) {
            case '+', '-' -> {
                // Redis tests c[1] of a C string: "+" followed by a NUL byte is still "+".
                if (arg.length > 1 && arg[1] != 0) {
                    throw invalid();
                }
                return arg[0] == open ? null : INFINITE_OTHER_WAY;
            }
            case '(', '[' -> {
                return Arrays.copyOfRange(arg, 1, arg.length);
            }
            default -> throw invalid();
        }
    }

    private static CommandException invalid() {
        return new CommandException("ERR min or max not valid string range item");
    }

    @Override
    public boolean belowMin(ZSkipList.Node node) {
        if (min == null) {
            return false;
        }
        if (min == INFINITE_OTHER_WAY) {
            return true;
        }
        int cmp = Arrays.compareUnsigned(node.member(), min);
        return minExclusive ? cmp <= 0 : cmp < 0;
    }

    @Override
    public boolean aboveMax(ZSkipList.Node node) {
        if (max == null) {
            return false;
        }
        if (max == INFINITE_OTHER_WAY) {
            return true;
        }
        int cmp = Arrays.compareUnsigned(node.member(), max);
        return maxExclusive ? cmp >= 0 : cmp > 0;
    }
}
