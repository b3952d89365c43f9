package io.fluxkv.protocol.command;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds a command from the raw bytes of its name, in any letter case, without building a String: an open-addressing
 * table keyed by a case-folded hash of the name.
 */
final class CommandLookup {
    private final CommandSpec[] slots;
    private final byte[][] names;
    private final int mask;
    private final List<CommandSpec> all;

    CommandLookup(List<CommandSpec> specs) {
        int capacity = Integer.highestOneBit(Math.max(4, specs.size() * 4) - 1) << 1;
        slots = new CommandSpec[capacity];
        names = new byte[capacity][];
        mask = capacity - 1;
        for (CommandSpec spec : specs) {
            byte[] name = spec.name().getBytes(StandardCharsets.US_ASCII);
            int slot = hash(name) & mask;
            while (slots[slot] != null) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = spec;
            names[slot] = name;
        }
        all = List.copyOf(specs);
    }

    CommandSpec find(byte[] word) {
        int slot = hash(word) & mask;
        while (slots[slot] != null) {
            if (CommandTable.equalsIgnoreCase(word, names[slot])) {
                return slots[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    List<CommandSpec> all() {
        return all;
    }

    private static int hash(byte[] word) {
        int h = 0x811c9dc5;
        for (byte b : word) {
            h ^= CommandTable.toLower(b);
            h *= 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
