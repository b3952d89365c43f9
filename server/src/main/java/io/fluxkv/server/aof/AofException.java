package io.fluxkv.server.aof;

import java.io.IOException;

/** The file is not a readable Flux-KV AOF (bad or missing header); base of the positional failures. */
public class AofException extends IOException {

    public AofException(String message) {
        super(message);
    }

    public AofException(String message, Throwable cause) {
        super(message, cause);
    }
}
