package io.fluxkv.server.command.set;

import io.fluxkv.server.command.HandlerBinder;

/** Sets (Redis's t_set.c) commands. */
public final class SetCommands {
    private SetCommands() {
    }

    public static void register(HandlerBinder binder) {
    }
}
