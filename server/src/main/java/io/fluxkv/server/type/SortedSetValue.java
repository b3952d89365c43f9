package io.fluxkv.server.type;

import io.fluxkv.server.store.ValueType;

import java.util.function.Consumer;

/**
 * A sorted set: a map from each member to its node (so a score lookup is O(1)) beside a {@link ZSkipList}, which
 * keeps the order and answers rank queries in O(log n).
 * <p>
 * Only the encoding NAME of Redis's compact form is modelled: the set reports "listpack" while it has at most
 * {@link #MAX_LISTPACK_ENTRIES} members of at most {@link #MAX_LISTPACK_VALUE} bytes, and once it outgrows that it
 * stays "skiplist" (Redis never converts back, except when a command stores a freshly built set). One visible trait
 * of the listpack is kept too: it stores an integral score as an integer, so -0 becomes 0 there.
 */
public final class SortedSetValue implements ValueType.Value {
    /** zset-max-listpack-entries and zset-max-listpack-value defaults. */
    public static final int MAX_LISTPACK_ENTRIES = 128;
    public static final int MAX_LISTPACK_VALUE = 64;

    private final MemberTable members = new MemberTable();
    private final ZSkipList list = new ZSkipList();
    private boolean listpack;

    /** An empty set; {@code listpack} is the encoding Redis would create it with. */
    public SortedSetValue(boolean listpack) {
        this.listpack = listpack;
    }

    /** The encoding Redis picks for a new set whose first member is {@code firstMemberLength} bytes long. */
    public static SortedSetValue forFirstMember(int firstMemberLength) {
        return new SortedSetValue(firstMemberLength <= MAX_LISTPACK_VALUE);
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding() {
        return listpack ? "listpack" : "skiplist";
    }

    public boolean isListpack() {
        return listpack;
    }

    @Override
    public SortedSetValue copy() {
        SortedSetValue copy = new SortedSetValue(listpack);
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            copy.put(n.member().clone(), n.score());
        }
        return copy;
    }

    public int size() {
        return members.size();
    }

    /** The score of {@code member}, or null. */
    public Double score(byte[] member) {
        ZSkipList.Node node = members.get(member);
        return node == null ? null : node.score;
    }

    /** Adds {@code member} or changes its score. */
    public void put(byte[] member, double score) {
        ZSkipList.Node node = members.get(member);
        boolean outgrows = members.size() >= MAX_LISTPACK_ENTRIES || member.length > MAX_LISTPACK_VALUE;
        if (node == null && listpack && outgrows) {
            listpack = false;
        }
        if (listpack && score == 0) {
            // A listpack holds integral scores as integers: -0 comes back as 0.
            score = 0.0;
        }
        if (node == null) {
            members.add(list.insert(score, member));
        } else if (Double.compare(node.score, score) != 0) {
            list.updateScore(node.score, node.member, score);
        }
    }

    /** Removes {@code member}; returns whether it was there. */
    public boolean remove(byte[] member) {
        ZSkipList.Node node = members.remove(member);
        if (node == null) {
            return false;
        }
        list.delete(node.score, node.member);
        return true;
    }

    /** The 0-based rank of {@code member} in ascending order, or -1. */
    public long rank(byte[] member) {
        ZSkipList.Node node = members.get(member);
        return node == null ? -1 : list.rank(node.score, node.member) - 1;
    }

    /** The 0-based rank of a node of this set. */
    public long rank(ZSkipList.Node node) {
        return list.rank(node.score, node.member) - 1;
    }

    /** The node at a 0-based ascending rank, or null. */
    public ZSkipList.Node byRank(long rank) {
        return list.byRank(rank + 1);
    }

    /**
     * One step of a ZSCAN over the member table (see {@link MemberTable#scan}): visits one bucket's members and
     * returns the next cursor, 0 when done. The visitor must not change the set.
     */
    public long scan(long cursor, Consumer<ZSkipList.Node> visitor) {
        return members.scan(cursor, visitor);
    }

    public ZSkipList.Node first() {
        return list.first();
    }

    public ZSkipList.Node last() {
        return list.last();
    }

    public ZSkipList.Node firstIn(ZSkipList.Bound range) {
        return list.firstIn(range);
    }

    public ZSkipList.Node lastIn(ZSkipList.Bound range) {
        return list.lastIn(range);
    }

    /**
     * What Redis does to a set a command has just built and stores (zsetConvertToListpackIfNeeded): back to the
     * listpack encoding when small enough, which also turns a -0 score into 0.
     */
    public void compactIfSmall() {
        if (listpack || members.size() > MAX_LISTPACK_ENTRIES) {
            return;
        }
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            if (n.member.length > MAX_LISTPACK_VALUE) {
                return;
            }
        }
        listpack = true;
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            if (n.score == 0) {
                n.score = 0.0;
            }
        }
    }
}
