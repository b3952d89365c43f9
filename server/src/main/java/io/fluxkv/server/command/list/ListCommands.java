package io.fluxkv.server.command.list;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.aof.Effect;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.type.ListValue;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.util.Arrays;
import java.util.List;

/**
 * Lists (Redis's t_list.c) commands, with Redis 7.0's replies, errors and order of checks: each command parses its
 * arguments before or after looking up the key exactly where Redis does, since that decides which error wins.
 * <p>
 * A list that becomes empty is deleted at once. INFO's change counter moves as Redis's {@code server.dirty} does
 * (one per element pushed, popped or removed); {@link Database#put} and {@link Database#delete} count one change
 * themselves where Redis's dbAdd/dbDelete count none, so the counts below are net of those.
 */
public final class ListCommands {
    private static final String OUT_OF_RANGE = "ERR index out of range";
    private static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

    private ListCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("lpush", (client, argv) -> push(client, argv, true, false));
        binder.bind("rpush", (client, argv) -> push(client, argv, false, false));
        binder.bind("lpushx", (client, argv) -> push(client, argv, true, true));
        binder.bind("rpushx", (client, argv) -> push(client, argv, false, true));
        binder.bind("lpop", (client, argv) -> pop(client, argv, true));
        binder.bind("rpop", (client, argv) -> pop(client, argv, false));
        binder.bind("llen", ListCommands::llen);
        binder.bind("lrange", ListCommands::lrange);
        binder.bind("lindex", ListCommands::lindex);
        binder.bind("lset", ListCommands::lset);
        binder.bind("linsert", ListCommands::linsert);
        binder.bind("lrem", ListCommands::lrem);
        binder.bind("ltrim", ListCommands::ltrim);
        binder.bind("lpos", ListCommands::lpos);
        binder.bind("lmove", (client, argv) -> move(client, argv[1], argv[2], isLeft(argv[3]), isLeft(argv[4])));
        binder.bind("rpoplpush", (client, argv) -> move(client, argv[1], argv[2], false, true));
        binder.bind("lmpop", ListCommands::lmpop);
    }

    /** The list at {@code entry}, null for a missing key, WRONGTYPE for any other type. */
    public static ListValue list(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof ListValue list) {
            return list;
        }
        throw Errors.wrongType();
    }

    /** LEFT or RIGHT (Redis's getListPositionFromObjectOrReply); a syntax error otherwise. */
    public static boolean isLeft(byte[] arg) {
        if (Words.is(arg, "left")) {
            return true;
        }
        if (Words.is(arg, "right")) {
            return false;
        }
        throw Errors.syntax();
    }

    /** A count that must be 0 or more (getPositiveLongFromObjectOrReply): {@code error} if it is not. */
    private static long nonNegative(byte[] arg, String error) {
        long value = Numbers.parseLong(arg, error);
        if (value < 0) {
            throw new CommandException(error);
        }
        return value;
    }

    /** Pushes {@code element} at the head or the tail. */
    public static void pushTo(ListValue list, boolean left, byte[] element) {
        if (left) {
            list.addFirst(element);
        } else {
            list.addLast(element);
        }
    }

    /**
     * Removes up to {@code count} elements from the head or the tail and returns them in the order they were
     * popped (so RPOP's come tail first).
     */
    public static byte[][] popFrom(ListValue list, boolean left, int count) {
        byte[][] popped = new byte[Math.min(count, list.size())][];
        for (int i = 0; i < popped.length; i++) {
            popped[i] = left ? list.removeFirst() : list.removeLast();
        }
        return popped;
    }

    /**
     * Counts {@code removed} changes to the list at {@code key} and deletes the key if the list is now empty, as
     * Redis's listElementsRemoved does after every pop.
     */
    public static void elementsRemoved(Database db, byte[] key, ListValue list, long removed) {
        if (list.isEmpty()) {
            db.delete(key);
            removed--;
        }
        db.store().countChanges(removed);
    }

    /** LPUSH, RPUSH and (with {@code onlyExisting}) LPUSHX, RPUSHX. */
    static void push(Client client, byte[][] argv, boolean left, boolean onlyExisting) {
        Database db = client.db();
        ListValue list = list(db.lookupWrite(argv[1]));
        int pushed = argv.length - 2;
        if (list == null) {
            if (onlyExisting) {
                client.reply().integer(0);
                return;
            }
            list = new ListValue();
            db.put(argv[1], list);
            pushed--;
        }
        for (int i = 2; i < argv.length; i++) {
            pushTo(list, left, argv[i]);
        }
        db.store().countChanges(pushed);
        client.reply().integer(list.size());
    }

    /** LPOP and RPOP, with or without a count. */
    static void pop(Client client, byte[][] argv, boolean left) {
        if (argv.length > 3) {
            throw Errors.wrongArity(left ? "lpop" : "rpop");
        }
        boolean hasCount = argv.length == 3;
        long count = hasCount ? nonNegative(argv[2], NOT_POSITIVE) : 1;
        Database db = client.db();
        RespWriter reply = client.reply();
        ListValue list = list(db.lookupWrite(argv[1]));
        if (list == null) {
            if (hasCount) {
                reply.nullArray();
            } else {
                reply.nullBulk();
            }
            return;
        }
        if (count == 0) {
            reply.arrayHeader(0);
            return;
        }
        byte[][] popped = popFrom(list, left, (int) Math.min(count, Integer.MAX_VALUE));
        if (hasCount) {
            bulks(reply, popped);
        } else {
            reply.bulk(popped[0]);
        }
        elementsRemoved(db, argv[1], list, popped.length);
    }

    private static void bulks(RespWriter reply, byte[][] elements) {
        reply.arrayHeader(elements.length);
        for (byte[] element : elements) {
            reply.bulk(element);
        }
    }

    static void llen(Client client, byte[][] argv) {
        ListValue list = list(client.db().lookup(argv[1]));
        client.reply().integer(list == null ? 0 : list.size());
    }

    static void lrange(Client client, byte[][] argv) {
        long start = Numbers.parseLong(argv[2]);
        long end = Numbers.parseLong(argv[3]);
        ListValue list = list(client.db().lookup(argv[1]));
        RespWriter reply = client.reply();
        int size = list == null ? 0 : list.size();
        // Redis's addListRangeReply: negative indexes count from the end; the range is clamped to the list.
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (end < 0) {
            end = size + end;
        }
        if (start > end || start >= size) {
            reply.arrayHeader(0);
            return;
        }
        int last = (int) Math.min(end, size - 1);
        reply.arrayHeader(last - start + 1);
        for (int i = (int) start; i <= last; i++) {
            reply.bulk(list.get(i));
        }
    }

    /** The position {@code index} names in a list of {@code size} (negative: from the tail), or -1 if none. */
    private static int position(long index, int size) {
        long at = index < 0 ? size + index : index;
        return at >= 0 && at < size ? (int) at : -1;
    }

    static void lindex(Client client, byte[][] argv) {
        ListValue list = list(client.db().lookup(argv[1]));
        if (list == null) {
            client.reply().nullBulk();
            return;
        }
        int at = position(Numbers.parseLong(argv[2]), list.size());
        if (at < 0) {
            client.reply().nullBulk();
        } else {
            client.reply().bulk(list.get(at));
        }
    }

    static void lset(Client client, byte[][] argv) {
        Database db = client.db();
        ListValue list = list(db.lookupWrite(argv[1]));
        if (list == null) {
            throw new CommandException(Errors.NO_SUCH_KEY);
        }
        int at = position(Numbers.parseLong(argv[2]), list.size());
        if (at < 0) {
            throw new CommandException(OUT_OF_RANGE);
        }
        list.set(at, argv[3]);
        db.store().countChanges(1);
        client.reply().ok();
    }

    static void linsert(Client client, byte[][] argv) {
        boolean after;
        if (Words.is(argv[2], "after")) {
            after = true;
        } else if (Words.is(argv[2], "before")) {
            after = false;
        } else {
            throw Errors.syntax();
        }
        Database db = client.db();
        ListValue list = list(db.lookupWrite(argv[1]));
        if (list == null) {
            client.reply().integer(0);
            return;
        }
        int pivot = list.indexOf(argv[3]);
        if (pivot < 0) {
            client.reply().integer(-1);
            return;
        }
        list.insert(after ? pivot + 1 : pivot, argv[4]);
        db.store().countChanges(1);
        client.reply().integer(list.size());
    }

    static void lrem(Client client, byte[][] argv) {
        long count = Numbers.parseLong(argv[2]);
        Database db = client.db();
        ListValue list = list(db.lookupWrite(argv[1]));
        if (list == null) {
            client.reply().integer(0);
            return;
        }
        // A negative count removes from the tail; Long.MIN_VALUE has no positive twin but means "that many" too.
        long limit = count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
        int removed = list.removeMatching(argv[3], limit, count < 0);
        elementsRemoved(db, argv[1], list, removed);
        client.reply().integer(removed);
    }

    static void ltrim(Client client, byte[][] argv) {
        long start = Numbers.parseLong(argv[2]);
        long end = Numbers.parseLong(argv[3]);
        Database db = client.db();
        ListValue list = list(db.lookupWrite(argv[1]));
        if (list == null) {
            client.reply().ok();
            return;
        }
        int size = list.size();
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (end < 0) {
            end = size + end;
        }
        int fromHead;
        int fromTail;
        if (start > end || start >= size) {
            fromHead = size;
            fromTail = 0;
        } else {
            fromHead = (int) start;
            fromTail = size - (int) Math.min(end, size - 1) - 1;
        }
        list.removeFirst(fromHead);
        list.removeLast(fromTail);
        elementsRemoved(db, argv[1], list, fromHead + fromTail);
        client.reply().ok();
    }

    static void lpos(Client client, byte[][] argv) {
        long rank = 1;
        long count = -1; // -1: no COUNT option, reply with one index rather than an array
        long maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (more && Words.is(argv[j], "rank")) {
                rank = Numbers.parseLong(argv[++j]);
                if (rank == 0) {
                    throw new CommandException("ERR RANK can't be zero: use 1 to start from the first match, 2 from "
                            + "the second ... or use negative to start from the end of the list");
                }
            } else if (more && Words.is(argv[j], "count")) {
                count = nonNegative(argv[++j], "ERR COUNT can't be negative");
            } else if (more && Words.is(argv[j], "maxlen")) {
                maxlen = nonNegative(argv[++j], "ERR MAXLEN can't be negative");
            } else {
                throw Errors.syntax();
            }
        }
        boolean fromTail = rank < 0;
        // As in Redis, negating Long.MIN_VALUE leaves it negative, so that rank is met by the first match.
        rank = fromTail ? -rank : rank;
        ListValue list = list(client.db().lookup(argv[1]));
        RespWriter reply = client.reply();
        if (list == null) {
            if (count != -1) {
                reply.arrayHeader(0);
            } else {
                reply.nullBulk();
            }
            return;
        }
        int size = list.size();
        long limit = maxlen == 0 ? size : Math.min(maxlen, size);
        // COUNT 0 asks for every match; without COUNT the first one will do.
        long wanted = count == -1 ? 1 : count == 0 ? size : count;
        long[] found = new long[(int) Math.min(wanted, 16)];
        int foundCount = 0;
        long matches = 0;
        for (int scanned = 0; scanned < limit && foundCount < wanted; scanned++) {
            int at = fromTail ? size - 1 - scanned : scanned;
            if (Arrays.equals(list.get(at), argv[2]) && ++matches >= rank) {
                if (foundCount == found.length) {
                    found = Arrays.copyOf(found, foundCount * 2);
                }
                found[foundCount++] = at;
            }
        }
        if (count != -1) {
            reply.arrayHeader(foundCount);
            for (int i = 0; i < foundCount; i++) {
                reply.integer(found[i]);
            }
        } else if (foundCount == 0) {
            reply.nullBulk();
        } else {
            reply.integer(found[0]);
        }
    }

    /**
     * LMOVE and RPOPLPUSH: pops from one end of {@code source} and pushes onto one end of {@code destination}
     * (the same list when the keys are equal: a rotation). Nothing moves when the source is missing, and a
     * destination of another type is WRONGTYPE before anything is popped.
     */
    public static void move(Client client, byte[] source, byte[] destination, boolean fromLeft, boolean toLeft) {
        Database db = client.db();
        ListValue from = list(db.lookupWrite(source));
        if (from == null) {
            client.reply().nullBulk();
            return;
        }
        ListValue to = list(db.lookupWrite(destination));
        byte[] element = fromLeft ? from.removeFirst() : from.removeLast();
        // Redis counts one change for the whole move, whatever keys it creates or deletes.
        long changes = 1;
        if (to == null) {
            to = new ListValue();
            db.put(destination, to);
            changes--;
        }
        pushTo(to, toLeft, element);
        if (from.isEmpty()) {
            db.delete(source);
            changes--;
        }
        db.store().countChanges(changes);
        client.logAs(Effect.lmove(source, destination, fromLeft, toLeft));
        client.reply().bulk(element);
    }

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: pops from the first non-empty list. */
    static void lmpop(Client client, byte[][] argv) {
        if (!popFirstNonEmpty(client, MultiPop.parse(argv, 1))) {
            client.reply().nullArray();
        }
    }

    /** The arguments of LMPOP (and BLMPOP, from {@code numkeysAt}): the keys, the end, how many. */
    public record MultiPop(List<byte[]> keys, boolean left, int count) {
        public static MultiPop parse(byte[][] argv, int numkeysAt) {
            long numkeys = atLeastOne(argv[numkeysAt], "ERR numkeys should be greater than 0");
            // Compared before adding, so that a huge numkeys cannot overflow the position of LEFT|RIGHT.
            if (numkeys >= argv.length - numkeysAt - 1) {
                throw Errors.syntax();
            }
            int whereAt = numkeysAt + 1 + (int) numkeys;
            boolean left = isLeft(argv[whereAt]);
            long count = 0; // 0: no COUNT given, which pops one element
            for (int j = whereAt + 1; j < argv.length; j++) {
                if (count == 0 && j + 1 < argv.length && Words.is(argv[j], "count")) {
                    count = atLeastOne(argv[++j], "ERR count should be greater than 0");
                } else {
                    throw Errors.syntax();
                }
            }
            return new MultiPop(Arrays.asList(argv).subList(numkeysAt + 1, whereAt), left,
                    (int) Math.min(Math.max(count, 1), Integer.MAX_VALUE));
        }
    }

    /** Pops from the first non-empty list of {@code pop}'s keys and replies [key, elements]; false if none. */
    public static boolean popFirstNonEmpty(Client client, MultiPop pop) {
        Database db = client.db();
        for (byte[] key : pop.keys()) {
            ListValue list = list(db.lookupWrite(key));
            if (list != null) {
                byte[][] popped = popFrom(list, pop.left(), pop.count());
                RespWriter reply = client.reply();
                reply.arrayHeader(2);
                reply.bulk(key);
                bulks(reply, popped);
                elementsRemoved(db, key, list, popped.length);
                client.logAs(Effect.listPop(key, pop.left(), popped.length));
                return true;
            }
        }
        return false;
    }

    /** A number that must be 1 or more (getRangeLongFromObjectOrReply from 1): {@code error} if it is not. */
    private static long atLeastOne(byte[] arg, String error) {
        long value = Numbers.parseLong(arg, error);
        if (value < 1) {
            throw new CommandException(error);
        }
        return value;
    }
}
