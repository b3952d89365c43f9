package io.fluxkv.protocol.resp;

/**
 * One decoded command line: the command name and its arguments as raw bytes, exactly as the client sent them.
 * {@code argv[0]} is the command name.
 */
public record Request(byte[][] argv) {
    public int argc() {
        return argv.length;
    }
}
