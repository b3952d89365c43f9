package io.fluxkv.protocol.command;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

/**
 * One entry of the command table: everything every layer needs to know about a command without running it.
 * Subcommands (CONFIG GET, CLIENT LIST, ...) are entries of their own under their container.
 */
public final class CommandSpec {
    private final int id;
    private final String name;
    private final CommandSpec container;
    private final int arity;
    private final EnumSet<CommandFlag> flags;
    private final EnumSet<AclCategory> aclCategories;
    private final List<KeySpec> keySpecs;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final List<String> tips;
    private final String summary;
    private final String since;
    private final String group;
    private final String complexity;
    private final List<DocArgument> arguments;
    private final byte[] fullNameBytes;
    private final int singleKeyIndex;
    private CommandLookup subcommands;

    CommandSpec(int id, String name, CommandSpec container, int arity, EnumSet<CommandFlag> flags,
                EnumSet<AclCategory> explicitAcl, List<KeySpec> keySpecs, List<String> tips,
                String summary, String since, String group, String complexity, List<DocArgument> arguments) {
        this.id = id;
        this.name = name;
        this.container = container;
        this.arity = arity;
        this.keySpecs = List.copyOf(keySpecs);
        this.tips = List.copyOf(tips);
        this.summary = summary;
        this.since = since;
        this.group = group;
        this.complexity = complexity;
        this.arguments = List.copyOf(arguments);
        int[] legacy = legacyRange(this.keySpecs);
        this.firstKey = legacy[0];
        this.lastKey = legacy[1];
        this.keyStep = legacy[2];
        EnumSet<CommandFlag> all = EnumSet.copyOf(flags);
        if (legacy[3] == 1) {
            all.add(CommandFlag.MOVABLEKEYS);
        }
        this.flags = all;
        this.aclCategories = AclCategory.withImplied(explicitAcl, flags);
        this.fullNameBytes = fullName().getBytes(StandardCharsets.US_ASCII);
        this.singleKeyIndex = singleKeyIndex(this.keySpecs);
    }

    private static int singleKeyIndex(List<KeySpec> specs) {
        if (specs.size() != 1) {
            return -1;
        }
        KeySpec spec = specs.get(0);
        return spec.isIndexRange() && spec.rangeLastKey() == 0 ? spec.index() : -1;
    }

    /**
     * The first/last/step triple of pre-7 COMMAND replies, derived from the key specs as Redis does: contiguous
     * index+range specs with step 1 merge into one range; anything else marks the keys as movable.
     * Returns {first, last, step, movable}.
     */
    private static int[] legacyRange(List<KeySpec> specs) {
        if (specs.isEmpty()) {
            return new int[] {0, 0, 0, 0};
        }
        if (specs.size() == 1 && specs.get(0).isIndexRange()) {
            KeySpec spec = specs.get(0);
            int last = spec.rangeLastKey() >= 0 ? spec.index() + spec.rangeLastKey() : spec.rangeLastKey();
            boolean movable = spec.flags().contains("incomplete");
            return new int[] {spec.index(), last, spec.rangeStep(), movable ? 1 : 0};
        }
        int first = Integer.MAX_VALUE;
        int last = 0;
        int previousLast = 0;
        int movable = 0;
        for (KeySpec spec : specs) {
            if (!spec.isIndexRange() || spec.rangeStep() != 1
                    || (previousLast != 0 && previousLast != spec.index() - 1)) {
                movable = 1;
                continue;
            }
            first = Math.min(first, spec.index());
            int absoluteLast = spec.rangeLastKey() >= 0 ? spec.index() + spec.rangeLastKey() : spec.rangeLastKey();
            // Unsigned comparison: a negative (from-the-end) last key wins over any absolute one.
            last = Integer.compareUnsigned(last, absoluteLast) >= 0 ? last : absoluteLast;
            previousLast = last;
        }
        if (first == Integer.MAX_VALUE) {
            return new int[] {0, 0, 0, movable};
        }
        return new int[] {first, last, 1, movable};
    }

    void setSubcommands(CommandLookup subcommands) {
        this.subcommands = subcommands;
    }

    /** Dense id, usable as an index into per-command arrays (handlers, statistics). */
    public int id() {
        return id;
    }

    /** Lower-case name; for a subcommand, just its own word ("get" for CONFIG GET). */
    public String name() {
        return name;
    }

    /** "config|get" for a subcommand, the name otherwise: the form Redis uses in errors and COMMAND replies. */
    public String fullName() {
        return container == null ? name : container.name + "|" + name;
    }

    public byte[] fullNameBytes() {
        return fullNameBytes;
    }

    public CommandSpec container() {
        return container;
    }

    /** Redis convention: N means exactly N arguments including the name, -N means at least N. */
    public int arity() {
        return arity;
    }

    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    public EnumSet<CommandFlag> flags() {
        return flags;
    }

    public EnumSet<AclCategory> aclCategories() {
        return aclCategories;
    }

    public boolean isWrite() {
        return flags.contains(CommandFlag.WRITE);
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    public boolean hasKeys() {
        return !keySpecs.isEmpty();
    }

    /**
     * Where the only key is when the command always has exactly one, at a fixed position (GET, SET, INCR, ...),
     * else -1: lets the hot path find it without walking the key specs.
     */
    public int singleKeyIndex() {
        return singleKeyIndex;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public List<String> tips() {
        return tips;
    }

    public String summary() {
        return summary;
    }

    public String since() {
        return since;
    }

    public String group() {
        return group;
    }

    public String complexity() {
        return complexity;
    }

    public List<DocArgument> arguments() {
        return arguments;
    }

    public boolean hasSubcommands() {
        return subcommands != null;
    }

    /** The subcommand named by {@code word} (any case), or null. */
    public CommandSpec subcommand(byte[] word) {
        return subcommands == null ? null : subcommands.find(word);
    }

    public List<CommandSpec> subcommands() {
        return subcommands == null ? List.of() : subcommands.all();
    }

    /**
     * Calls {@code sink} with the position in {@code argv} of every key of this command line, for every key spec.
     * {@code argv} is the whole line, the command name (and for a subcommand its word) included.
     */
    public void forEachKey(byte[][] argv, KeySpec.KeyPositionSink sink) {
        for (KeySpec spec : keySpecs) {
            spec.findKeys(argv, sink);
        }
    }

    @Override
    public String toString() {
        return fullName();
    }
}
