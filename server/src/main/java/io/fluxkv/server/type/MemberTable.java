package io.fluxkv.server.type;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A sorted set's member index: a chained hash table of the skiplist's own nodes (linked through
 * {@code chainNext}), sized in powers of two as Redis's dict is, so that ZSCAN can walk it with Redis's
 * reverse-binary cursor and return every member present for the whole scan however the table grows or shrinks.
 */
final class MemberTable {
    private static final int MIN_CAPACITY = 4;

    private ZSkipList.Node[] buckets = new ZSkipList.Node[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** Arrays.hashCode with a final avalanche (murmur3's fmix32), so that the low bits picking a bucket vary. */
    static int hash(byte[] member) {
        int h = Arrays.hashCode(member);
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    ZSkipList.Node get(byte[] member) {
        int h = hash(member);
        for (ZSkipList.Node n = buckets[h & (buckets.length - 1)]; n != null; n = n.chainNext) {
            if (n.hash == h && Arrays.equals(n.member, member)) {
                return n;
            }
        }
        return null;
    }

    /** Adds a node whose member is not in the table yet. */
    void add(ZSkipList.Node node) {
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        node.hash = hash(node.member);
        int i = node.hash & (buckets.length - 1);
        node.chainNext = buckets[i];
        buckets[i] = node;
        size++;
    }

    /** Removes and returns the node of {@code member}, or null. */
    ZSkipList.Node remove(byte[] member) {
        int h = hash(member);
        int i = h & (buckets.length - 1);
        ZSkipList.Node previous = null;
        for (ZSkipList.Node n = buckets[i]; n != null; previous = n, n = n.chainNext) {
            if (n.hash == h && Arrays.equals(n.member, member)) {
                if (previous == null) {
                    buckets[i] = n.chainNext;
                } else {
                    previous.chainNext = n.chainNext;
                }
                n.chainNext = null;
                size--;
                // Shrink below 10% fill, as Redis does, to the smallest power of two that holds every member.
                if (buckets.length > MIN_CAPACITY && size * 10L < buckets.length) {
                    resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size - 1)) << 1));
                }
                return n;
            }
        }
        return null;
    }

    private void resize(int capacity) {
        ZSkipList.Node[] old = buckets;
        buckets = new ZSkipList.Node[capacity];
        for (ZSkipList.Node head : old) {
            for (ZSkipList.Node n = head; n != null; ) {
                ZSkipList.Node next = n.chainNext;
                int i = n.hash & (capacity - 1);
                n.chainNext = buckets[i];
                buckets[i] = n;
                n = next;
            }
        }
    }

    /**
     * One step of Redis's dictScan: visits the bucket {@code cursor} designates and returns the next cursor (0 once
     * the table is done). The cursor counts with its bits reversed, which keeps it valid across resizes.
     */
    long scan(long cursor, Consumer<ZSkipList.Node> visitor) {
        long mask = buckets.length - 1;
        for (ZSkipList.Node n = buckets[(int) (cursor & mask)]; n != null; n = n.chainNext) {
            visitor.accept(n);
        }
        cursor |= ~mask;
        return Long.reverse(Long.reverse(cursor) + 1);
    }
}
