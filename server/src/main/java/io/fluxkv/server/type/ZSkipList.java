package io.fluxkv.server.type;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's zskiplist: nodes ordered by (score, member bytes unsigned), every forward link carrying its span (how
 * many nodes it skips) so that rank lookups and lookups by rank take O(log n). A level-0 backward link allows
 * reverse iteration. Members are not checked for uniqueness here; {@link SortedSetValue} does that.
 */
public final class ZSkipList {
    private static final int MAX_LEVEL = 32;
    /** Probability of promoting a node one level up (ZSKIPLIST_P). */
    private static final double P = 0.25;

    /** One member; {@link #next()} and {@link #previous()} walk the order. */
    public static final class Node {
        final byte[] member;
        double score;
        Node backward;
        final Node[] forward;
        final long[] span;
        /** The member's hash and the next node of its bucket in {@link MemberTable}. */
        int hash;
        Node chainNext;

        Node(int level, double score, byte[] member) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }

        public byte[] member() {
            return member;
        }

        public double score() {
            return score;
        }

        public Node next() {
            return forward[0];
        }

        public Node previous() {
            return backward;
        }
    }

    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private long length;
    private int level = 1;

    public long length() {
        return length;
    }

    public Node first() {
        return header.forward[0];
    }

    public Node last() {
        return tail;
    }

    /** The total order of sorted sets: score first, then member bytes compared unsigned. */
    public static int compare(double score, byte[] member, double otherScore, byte[] otherMember) {
        int byScore = Double.compare(score == 0 ? 0 : score, otherScore == 0 ? 0 : otherScore);
        return byScore != 0 ? byScore : Arrays.compareUnsigned(member, otherMember);
    }

    private static boolean before(Node node, double score, byte[] member) {
        return compare(node.score, node.member, score, member) < 0;
    }

    private static int randomLevel() {
        int lvl = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (lvl < MAX_LEVEL && random.nextDouble() < P) {
            lvl++;
        }
        return lvl;
    }

    /** Inserts a member that is not in the list yet. */
    public Node insert(double score, byte[] member) {
        Node node = new Node(randomLevel(), score, member);
        link(node);
        return node;
    }

    /** Links a node (new, or unlinked to move it) at the place its score and member give it. */
    private void link(Node node) {
        double score = node.score;
        byte[] member = node.member;
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i], score, member)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = node.forward.length;
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        for (int i = 0; i < lvl; i++) {
            node.forward[i] = update[i].forward[i];
            update[i].forward[i] = node;
            node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.forward[0] != null) {
            node.forward[0].backward = node;
        } else {
            tail = node;
        }
        length++;
    }

    /** Removes the node with exactly this score and member; returns whether it was there. */
    public boolean delete(double score, byte[] member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], score, member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x == null || compare(x.score, x.member, score, member) != 0) {
            return false;
        }
        unlink(x, update);
        return true;
    }

    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
    }

    /**
     * Changes a member's score: in place when the order is unaffected (as zslUpdateScore does), else by unlinking
     * the node and linking it again where it now belongs. The node stays the same object.
     */
    public void updateScore(double oldScore, byte[] member, double newScore) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], oldScore, member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if ((x.backward == null || compare(x.backward.score, x.backward.member, newScore, member) < 0)
                && (x.forward[0] == null || compare(x.forward[0].score, x.forward[0].member, newScore, member) > 0)) {
            x.score = newScore;
            return;
        }
        unlink(x, update);
        x.score = newScore;
        link(x);
    }

    /** The 1-based rank of the node with this score and member, 0 when absent. */
    public long rank(double score, byte[] member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) <= 0) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x != header && compare(x.score, x.member, score, member) == 0) {
                return rank;
            }
        }
        return 0;
    }

    /** The node at a 1-based rank, or null when out of range. */
    public Node byRank(long rank) {
        if (rank < 1 || rank > length) {
            return null;
        }
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x;
            }
        }
        return null;
    }

    /** Where a range starts or ends: a bound over the node order. */
    public interface Bound {
        /** Whether {@code node} lies below the range's lower end. */
        boolean belowMin(Node node);

        /** Whether {@code node} lies above the range's upper end. */
        boolean aboveMax(Node node);
    }

    /** The first node within the range, or null. */
    public Node firstIn(Bound range) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.belowMin(x.forward[i])) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x == null || range.aboveMax(x) ? null : x;
    }

    /** The last node within the range, or null. */
    public Node lastIn(Bound range) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMax(x.forward[i])) {
                x = x.forward[i];
            }
        }
        return x == header || range.belowMin(x) ? null : x;
    }
}
