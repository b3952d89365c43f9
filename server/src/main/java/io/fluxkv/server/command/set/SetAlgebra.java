package io.fluxkv.server.command.set;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.type.SetValue;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.util.Arrays;
import java.util.Comparator;

/**
 * SINTER, SUNION, SDIFF and their STORE and CARD forms (and SMEMBERS, which Redis 7.0 serves as a one-key SINTER):
 * one loader and one operation per kind, ending in one of three replies (the members, their count, or a stored
 * destination). Results are built by adding members to a fresh set one by one, as Redis builds them, so a stored
 * destination gets the encoding Redis would give it.
 */
final class SetAlgebra {
    private SetAlgebra() {
    }

    static void sinter(Client client, byte[][] argv) {
        replyMembers(client, intersection(load(client, argv, 1, argv.length)));
    }

    static void sinterstore(Client client, byte[][] argv) {
        store(client, argv[1], intersection(load(client, argv, 2, argv.length)));
    }

    static void sintercard(Client client, byte[][] argv) {
        String numkeysError = "ERR numkeys should be greater than 0";
        long numkeys = Numbers.parseLong(argv[1], numkeysError);
        if (numkeys < 1) {
            throw new CommandException(numkeysError);
        }
        if (numkeys > argv.length - 2) {
            throw new CommandException("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < argv.length; j++) {
            if (Words.is(argv[j], "limit") && j + 1 < argv.length) {
                String limitError = "ERR LIMIT can't be negative";
                limit = Numbers.parseLong(argv[++j], limitError);
                if (limit < 0) {
                    throw new CommandException(limitError);
                }
            } else {
                throw Errors.syntax();
            }
        }
        SetValue[] sets = load(client, argv, 2, 2 + (int) numkeys);
        long cardinality = 0;
        SetValue smallest = smallestOrNull(sets);
        if (smallest != null) {
            for (byte[] member : smallest) {
                if (inAll(member, sets) && ++cardinality == limit) {
                    break;
                }
            }
        }
        client.reply().integer(cardinality);
    }

    static void sunion(Client client, byte[][] argv) {
        replyMembers(client, union(load(client, argv, 1, argv.length)));
    }

    static void sunionstore(Client client, byte[][] argv) {
        store(client, argv[1], union(load(client, argv, 2, argv.length)));
    }

    static void sdiff(Client client, byte[][] argv) {
        replyMembers(client, difference(load(client, argv, 1, argv.length)));
    }

    static void sdiffstore(Client client, byte[][] argv) {
        store(client, argv[1], difference(load(client, argv, 2, argv.length)));
    }

    /** The sets at {@code argv[from..to)}, null for a missing key; WRONGTYPE if any key holds another type. */
    private static SetValue[] load(Client client, byte[][] argv, int from, int to) {
        SetValue[] sets = new SetValue[to - from];
        for (int i = from; i < to; i++) {
            sets[i - from] = SetCommands.setOrNull(client.db().lookup(argv[i]));
        }
        return sets;
    }

    /** The smallest set, or null when a key is missing (the intersection is then empty). */
    private static SetValue smallestOrNull(SetValue[] sets) {
        if (Arrays.asList(sets).contains(null)) {
            return null;
        }
        return Arrays.stream(sets).min(Comparator.comparingInt(SetValue::size)).orElseThrow();
    }

    private static boolean inAll(byte[] member, SetValue[] sets) {
        for (SetValue set : sets) {
            if (!set.contains(member)) {
                return false;
            }
        }
        return true;
    }

    private static SetValue intersection(SetValue[] sets) {
        SetValue result = new SetValue();
        SetValue smallest = smallestOrNull(sets);
        if (smallest != null) {
            for (byte[] member : smallest) {
                if (inAll(member, sets)) {
                    result.add(member);
                }
            }
        }
        return result;
    }

    private static SetValue union(SetValue[] sets) {
        SetValue result = new SetValue();
        for (SetValue set : sets) {
            if (set != null) {
                set.forEach(result::add);
            }
        }
        return result;
    }

    /**
     * The members of the first set in none of the others, by the algorithm Redis would pick (its work estimate):
     * filtering the first set, or copying it and removing the others. The two can leave different encodings (a
     * copy that went "hashtable" stays so after removals), so the choice is Redis's, not ours.
     */
    private static SetValue difference(SetValue[] sets) {
        SetValue result = new SetValue();
        SetValue first = sets[0];
        if (first == null) {
            return result;
        }
        long filterWork = 0;
        long removeWork = 0;
        for (SetValue set : sets) {
            if (set != null) {
                filterWork += first.size();
                removeWork += set.size();
            }
        }
        if (filterWork / 2 <= removeWork) {
            for (byte[] member : first) {
                if (!inAny(member, sets)) {
                    result.add(member);
                }
            }
            return result;
        }
        first.forEach(result::add);
        for (int i = 1; i < sets.length && result.size() > 0; i++) {
            if (sets[i] != null) {
                sets[i].forEach(result::remove);
            }
        }
        return result;
    }

    /** Whether {@code member} is in any set after the first. */
    private static boolean inAny(byte[] member, SetValue[] sets) {
        for (int i = 1; i < sets.length; i++) {
            if (sets[i] != null && sets[i].contains(member)) {
                return true;
            }
        }
        return false;
    }

    private static void replyMembers(Client client, SetValue result) {
        RespWriter reply = client.reply();
        reply.setHeader(result.size());
        result.forEach(reply::bulk);
    }

    /** Replaces {@code destination} with {@code result}, or deletes it when the result is empty. */
    private static void store(Client client, byte[] destination, SetValue result) {
        if (result.size() > 0) {
            client.db().put(destination, result);
        } else {
            client.db().delete(destination);
        }
        client.reply().integer(result.size());
    }
}
