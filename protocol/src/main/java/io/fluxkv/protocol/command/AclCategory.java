package io.fluxkv.protocol.command;

import java.util.EnumSet;
import java.util.Locale;

/** ACL categories, in the order COMMAND INFO lists them. */
public enum AclCategory {
    KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM, PUBSUB, ADMIN, FAST,
    SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

    public String wireName() {
        return "@" + name().toLowerCase(Locale.ROOT);
    }

    public static AclCategory fromTableName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Adds the categories every command gets from its flags, as Redis does; a command that is not fast is slow. */
    static EnumSet<AclCategory> withImplied(EnumSet<AclCategory> explicit, EnumSet<CommandFlag> flags) {
        EnumSet<AclCategory> all = EnumSet.copyOf(explicit);
        if (flags.contains(CommandFlag.WRITE)) {
            all.add(WRITE);
        }
        if (flags.contains(CommandFlag.READONLY) && !all.contains(SCRIPTING)) {
            all.add(READ);
        }
        if (flags.contains(CommandFlag.ADMIN)) {
            all.add(ADMIN);
            all.add(DANGEROUS);
        }
        if (flags.contains(CommandFlag.PUBSUB)) {
            all.add(PUBSUB);
        }
        if (flags.contains(CommandFlag.FAST)) {
            all.add(FAST);
        }
        if (flags.contains(CommandFlag.BLOCKING)) {
            all.add(BLOCKING);
        }
        if (!all.contains(FAST)) {
            all.add(SLOW);
        }
        return all;
    }
}
