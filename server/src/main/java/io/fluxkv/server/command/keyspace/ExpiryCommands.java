package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.command.HandlerBinder;

/** Expiry commands (Redis's expire.c): EXPIRE and friends, TTL, PERSIST, EXPIRETIME. */
public final class ExpiryCommands {
    private ExpiryCommands() {
    }

    public static void register(HandlerBinder binder) {
    }
}
