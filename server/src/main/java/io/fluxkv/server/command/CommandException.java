package io.fluxkv.server.command;

/**
 * Thrown by a handler, before it has written any reply, to answer with an error: the dispatcher writes
 * {@code -<message>}. Carries no stack trace: it is control flow for bad input, not a failure of the node.
 */
public final class CommandException extends RuntimeException {
    public CommandException(String message) {
        super(message, null, false, false);
    }
}
