package io.fluxkv.server.command.hash;

import io.fluxkv.server.command.HandlerBinder;

/** Hashes (Redis's t_hash.c) commands. */
public final class HashCommands {
    private HashCommands() {
    }

    public static void register(HandlerBinder binder) {
    }
}
