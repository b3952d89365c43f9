package io.fluxkv.server.command.zset;

import io.fluxkv.server.type.ZSkipList;

/** A score interval as zslParseRange reads it: "1.5", "(1.5" (exclusive), "-inf", "+inf". */
record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) implements ZSkipList.Bound {

    static ScoreRange parse(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        return new ScoreRange(Scores.parseRangeEnd(min, minEx ? 1 : 0), minEx,
                Scores.parseRangeEnd(max, maxEx ? 1 : 0), maxEx);
    }

    @Override
    public boolean belowMin(ZSkipList.Node node) {
        return minExclusive ? node.score() <= min : node.score() < min;
    }

    @Override
    public boolean aboveMax(ZSkipList.Node node) {
        return maxExclusive ? node.score() >= max : node.score() > max;
    }
}
