package io.fluxkv.server.store;

import io.fluxkv.server.util.Numbers;


/**
 * The Redis type of a stored value (TYPE, SCAN TYPE, WRONGTYPE checks) and what OBJECT ENCODING and COPY need of
 * it. A string is a plain {@code byte[]}; every other value class implements {@link Value}, so a new type plugs in
 * by implementing that interface, without touching the commands that inspect values.
 */
public enum ValueType {
    STRING("string"), LIST("list"), SET("set"), ZSET("zset"), HASH("hash"), STREAM("stream");

    /** Implemented by every stored value class except strings. */
    public interface Value {
        ValueType type();

        /** OBJECT ENCODING: the representation Redis would use for this value ("listpack", "hashtable", ...). */
        String encoding();

        /** An independent deep copy (COPY). */
        Value copy();
    }

    /** Redis keeps strings of up to this many bytes in one allocation with their header ("embstr"). */
    private static final int EMBSTR_MAX = 44;

    private final String typeName;

    ValueType(String typeName) {
        this.typeName = typeName;
    }

    /** The name TYPE replies with. */
    public String typeName() {
        return typeName;
    }

    public static ValueType of(Object value) {
        return value instanceof byte[] ? STRING : ((Value) value).type();
    }

    /** OBJECT ENCODING of a value. */
    public static String encoding(Object value) {
        if (value instanceof byte[] bytes) {
            return integerValue(bytes) != null ? "int" : bytes.length <= EMBSTR_MAX ? "embstr" : "raw";
        }
        return ((Value) value).encoding();
    }

    /** The 64-bit integer a string holds in canonical form (what Redis stores "int"-encoded), or null. */
    public static Long integerValue(byte[] bytes) {
        long[] out = new long[1];
        return Numbers.parseLong(bytes, out) ? out[0] : null;
    }

    /** A copy of a value that shares nothing mutable with it (COPY). */
    public static Object copy(Object value) {
        return value instanceof byte[] bytes ? bytes.clone() : ((Value) value).copy();
    }
}
