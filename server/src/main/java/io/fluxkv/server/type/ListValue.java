package io.fluxkv.server.type;

import io.fluxkv.server.store.ValueType;

import java.util.Arrays;

/**
 * A list value: a circular array deque of elements, so pushes and pops at both ends are O(1) (amortised) and any
 * index is reached in O(1), where Redis's quicklist walks nodes from the nearer end. Inserting or removing inside
 * shifts the shorter side.
 * <p>
 * Elements are stored as given and never changed in place, so they may be shared with argv and replies. The
 * capacity is a power of two (index arithmetic is a mask) and shrinks when the list falls under a quarter of it, so
 * a list that grew large and was popped does not keep its peak memory.
 */
public final class ListValue implements ValueType.Value {
    private static final int MIN_CAPACITY = 8;

    private byte[][] items;
    private int head;
    private int size;

    public ListValue() {
        items = new byte[MIN_CAPACITY][];
    }

    private ListValue(byte[][] items, int size) {
        this.items = items;
        this.size = size;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    /** Redis 7.0 keeps every list in a quicklist (the listpack encoding for small lists came in 7.2). */
    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public ListValue copy() {
        byte[][] copy = new byte[items.length][];
        for (int i = 0; i < size; i++) {
            copy[i] = get(i).clone();
        }
        return new ListValue(copy, size);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The element at {@code index}, 0 being the head; the index must be in range. */
    public byte[] get(int index) {
        return items[slot(index)];
    }

    public void set(int index, byte[] element) {
        items[slot(index)] = element;
    }

    public void addFirst(byte[] element) {
        growIfFull();
        head = (head - 1) & (items.length - 1);
        items[head] = element;
        size++;
    }

    public void addLast(byte[] element) {
        growIfFull();
        items[slot(size)] = element;
        size++;
    }

    /** Removes and returns the head; the list must not be empty. */
    public byte[] removeFirst() {
        byte[] element = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        shrinkIfSparse();
        return element;
    }

    /** Removes and returns the tail; the list must not be empty. */
    public byte[] removeLast() {
        int last = slot(size - 1);
        byte[] element = items[last];
        items[last] = null;
        size--;
        shrinkIfSparse();
        return element;
    }

    /** Removes the first {@code count} elements (at most the whole list). */
    public void removeFirst(int count) {
        for (int i = 0; i < count; i++) {
            items[slot(i)] = null;
        }
        head = slot(count);
        size -= count;
        shrinkIfSparse();
    }

    /** Removes the last {@code count} elements (at most the whole list). */
    public void removeLast(int count) {
        for (int i = size - count; i < size; i++) {
            items[slot(i)] = null;
        }
        size -= count;
        shrinkIfSparse();
    }

    /** Inserts {@code element} so that it ends up at {@code index} (0..size), shifting the shorter side. */
    public void insert(int index, byte[] element) {
        growIfFull();
        if (index < size - index) {
            head = (head - 1) & (items.length - 1);
            for (int i = 0; i < index; i++) {
                items[slot(i)] = items[slot(i + 1)];
            }
        } else {
            for (int i = size; i > index; i--) {
                items[slot(i)] = items[slot(i - 1)];
            }
        }
        items[slot(index)] = element;
        size++;
    }

    /** The index of the first element equal to {@code element} from the head, or -1. */
    public int indexOf(byte[] element) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(get(i), element)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Removes elements equal to {@code element}, at most {@code limit} of them (0: all), met from the head, or
     * from the tail when {@code fromTail}. One pass that closes the gaps towards the end it starts from. Returns
     * how many were removed.
     */
    public int removeMatching(byte[] element, long limit, boolean fromTail) {
        int step = fromTail ? -1 : 1;
        int read = fromTail ? size - 1 : 0;
        int write = read;
        int removed = 0;
        for (int seen = 0; seen < size; seen++, read += step) {
            byte[] current = get(read);
            if ((limit == 0 || removed < limit) && Arrays.equals(current, element)) {
                removed++;
            } else {
                set(write, current);
                write += step;
            }
        }
        if (fromTail) {
            removeFirst(removed);
        } else {
            removeLast(removed);
        }
        return removed;
    }

    private int slot(int index) {
        return (head + index) & (items.length - 1);
    }

    private void growIfFull() {
        if (size == items.length) {
            resize(items.length << 1);
        }
    }

    private void shrinkIfSparse() {
        if (items.length > MIN_CAPACITY && size < items.length >>> 2) {
            // Leave room to double before the next growth, whatever the size fell to in one step (LTRIM).
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size)) << 2));
        }
    }

    private void resize(int capacity) {
        byte[][] resized = new byte[capacity][];
        for (int i = 0; i < size; i++) {
            resized[i] = get(i);
        }
        items = resized;
        head = 0;
    }
}
