package io.fluxkv.aof.tools;

/** An expected failure: its message is shown to the user as is, without a stack trace. */
final class ToolException extends RuntimeException {

    private final int exitCode;

    ToolException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
