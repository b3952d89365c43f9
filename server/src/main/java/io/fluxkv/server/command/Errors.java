package io.fluxkv.server.command;

/** Error replies shared by several command families, worded exactly as Redis 7 words them. */
public final class Errors {
    private Errors() {
    }

    public static final String WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";

    public static CommandException wrongType() {
        return new CommandException(WRONG_TYPE);
    }

    public static CommandException notInteger() {
        return new CommandException(NOT_INTEGER);
    }

    public static CommandException syntax() {
        return new CommandException(SYNTAX);
    }

    public static CommandException wrongArity(String fullName) {
        return new CommandException("ERR wrong number of arguments for '" + fullName + "' command");
    }
}
