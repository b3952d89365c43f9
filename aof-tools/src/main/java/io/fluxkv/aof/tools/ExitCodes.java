package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofCorruptException;
import io.fluxkv.server.aof.AofException;
import io.fluxkv.server.aof.AofTornTailException;
import picocli.CommandLine.ParameterException;

import java.io.IOException;

/**
 * The exit statuses scripts may rely on (docs/aof-tools.md). Damage gets small codes so that {@code if aof-tools
 * check f} reads naturally; the others are the sysexits.h values, the convention for command-line tools.
 */
final class ExitCodes {

    static final int OK = 0;
    /** The file ends with a torn record or an unterminated transaction: expected after a crash, `fix` repairs it. */
    static final int TORN = 1;
    /** A complete record before the end is invalid: damage from outside the node. */
    static final int CORRUPT = 2;
    static final int USAGE = 64;
    /** Not a Flux-KV AOF at all (missing or bad header, unknown version). */
    static final int NOT_AN_AOF = 65;
    static final int NO_INPUT = 66;
    static final int SOFTWARE = 70;
    static final int IO_ERROR = 74;
    /** The file changed while `fix` was reading it: nothing was changed, try again with the node stopped. */
    static final int TRY_AGAIN = 75;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        if (e instanceof ParameterException) {
            return USAGE;
        }
        if (e instanceof ToolException tool) {
            return tool.exitCode();
        }
        if (e instanceof AofTornTailException) {
            return TORN;
        }
        if (e instanceof AofCorruptException) {
            return CORRUPT;
        }
        if (e instanceof AofException) {
            return NOT_AN_AOF;
        }
        if (e instanceof IOException) {
            return IO_ERROR;
        }
        return SOFTWARE;
    }
}
