package io.fluxkv.server.aof;

import java.util.List;
import java.util.Objects;

/**
 * One effect as stored in the append-only file. {@code key} is null for ops without a key
 * (flushall); {@code args} is never null. Byte arrays are not copied: callers hand over ownership.
 */
public record AofRecord(long ts, int db, String op, byte[] key, List<byte[]> args) {

    public AofRecord {
        Objects.requireNonNull(op, "op");
        if (op.isEmpty()) {
            throw new IllegalArgumentException("op must not be empty");
        }
        if (db < 0) {
            throw new IllegalArgumentException("db must be >= 0: " + db);
        }
        args = args == null ? List.of() : List.copyOf(args);
    }
}
