package io.fluxkv.server.command.zset;

import io.fluxkv.server.type.SortedSetValue;
import io.fluxkv.server.type.ZSkipList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/** ZRANDMEMBER's choice of members, by Redis's rules on the count. */
final class RandomMembers {
    private RandomMembers() {
    }

    /** One member, uniformly at random, of a non-empty set. */
    static ZSkipList.Node any(SortedSetValue zset) {
        return zset.byRank(ThreadLocalRandom.current().nextInt(zset.size()));
    }

    /**
     * {@code count} (at least 1) distinct members of a non-empty set in random order, or the whole set (highest
     * first, as Redis's set iterator walks) when it asks for at least as many as there are.
     */
    static List<ZSkipList.Node> distinct(SortedSetValue zset, long count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int size = zset.size();
        List<ZSkipList.Node> picked = new ArrayList<>();
        if (count >= size) {
            for (ZSkipList.Node n = zset.last(); n != null; n = n.previous()) {
                picked.add(n);
            }
        } else if (count * 3 > size) {
            // Many of them: drop random members from a full copy rather than draw and retry.
            for (ZSkipList.Node n = zset.first(); n != null; n = n.next()) {
                picked.add(n);
            }
            while (picked.size() > count) {
                int victim = random.nextInt(picked.size());
                picked.set(victim, picked.get(picked.size() - 1));
                picked.remove(picked.size() - 1);
            }
            Collections.shuffle(picked, random);
        } else {
            TreeSet<Long> ranks = new TreeSet<>();
            while (ranks.size() < count) {
                ranks.add((long) random.nextInt(size));
            }
            for (long rank : ranks) {
                picked.add(zset.byRank(rank));
            }
            Collections.shuffle(picked, random);
        }
        return picked;
    }
}
