package io.fluxkv.server.command.zset;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.type.SortedSetValue;
import io.fluxkv.server.type.ZSkipList;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands that select members by rank, score or lex range: ZRANGE and ZRANGESTORE with all their options, the
 * older ZREVRANGE / Z[REV]RANGEBYSCORE / Z[REV]RANGEBYLEX as fixed-option forms of the same implementation
 * (Redis's zrangeGenericCommand), ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*.
 */
final class ZRangeCommands {
    private ZRangeCommands() {
    }

    enum By { AUTO, RANK, SCORE, LEX }

    enum Direction { AUTO, FORWARD, REVERSE }

    static void register(HandlerBinder binder) {
        binder.bind("zrange", (c, argv) -> range(c, argv, null, By.AUTO, Direction.AUTO));
        binder.bind("zrangestore", (c, argv) -> range(c, argv, argv[1], By.AUTO, Direction.AUTO));
        binder.bind("zrevrange", (c, argv) -> range(c, argv, null, By.RANK, Direction.REVERSE));
        binder.bind("zrangebyscore", (c, argv) -> range(c, argv, null, By.SCORE, Direction.FORWARD));
        binder.bind("zrevrangebyscore", (c, argv) -> range(c, argv, null, By.SCORE, Direction.REVERSE));
        binder.bind("zrangebylex", (c, argv) -> range(c, argv, null, By.LEX, Direction.FORWARD));
        binder.bind("zrevrangebylex", (c, argv) -> range(c, argv, null, By.LEX, Direction.REVERSE));
        binder.bind("zcount", (c, argv) -> count(c, argv, ScoreRange.parse(argv[2], argv[3])));
        binder.bind("zlexcount", (c, argv) -> count(c, argv, LexRange.parse(argv[2], argv[3])));
        binder.bind("zremrangebyrank", ZRangeCommands::zremrangebyrank);
        binder.bind("zremrangebyscore", (c, argv) -> removeRange(c, argv, ScoreRange.parse(argv[2], argv[3])));
        binder.bind("zremrangebylex", (c, argv) -> removeRange(c, argv, LexRange.parse(argv[2], argv[3])));
    }

    /**
     * {@code <src> <min> <max> [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset count]}, the options a fixed form
     * already implies being refused as syntax errors. {@code destination} is ZRANGESTORE's (which takes no
     * WITHSCORES), else null.
     */
    static void range(Client client, byte[][] argv, byte[] destination, By by, Direction direction) {
        boolean store = destination != null;
        int source = store ? 2 : 1;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = source + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            if (!store && Words.is(argv[j], "withscores")) {
                withScores = true;
            } else if (Words.is(argv[j], "limit") && left >= 2) {
                offset = Numbers.parseLong(argv[j + 1]);
                limit = Numbers.parseLong(argv[j + 2]);
                j += 2;
            } else if (direction == Direction.AUTO && Words.is(argv[j], "rev")) {
                direction = Direction.REVERSE;
            } else if (by == By.AUTO && Words.is(argv[j], "bylex")) {
                by = By.LEX;
            } else if (by == By.AUTO && Words.is(argv[j], "byscore")) {
                by = By.SCORE;
            } else {
                throw Errors.syntax();
            }
        }
        boolean reverse = direction == Direction.REVERSE;
        if (by == By.AUTO) {
            by = By.RANK;
        }
        if (limit != -1 && by == By.RANK) {
            throw new CommandException(
                    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && by == By.LEX) {
            throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        // Reversed score and lex ranges are given max first.
        byte[] min = argv[reverse && by != By.RANK ? source + 2 : source + 1];
        byte[] max = argv[reverse && by != By.RANK ? source + 1 : source + 2];
        long start = 0;
        long end = 0;
        ZSkipList.Bound bound = null;
        switch (by) {
            case SCORE -> bound = ScoreRange.parse(min, max);
            case LEX -> bound = LexRange.parse(min, max);
            default -> {
                start = Numbers.parseLong(min);
                end = Numbers.parseLong(max);
            }
        }
        SortedSetValue zset = SortedSetCommands.zset(client.db().lookup(argv[source]));
        List<ZSkipList.Node> nodes = zset == null ? List.of()
                : by == By.RANK ? byRank(zset, start, end, reverse) : byBound(zset, bound, reverse, offset, limit);
        if (store) {
            storeRange(client, destination, nodes);
            return;
        }
        List<byte[]> members = new ArrayList<>(nodes.size());
        List<Double> scores = withScores ? new ArrayList<>(nodes.size()) : null;
        for (ZSkipList.Node node : nodes) {
            members.add(node.member());
            if (withScores) {
                scores.add(node.score());
            }
        }
        SortedSetCommands.replyMembers(client, members, scores);
    }

    /** Ranks as Redis sanitises them: negatives count from the end, the end is clipped to the last member. */
    private static List<ZSkipList.Node> byRank(SortedSetValue zset, long start, long end, boolean reverse) {
        long length = zset.size();
        long[] span = clip(start, end, length);
        if (span == null) {
            return List.of();
        }
        List<ZSkipList.Node> nodes = new ArrayList<>((int) (span[1] - span[0] + 1));
        ZSkipList.Node node = zset.byRank(reverse ? length - 1 - span[0] : span[0]);
        for (long i = span[0]; i <= span[1]; i++) {
            nodes.add(node);
            node = reverse ? node.previous() : node.next();
        }
        return nodes;
    }

    /** {first, last} 0-based ranks of a rank range, or null when it selects nothing. */
    private static long[] clip(long start, long end, long length) {
        if (start < 0) {
            start += length;
        }
        if (end < 0) {
            end += length;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= length) {
            return null;
        }
        return new long[] {start, Math.min(end, length - 1)};
    }

    /**
     * Members within a score or lex range, from its low end (or high end when reversed), skipping {@code offset}
     * and taking at most {@code limit} (a negative limit takes all; a negative offset leaves nothing, as Redis's
     * loop counting it down to zero never gets there).
     */
    private static List<ZSkipList.Node> byBound(SortedSetValue zset, ZSkipList.Bound bound, boolean reverse,
            long offset, long limit) {
        List<ZSkipList.Node> nodes = new ArrayList<>();
        if (offset < 0 || (offset > 0 && offset >= zset.size())) {
            return nodes;
        }
        ZSkipList.Node node = reverse ? zset.lastIn(bound) : zset.firstIn(bound);
        for (; node != null && offset > 0; offset--) {
            node = reverse ? node.previous() : node.next();
        }
        while (node != null && limit-- != 0 && !(reverse ? bound.belowMin(node) : bound.aboveMax(node))) {
            nodes.add(node);
            node = reverse ? node.previous() : node.next();
        }
        return nodes;
    }

    /**
     * ZRANGESTORE's result: a new set at {@code destination} (replacing whatever was there), or no key at all
     * when the range is empty. Redis creates it listpack-encoded unless it has more members than a listpack holds.
     */
    private static void storeRange(Client client, byte[] destination, List<ZSkipList.Node> nodes) {
        if (nodes.isEmpty()) {
            client.db().delete(destination);
            client.reply().integer(0);
            return;
        }
        SortedSetValue result = new SortedSetValue(nodes.size() <= SortedSetValue.MAX_LISTPACK_ENTRIES);
        for (ZSkipList.Node node : nodes) {
            result.put(node.member(), node.score());
        }
        client.db().put(destination, result);
        client.reply().integer(result.size());
    }

    private static void count(Client client, byte[][] argv, ZSkipList.Bound bound) {
        SortedSetValue zset = SortedSetCommands.zset(client.db().lookup(argv[1]));
        ZSkipList.Node first = zset == null ? null : zset.firstIn(bound);
        client.reply().integer(first == null ? 0 : zset.rank(zset.lastIn(bound)) - zset.rank(first) + 1);
    }

    static void zremrangebyrank(Client client, byte[][] argv) {
        long start = Numbers.parseLong(argv[2]);
        long end = Numbers.parseLong(argv[3]);
        SortedSetValue zset = SortedSetCommands.zset(client.db().lookupWrite(argv[1]));
        long[] span = zset == null ? null : clip(start, end, zset.size());
        remove(client, argv[1], zset, span == null ? List.of() : byRank(zset, span[0], span[1], false));
    }

    private static void removeRange(Client client, byte[][] argv, ZSkipList.Bound bound) {
        SortedSetValue zset = SortedSetCommands.zset(client.db().lookupWrite(argv[1]));
        remove(client, argv[1], zset, zset == null ? List.of() : byBound(zset, bound, false, 0, -1));
    }

    private static void remove(Client client, byte[] key, SortedSetValue zset, List<ZSkipList.Node> nodes) {
        for (ZSkipList.Node node : nodes) {
            zset.remove(node.member());
        }
        if (!nodes.isEmpty()) {
            SortedSetCommands.removed(client, key, zset, nodes.size());
        }
        client.reply().integer(nodes.size());
    }
}
