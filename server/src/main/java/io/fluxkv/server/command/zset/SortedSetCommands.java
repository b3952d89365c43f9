package io.fluxkv.server.command.zset;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.aof.Effect;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.command.keyspace.ScanOptions;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.type.SortedSetValue;
import io.fluxkv.server.type.ZSkipList;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sorted sets (Redis's t_zset.c) commands, with Redis 7.0's replies, errors and order of checks. The range
 * commands live in {@link ZRangeCommands}, the set algebra in {@link ZSetAlgebra}.
 * <p>
 * A set emptied by a command is deleted with it. INFO's change counter follows Redis's dirty counter: one per member
 * added, updated or removed, net of the one change {@link Database#put} or {@link Database#delete} already counted
 * where Redis's dbAdd/dbDelete count none.
 */
public final class SortedSetCommands {
    /** Where ZRANDMEMBER with a huge negative count gives up (see {@link #replyWithRepeats}). */

    private SortedSetCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("zadd", (client, argv) -> zadd(client, argv, false));
        binder.bind("zincrby", (client, argv) -> zadd(client, argv, true));
        binder.bind("zrem", SortedSetCommands::zrem);
        binder.bind("zcard", SortedSetCommands::zcard);
        binder.bind("zscore", SortedSetCommands::zscore);
        binder.bind("zmscore", SortedSetCommands::zmscore);
        binder.bind("zrank", (client, argv) -> zrank(client, argv, false));
        binder.bind("zrevrank", (client, argv) -> zrank(client, argv, true));
        binder.bind("zpopmin", (client, argv) -> zpopMinMax(client, argv, false));
        binder.bind("zpopmax", (client, argv) -> zpopMinMax(client, argv, true));
        binder.bind("zmpop", SortedSetCommands::zmpop);
        binder.bind("zrandmember", SortedSetCommands::zrandmember);
        binder.bind("zscan", SortedSetCommands::zscan);
        ZRangeCommands.register(binder);
        ZSetAlgebra.register(binder);
    }

    /** The sorted set at {@code entry}, null for a missing key, WRONGTYPE for any other type. */
    public static SortedSetValue zset(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof SortedSetValue value) {
            return value;
        }
        throw Errors.wrongType();
    }

    static void replyScore(Client client, double score) {
        client.reply().doubleText(Scores.format(score));
    }

    /**
     * Members, with their scores when asked: a flat array in RESP2, an array of [member, score] pairs in RESP3
     * (Redis avoids a map there to keep the order).
     */
    static void replyMembers(Client client, List<byte[]> members, List<Double> scores) {
        RespWriter reply = client.reply();
        boolean pairs = scores != null && reply.resp3();
        reply.arrayHeader(scores != null && !pairs ? members.size() * 2L : members.size());
        for (int i = 0; i < members.size(); i++) {
            if (pairs) {
                reply.arrayHeader(2);
            }
            reply.bulk(members.get(i));
            if (scores != null) {
                replyScore(client, scores.get(i));
            }
        }
    }

    /**
     * After {@code removed} members left the set at {@code key}: deletes the key if the set is now empty and counts
     * the changes.
     */
    static void removed(Client client, byte[] key, SortedSetValue zset, long removed) {
        boolean emptied = zset.size() == 0;
        if (emptied) {
            client.db().delete(key);
        }
        client.db().store().countChanges(emptied ? removed - 1 : removed);
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], and ZINCRBY as ZADD INCR. */
    static void zadd(Client client, byte[][] argv, boolean incrOnly) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = incrOnly;
        int scoreIndex = 2;
        for (; scoreIndex < argv.length; scoreIndex++) {
            byte[] opt = argv[scoreIndex];
            if (Words.is(opt, "nx")) {
                nx = true;
            } else if (Words.is(opt, "xx")) {
                xx = true;
            } else if (Words.is(opt, "ch")) {
                ch = true;
            } else if (Words.is(opt, "incr")) {
                incr = true;
            } else if (Words.is(opt, "gt")) {
                gt = true;
            } else if (Words.is(opt, "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int elements = argv.length - scoreIndex;
        if (elements == 0 || elements % 2 != 0) {
            throw Errors.syntax();
        }
        elements /= 2;
        if (nx && xx) {
            throw new CommandException("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new CommandException("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = Scores.parse(argv[scoreIndex + j * 2]);
        }
        Database db = client.db();
        byte[] key = argv[1];
        SortedSetValue zset = zset(db.lookupWrite(key));
        int added = 0;
        int updated = 0;
        boolean processed = false;
        double score = 0;
        boolean created = zset == null && !xx;
        if (created) {
            zset = SortedSetValue.forFirstMember(argv[scoreIndex + 1].length);
            db.put(key, zset);
        }
        for (int j = 0; zset != null && j < elements; j++) {
            byte[] member = argv[scoreIndex + 1 + j * 2];
            score = scores[j];
            Double current = zset.score(member);
            if (current != null) {
                if (nx) {
                    continue;
                }
                if (incr) {
                    score += current;
                    if (Double.isNaN(score)) {
                        throw new CommandException("ERR resulting score is not a number (NaN)");
                    }
                }
                if ((lt && score >= current) || (gt && score <= current)) {
                    continue;
                }
                processed = true;
                // C's != : -0 and 0 are the same score, so no update.
                if (score != current) {
                    zset.put(member, score);
                    updated++;
                }
            } else if (!xx) {
                zset.put(member, score);
                processed = true;
                added++;
            }
        }
        db.store().countChanges(created ? added + updated - 1 : added + updated);
        if (incr) {
            if (processed) {
                // The computed score, even where a listpack stores -0 as 0.
                replyScore(client, score);
            } else {
                client.reply().nullBulk();
            }
        } else {
            client.reply().integer(ch ? added + updated : added);
        }
    }

    static void zrem(Client client, byte[][] argv) {
        SortedSetValue zset = zset(client.db().lookupWrite(argv[1]));
        int deleted = 0;
        for (int j = 2; zset != null && j < argv.length && zset.size() > 0; j++) {
            if (zset.remove(argv[j])) {
                deleted++;
            }
        }
        if (deleted > 0) {
            removed(client, argv[1], zset, deleted);
        }
        client.reply().integer(deleted);
    }

    static void zcard(Client client, byte[][] argv) {
        SortedSetValue zset = zset(client.db().lookup(argv[1]));
        client.reply().integer(zset == null ? 0 : zset.size());
    }

    static void zscore(Client client, byte[][] argv) {
        SortedSetValue zset = zset(client.db().lookup(argv[1]));
        Double score = zset == null ? null : zset.score(argv[2]);
        if (score == null) {
            client.reply().nullBulk();
        } else {
            replyScore(client, score);
        }
    }

    static void zmscore(Client client, byte[][] argv) {
        SortedSetValue zset = zset(client.db().lookup(argv[1]));
        client.reply().arrayHeader(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            Double score = zset == null ? null : zset.score(argv[j]);
            if (score == null) {
                client.reply().nullBulk();
            } else {
                replyScore(client, score);
            }
        }
    }

    static void zrank(Client client, byte[][] argv, boolean reverse) {
        SortedSetValue zset = zset(client.db().lookup(argv[1]));
        long rank = zset == null ? -1 : zset.rank(argv[2]);
        if (rank < 0) {
            client.reply().nullBulk();
        } else {
            client.reply().integer(reverse ? zset.size() - 1 - rank : rank);
        }
    }

    /** ZPOPMIN / ZPOPMAX key [count]. */
    static void zpopMinMax(Client client, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        long count = -1;
        if (argv.length == 3) {
            count = Numbers.parseLong(argv[2], "ERR value is out of range, must be positive");
            if (count < 0) {
                throw new CommandException("ERR value is out of range, must be positive");
            }
        }
        // A count, even 1, asks for pairs in RESP3; without one the reply stays flat.
        boolean nested = client.reply().resp3() && count != -1;
        pop(client, List.of(argv[1]), max, false, count, nested, false);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]. */
    static void zmpop(Client client, byte[][] argv) {
        MultiPop pop = MultiPop.parse(argv, 1);
        pop(client, pop.keys(), pop.max(), true, pop.count(), true, true);
    }

    /** The arguments of ZMPOP (and BZMPOP, from {@code numkeysAt}): the keys, the end, how many. */
    public record MultiPop(List<byte[]> keys, boolean max, long count) {
        public static MultiPop parse(byte[][] argv, int numkeysAt) {
            long numkeys = positive(argv[numkeysAt], "ERR numkeys should be greater than 0");
            // Compared this way round so that a huge numkeys cannot overflow the index.
            if (numkeys > argv.length - numkeysAt - 2) {
                throw Errors.syntax();
            }
            int whereIndex = numkeysAt + 1 + (int) numkeys;
            boolean max;
            if (Words.is(argv[whereIndex], "min")) {
                max = false;
            } else if (Words.is(argv[whereIndex], "max")) {
                max = true;
            } else {
                throw Errors.syntax();
            }
            long count = -1;
            for (int j = whereIndex + 1; j < argv.length; j++) {
                if (count == -1 && Words.is(argv[j], "count") && j + 1 < argv.length) {
                    count = positive(argv[++j], "ERR count should be greater than 0");
                } else {
                    throw Errors.syntax();
                }
            }
            return new MultiPop(Arrays.asList(argv).subList(numkeysAt + 1, whereIndex), max,
                    count == -1 ? 1 : count);
        }
    }

    /** An integer of at least 1, else {@code error} (also for what is no integer at all). */
    private static long positive(byte[] arg, String error) {
        long value = Numbers.parseLong(arg, error);
        if (value < 1) {
            throw new CommandException(error);
        }
        return value;
    }

    /**
     * Redis's genericZpopCommand, also for the blocking pops: pops up to {@code count} (-1 meaning one) members
     * from the lowest ({@code max} false) or highest end of the set at the first of {@code keys} that exists.
     *
     * @param emitKey          lead with the key: [key, [members]] when nested (ZMPOP), [key, m, s, ...] when not
     * @param nested           members as [member, score] pairs rather than a flat list
     * @param nullWhenNoneFound reply a null array, not an empty one, when no key holds a set
     */
    public static void pop(Client client, List<byte[]> keys, boolean max, boolean emitKey, long count,
            boolean nested, boolean nullWhenNoneFound) {
        Database db = client.db();
        byte[] key = null;
        SortedSetValue zset = null;
        for (byte[] candidate : keys) {
            zset = zset(db.lookupWrite(candidate));
            if (zset != null) {
                key = candidate;
                break;
            }
        }
        RespWriter reply = client.reply();
        if (zset == null) {
            if (nullWhenNoneFound) {
                reply.nullArray();
            } else {
                reply.arrayHeader(0);
            }
            return;
        }
        if (count == 0) {
            reply.arrayHeader(0);
            return;
        }
        long popped = Math.min(count == -1 ? 1 : count, zset.size());
        if (emitKey && nested) {
            reply.arrayHeader(2);
            reply.bulk(key);
            reply.arrayHeader(popped);
        } else if (emitKey) {
            // BZPOPMIN/BZPOPMAX: one flat array, the key then member/score pairs.
            reply.arrayHeader(popped * 2 + 1);
            reply.bulk(key);
        } else {
            reply.arrayHeader(nested ? popped : popped * 2);
        }
        for (long i = 0; i < popped; i++) {
            ZSkipList.Node node = max ? zset.last() : zset.first();
            byte[] member = node.member();
            double score = node.score();
            zset.remove(member);
            if (nested) {
                reply.arrayHeader(2);
            }
            reply.bulk(member);
            replyScore(client, score);
        }
        removed(client, key, zset, popped);
        client.logAs(Effect.zpop(key, !max, popped));
    }

    /** ZRANDMEMBER key [count [WITHSCORES]]. */
    static void zrandmember(Client client, byte[][] argv) {
        if (argv.length == 2) {
            SortedSetValue zset = zset(client.db().lookup(argv[1]));
            if (zset == null) {
                client.reply().nullBulk();
            } else {
                client.reply().bulk(RandomMembers.any(zset).member());
            }
            return;
        }
        long count = Numbers.parseLong(argv[2]);
        if (count == Long.MIN_VALUE) {
            throw new CommandException("ERR value is out of range, value must between " + -Long.MAX_VALUE
                    + " and " + Long.MAX_VALUE);
        }
        boolean withScores = false;
        if (argv.length > 4 || (argv.length == 4 && !Words.is(argv[3], "withscores"))) {
            throw Errors.syntax();
        } else if (argv.length == 4) {
            withScores = true;
            if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
                throw new CommandException("ERR value is out of range");
            }
        }
        SortedSetValue zset = zset(client.db().lookup(argv[1]));
        if (zset == null || count == 0) {
            client.reply().arrayHeader(0);
            return;
        }
        if (count < 0) {
            replyWithRepeats(client, zset, -count, withScores);
            return;
        }
        List<ZSkipList.Node> picked = RandomMembers.distinct(zset, count);
        List<byte[]> members = new ArrayList<>(picked.size());
        List<Double> scores = withScores ? new ArrayList<>(picked.size()) : null;
        for (ZSkipList.Node node : picked) {
            members.add(node.member());
            if (withScores) {
                scores.add(node.score());
            }
        }
        replyMembers(client, members, scores);
    }

    /**
     * ZRANDMEMBER with a negative count: {@code picks} members drawn independently, streamed out. A huge count
     * would go on for ever; Redis stops when its output-buffer limit closes the client, this node when the reply
     * passes {@link Client#MAX_REPLY_BYTES} (and then closes the connection).
     */
    private static void replyWithRepeats(Client client, SortedSetValue zset, long picks, boolean withScores) {
        RespWriter reply = client.reply();
        boolean pairs = withScores && reply.resp3();
        reply.arrayHeader(withScores && !pairs ? picks * 2 : picks);
        for (long i = 0; i < picks; i++) {
            ZSkipList.Node node = RandomMembers.any(zset);
            if (pairs) {
                reply.arrayHeader(2);
            }
            reply.bulk(node.member());
            if (withScores) {
                replyScore(client, node.score());
            }
            if (client.replyOverLimit()) {
                return;
            }
        }
    }

    /**
     * ZSCAN key cursor [MATCH pattern] [COUNT count]. A listpack-encoded set comes whole in one step with cursor
     * 0, as in Redis; a larger one is walked through its member table with Redis's loop: buckets until COUNT
     * members are gathered (or ten times as many buckets tried), MATCH applied afterwards.
     */
    static void zscan(Client client, byte[][] argv) {
        long cursor = ScanOptions.parseCursor(argv[2]);
        SortedSetValue zset = zset(client.db().lookup(argv[1]));
        if (zset == null) {
            ScanOptions.reply(client, 0, List.of());
            return;
        }
        ScanOptions options = ScanOptions.parse(argv, 3, false);
        List<byte[]> elements = new ArrayList<>();
        if (zset.isListpack()) {
            for (ZSkipList.Node n = zset.first(); n != null; n = n.next()) {
                addScanned(options, elements, n.member(), Scores.listpackForm(n.score()));
            }
            ScanOptions.reply(client, 0, elements);
            return;
        }
        List<ZSkipList.Node> visited = new ArrayList<>();
        long attempts = 20L * options.count();
        do {
            cursor = zset.scan(cursor, visited::add);
        } while (cursor != 0 && attempts-- > 0 && visited.size() < options.count());
        for (ZSkipList.Node n : visited) {
            addScanned(options, elements, n.member(), Scores.format(n.score()));
        }
        ScanOptions.reply(client, cursor, elements);
    }

    private static void addScanned(ScanOptions options, List<byte[]> elements, byte[] member, byte[] score) {
        if (options.matches(member)) {
            elements.add(member);
            elements.add(score);
        }
    }
}
