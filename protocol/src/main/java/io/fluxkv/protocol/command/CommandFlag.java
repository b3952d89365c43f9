package io.fluxkv.protocol.command;

/**
 * Command flags, in the order COMMAND INFO lists them. Flags Redis keeps hidden from COMMAND INFO are marked so.
 */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR, SKIP_SLOWLOG,
    ASKING, FAST, NO_AUTH, MAY_REPLICATE(true), SENTINEL(true), ONLY_SENTINEL(true), NO_MANDATORY_KEYS,
    PROTECTED(true), NO_ASYNC_LOADING, NO_MULTI, MOVABLEKEYS, ALLOW_BUSY, TOUCHES_ARBITRARY_KEYS(true);

    private final boolean hidden;

    CommandFlag() {
        this(false);
    }

    CommandFlag(boolean hidden) {
        this.hidden = hidden;
    }

    /** Whether COMMAND INFO leaves this flag out (Redis hides it on purpose). */
    public boolean hidden() {
        return hidden;
    }

    /** The lower-case name used in the table file and in replies. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static CommandFlag fromWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
