package io.fluxkv.server.command.set;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.aof.Effect;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.command.keyspace.ScanOptions;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.type.SetValue;
import io.fluxkv.server.util.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sets (Redis's t_set.c) commands. A set emptied by a command is deleted with it. Change counts (the "dirty"
 * counter) follow Redis: one per member added or removed, wherever the store's put or delete already counted one.
 */
public final class SetCommands {
    /**
     * SRANDMEMBER with a huge negative count would repeat forever; Redis stops when the client is closed for its
     * output buffer. This node stops (and closes the connection) when the reply grows past this many bytes.
     */

    private SetCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("sadd", SetCommands::sadd);
        binder.bind("srem", SetCommands::srem);
        binder.bind("smove", SetCommands::smove);
        binder.bind("sismember", SetCommands::sismember);
        binder.bind("smismember", SetCommands::smismember);
        binder.bind("scard", SetCommands::scard);
        binder.bind("spop", SetCommands::spop);
        binder.bind("srandmember", SetCommands::srandmember);
        binder.bind("sscan", SetCommands::sscan);
        binder.bind("smembers", SetAlgebra::sinter);
        binder.bind("sinter", SetAlgebra::sinter);
        binder.bind("sintercard", SetAlgebra::sintercard);
        binder.bind("sinterstore", SetAlgebra::sinterstore);
        binder.bind("sunion", SetAlgebra::sunion);
        binder.bind("sunionstore", SetAlgebra::sunionstore);
        binder.bind("sdiff", SetAlgebra::sdiff);
        binder.bind("sdiffstore", SetAlgebra::sdiffstore);
    }

    /** The set an entry holds, null for no entry; WRONGTYPE for a value of another type. */
    static SetValue setOrNull(Entry entry) {
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof SetValue set) {
            return set;
        }
        throw Errors.wrongType();
    }

    /** Counts {@code changes} beyond the ones the store already counted for a put or delete. */
    private static void countChanges(Client client, long changes) {
        if (changes != 0) {
            client.db().store().countChanges(changes);
        }
    }

    static void sadd(Client client, byte[][] argv) {
        Database db = client.db();
        SetValue set = setOrNull(db.lookupWrite(argv[1]));
        boolean created = set == null;
        if (created) {
            set = new SetValue();
        }
        int added = 0;
        for (int j = 2; j < argv.length; j++) {
            if (set.add(argv[j])) {
                added++;
            }
        }
        if (created) {
            db.put(argv[1], set);
        }
        countChanges(client, created ? added - 1 : added);
        client.reply().integer(added);
    }

    static void srem(Client client, byte[][] argv) {
        Database db = client.db();
        SetValue set = setOrNull(db.lookupWrite(argv[1]));
        int removed = 0;
        boolean deleted = false;
        for (int j = 2; set != null && j < argv.length && !deleted; j++) {
            if (set.remove(argv[j])) {
                removed++;
                deleted = set.size() == 0 && db.delete(argv[1]);
            }
        }
        countChanges(client, deleted ? removed - 1 : removed);
        client.reply().integer(removed);
    }

    static void smove(Client client, byte[][] argv) {
        Database db = client.db();
        Entry sourceEntry = db.lookupWrite(argv[1]);
        Entry destinationEntry = db.lookupWrite(argv[2]);
        if (sourceEntry == null) {
            // Redis answers 0 for a missing source before it looks at the destination's type.
            client.reply().integer(0);
            return;
        }
        SetValue source = setOrNull(sourceEntry);
        SetValue destination = setOrNull(destinationEntry);
        byte[] member = argv[3];
        if (Arrays.equals(argv[1], argv[2])) {
            client.reply().integer(source.contains(member) ? 1 : 0);
            return;
        }
        if (!source.remove(member)) {
            client.reply().integer(0);
            return;
        }
        long changes = 1;
        if (source.size() == 0 && db.delete(argv[1])) {
            changes--;
        }
        if (destination == null) {
            destination = new SetValue();
            db.put(argv[2], destination);
            changes--;
        }
        if (destination.add(member)) {
            changes++;
        }
        countChanges(client, changes);
        client.reply().integer(1);
    }

    static void sismember(Client client, byte[][] argv) {
        SetValue set = setOrNull(client.db().lookup(argv[1]));
        client.reply().integer(set != null && set.contains(argv[2]) ? 1 : 0);
    }

    static void smismember(Client client, byte[][] argv) {
        SetValue set = setOrNull(client.db().lookup(argv[1]));
        RespWriter reply = client.reply();
        reply.arrayHeader(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            reply.integer(set != null && set.contains(argv[j]) ? 1 : 0);
        }
    }

    static void scard(Client client, byte[][] argv) {
        SetValue set = setOrNull(client.db().lookup(argv[1]));
        client.reply().integer(set == null ? 0 : set.size());
    }

    static void spop(Client client, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        if (argv.length == 3) {
            spopCount(client, argv);
            return;
        }
        Database db = client.db();
        SetValue set = setOrNull(db.lookupWrite(argv[1]));
        if (set == null) {
            client.reply().nullBulk();
            return;
        }
        byte[] member = set.popRandom();
        client.reply().bulk(member);
        client.logAs(Effect.srem(argv[1], new byte[][] {member}, 1));
        if (set.size() == 0) {
            db.delete(argv[1]);
        } else {
            countChanges(client, 1);
        }
    }

    private static void spopCount(Client client, byte[][] argv) {
        // Redis words every bad count, not only a negative one, this way.
        String countError = "ERR value is out of range, must be positive";
        long count = Numbers.parseLong(argv[2], countError);
        if (count < 0) {
            throw new CommandException(countError);
        }
        Database db = client.db();
        SetValue set = setOrNull(db.lookupWrite(argv[1]));
        RespWriter reply = client.reply();
        if (set == null || count == 0) {
            reply.setHeader(0);
            return;
        }
        int size = set.size();
        if (count >= size) {
            reply.setHeader(size);
            set.forEach(reply::bulk);
            db.delete(argv[1]);
            client.logAs(Effect.del(argv[1]));
            countChanges(client, size - 1);
            return;
        }
        reply.setHeader(count);
        byte[][] popped = new byte[(int) count][];
        for (int i = 0; i < count; i++) {
            popped[i] = set.popRandom();
            reply.bulk(popped[i]);
        }
        // The members the random pick took, so replay removes the same ones.
        client.logAs(Effect.srem(argv[1], popped, popped.length));
        countChanges(client, count);
    }

    static void srandmember(Client client, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        if (argv.length == 3) {
            srandmemberCount(client, argv);
            return;
        }
        SetValue set = setOrNull(client.db().lookup(argv[1]));
        if (set == null) {
            client.reply().nullBulk();
            return;
        }
        client.reply().bulk(set.memberAt(set.randomPosition()));
    }

    /** A positive count picks distinct members; a negative one picks -count times, with repetition. */
    private static void srandmemberCount(Client client, byte[][] argv) {
        long count = Numbers.parseLong(argv[2]);
        if (count == Long.MIN_VALUE) {
            throw new CommandException("ERR value is out of range, value must between " + -Long.MAX_VALUE + " and "
                    + Long.MAX_VALUE);
        }
        SetValue set = setOrNull(client.db().lookup(argv[1]));
        RespWriter reply = client.reply();
        if (set == null || count == 0) {
            reply.arrayHeader(0);
            return;
        }
        if (count < 0 || count == 1) {
            long picks = Math.abs(count);
            reply.arrayHeader(picks);
            for (long i = 0; i < picks; i++) {
                reply.bulk(set.memberAt(set.randomPosition()));
                if (client.replyOverLimit()) {
                    return;
                }
            }
            return;
        }
        int size = set.size();
        if (count >= size) {
            reply.arrayHeader(size);
            set.forEach(reply::bulk);
            return;
        }
        List<byte[]> picked = new ArrayList<>((int) count);
        if (count * 3 > size) {
            // Many of the members: a partial Fisher-Yates shuffle of all of them.
            List<byte[]> members = new ArrayList<>(size);
            set.forEach(members::add);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(size - i);
                picked.add(members.set(j, members.get(i)));
            }
        } else {
            // Few of them: uniform picks, dropping repeats.
            Set<Integer> positions = new HashSet<>();
            while (positions.size() < count) {
                int position = set.randomPosition();
                if (positions.add(position)) {
                    picked.add(set.memberAt(position));
                }
            }
        }
        reply.arrayHeader(picked.size());
        picked.forEach(reply::bulk);
    }

    static void sscan(Client client, byte[][] argv) {
        long cursor = ScanOptions.parseCursor(argv[2]);
        SetValue set = setOrNull(client.db().lookup(argv[1]));
        if (set == null) {
            ScanOptions.reply(client, 0, List.of());
            return;
        }
        ScanOptions options = ScanOptions.parse(argv, 3, false);
        List<byte[]> found = new ArrayList<>();
        long next = set.scan(cursor, options.count(), member -> {
            if (options.matches(member)) {
                found.add(member);
            }
        });
        ScanOptions.reply(client, next, found);
    }
}
