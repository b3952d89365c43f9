package io.fluxkv.server.command;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.protocol.command.CommandTable;

import java.util.HashMap;
import java.util.Map;

/** Attaches handlers to command-table entries by full name ("get", "config|get"). */
public final class HandlerBinder {
    private final Map<String, CommandSpec> byName = new HashMap<>();
    private final CommandHandler[] handlers;

    HandlerBinder(CommandTable table) {
        for (CommandSpec spec : table.specs()) {
            byName.put(spec.fullName(), spec);
        }
        handlers = new CommandHandler[table.specs().size()];
    }

    public void bind(String fullName, CommandHandler handler) {
        CommandSpec spec = byName.get(fullName);
        if (spec == null) {
            throw new IllegalArgumentException("no command '" + fullName + "' in the command table");
        }
        if (handlers[spec.id()] != null) {
            throw new IllegalArgumentException("command '" + fullName + "' is bound twice");
        }
        handlers[spec.id()] = handler;
    }

    CommandHandler[] handlers() {
        return handlers;
    }
}
