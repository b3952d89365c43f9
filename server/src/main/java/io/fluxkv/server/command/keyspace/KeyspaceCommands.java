package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.command.HandlerBinder;

/** Keyspace commands (Redis's db.c): DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, COPY, MOVE, OBJECT, ... */
public final class KeyspaceCommands {
    private KeyspaceCommands() {
    }

    public static void register(HandlerBinder binder) {
    }
}
