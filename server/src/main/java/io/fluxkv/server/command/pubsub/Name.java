package io.fluxkv.server.command.pubsub;

import java.util.Arrays;

/** A channel name or pattern as a map key: its bytes, compared by content. */
record Name(byte[] bytes) {
    @Override
    public boolean equals(Object other) {
        return other instanceof Name name && Arrays.equals(bytes, name.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
