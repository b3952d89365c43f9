package io.fluxkv.server.command.list;

import io.fluxkv.server.command.HandlerBinder;

/** Lists (Redis's t_list.c) commands. */
public final class ListCommands {
    private ListCommands() {
    }

    public static void register(HandlerBinder binder) {
    }
}
