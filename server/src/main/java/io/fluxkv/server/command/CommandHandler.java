package io.fluxkv.server.command;

import io.fluxkv.server.Client;

/**
 * Runs one command for one client and writes its reply through {@link Client#reply()}. {@code argv} is the whole
 * command line, name included. For a command with keys, the dispatcher already holds their shard locks.
 */
@FunctionalInterface
public interface CommandHandler {
    void execute(Client client, byte[][] argv);
}
