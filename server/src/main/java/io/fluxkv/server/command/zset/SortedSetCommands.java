package io.fluxkv.server.command.zset;

import io.fluxkv.server.command.HandlerBinder;

/** Sorted sets (Redis's t_zset.c) commands. */
public final class SortedSetCommands {
    private SortedSetCommands() {
    }

    public static void register(HandlerBinder binder) {
    }
}
