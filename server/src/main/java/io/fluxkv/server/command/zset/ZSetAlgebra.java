package io.fluxkv.server.command.zset;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.store.Entry;
import io.fluxkv.server.type.SetValue;
import io.fluxkv.server.type.SortedSetValue;
import io.fluxkv.server.type.ZSkipList;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ObjDoubleConsumer;

/**
 * ZUNION, ZINTER, ZDIFF and their STORE forms: one core (Redis's zunionInterDiffGenericCommand). Inputs may be
 * sorted sets or plain sets (whose members all score 1); a missing key is an empty input.
 */
final class ZSetAlgebra {
    private ZSetAlgebra() {
    }

    enum Op { UNION, INTER, DIFF }

    enum Aggregate { SUM, MIN, MAX }

    static void register(HandlerBinder binder) {
        binder.bind("zunionstore", (c, argv) -> compute(c, argv, argv[1], 2, Op.UNION));
        binder.bind("zinterstore", (c, argv) -> compute(c, argv, argv[1], 2, Op.INTER));
        binder.bind("zdiffstore", (c, argv) -> compute(c, argv, argv[1], 2, Op.DIFF));
        binder.bind("zunion", (c, argv) -> compute(c, argv, null, 1, Op.UNION));
        binder.bind("zinter", (c, argv) -> compute(c, argv, null, 1, Op.INTER));
        binder.bind("zdiff", (c, argv) -> compute(c, argv, null, 1, Op.DIFF));
    }

    /** One input: a sorted set or a set (or null for a missing key), and its weight. */
    private static final class Source {
        final Object value;
        double weight = 1;

        Source(Object value) {
            this.value = value;
        }

        int size() {
            return value instanceof SortedSetValue z ? z.size() : value instanceof SetValue s ? s.size() : 0;
        }

        Double score(byte[] member) {
            if (value instanceof SortedSetValue z) {
                return z.score(member);
            }
            return value instanceof SetValue s && s.contains(member) ? 1.0 : null;
        }

        /** Every member with its score, in the input's own order. */
        void forEach(ObjDoubleConsumer<byte[]> visitor) {
            if (value instanceof SortedSetValue z) {
                for (ZSkipList.Node n = z.first(); n != null; n = n.next()) {
                    visitor.accept(n.member(), n.score());
                }
            } else if (value instanceof SetValue s) {
                s.forEach(member -> visitor.accept(member, 1.0));
            }
        }
    }

    /**
     * {@code [destination] numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]}; ZDIFF
     * takes neither WEIGHTS nor AGGREGATE, the STORE forms no WITHSCORES.
     */
    static void compute(Client client, byte[][] argv, byte[] destination, int numkeysIndex, Op op) {
        long setCount = Numbers.parseLong(argv[numkeysIndex]);
        if (setCount < 1) {
            String name = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            throw new CommandException("ERR at least 1 input key is needed for '" + name + "' command");
        }
        if (setCount > argv.length - (numkeysIndex + 1)) {
            throw Errors.syntax();
        }
        int n = (int) setCount;
        Source[] sources = new Source[n];
        int j = numkeysIndex + 1;
        for (int i = 0; i < n; i++, j++) {
            Entry entry = client.db().lookup(argv[j]);
            Object value = entry == null ? null : entry.value();
            if (value != null && !(value instanceof SortedSetValue) && !(value instanceof SetValue)) {
                throw Errors.wrongType();
            }
            sources[i] = new Source(value);
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        boolean combining = op != Op.DIFF;
        while (j < argv.length) {
            int remaining = argv.length - j;
            if (combining && remaining >= n + 1 && Words.is(argv[j], "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    sources[i].weight = Scores.parse(argv[j], "ERR weight value is not a float");
                }
            } else if (combining && remaining >= 2 && Words.is(argv[j], "aggregate")) {
                byte[] name = argv[j + 1];
                if (Words.is(name, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (Words.is(name, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (Words.is(name, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw Errors.syntax();
                }
                j += 2;
            } else if (destination == null && Words.is(argv[j], "withscores")) {
                withScores = true;
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        if (op != Op.DIFF) {
            // Smallest first, as Redis orders them: it decides the order in which SUM adds up the scores.
            Arrays.sort(sources, Comparator.comparingInt(Source::size));
        }
        SortedSetValue result = new SortedSetValue(false);
        switch (op) {
            case INTER -> intersect(sources, aggregate, result);
            case UNION -> union(sources, aggregate, result);
            default -> difference(sources, result);
        }
        if (destination != null) {
            if (result.size() > 0) {
                result.compactIfSmall();
                client.db().put(destination, result);
            } else {
                client.db().delete(destination);
            }
            client.reply().integer(result.size());
            return;
        }
        List<byte[]> members = new ArrayList<>(result.size());
        List<Double> scores = withScores ? new ArrayList<>(result.size()) : null;
        for (ZSkipList.Node node = result.first(); node != null; node = node.next()) {
            members.add(node.member());
            if (withScores) {
                scores.add(node.score());
            }
        }
        SortedSetCommands.replyMembers(client, members, scores);
    }

    /** A weighted score; inf times 0 is NaN, which Redis takes as 0. */
    private static double weighted(double score, double weight) {
        double value = score * weight;
        return Double.isNaN(value) ? 0 : value;
    }

    private static double aggregate(double target, double value, Aggregate aggregate) {
        return switch (aggregate) {
            case SUM -> {
                double sum = target + value;
                // -inf + inf: Redis settles on 0.
                yield Double.isNaN(sum) ? 0 : sum;
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }

    private static void intersect(Source[] sources, Aggregate aggregate, SortedSetValue result) {
        if (sources[0].size() == 0) {
            return;
        }
        sources[0].forEach((member, score) -> {
            double total = weighted(score, sources[0].weight);
            for (int i = 1; i < sources.length; i++) {
                Double other = sources[i].score(member);
                if (other == null) {
                    return;
                }
                // Not weighted(): Redis lets NaN through here, and then SUM's check turns it into 0.
                total = aggregate(total, other * sources[i].weight, aggregate);
            }
            result.put(member, total);
        });
    }

    private static void union(Source[] sources, Aggregate aggregate, SortedSetValue result) {
        Map<ByteBuffer, double[]> accumulator = new HashMap<>();
        for (Source source : sources) {
            source.forEach((member, score) -> {
                double value = weighted(score, source.weight);
                ByteBuffer key = ByteBuffer.wrap(member);
                double[] slot = accumulator.get(key);
                if (slot == null) {
                    accumulator.put(key, new double[] {value});
                } else {
                    slot[0] = aggregate(slot[0], value, aggregate);
                }
            });
        }
        accumulator.forEach((key, slot) -> result.put(key.array(), slot[0]));
    }

    /** The members of the first input that no other input has, with their scores from the first. */
    private static void difference(Source[] sources, SortedSetValue result) {
        sources[0].forEach((member, score) -> {
            for (int i = 1; i < sources.length; i++) {
                if (sources[i].score(member) != null) {
                    return;
                }
            }
            result.put(member, score);
        });
    }
}
