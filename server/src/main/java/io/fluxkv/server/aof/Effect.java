package io.fluxkv.server.aof;

import io.fluxkv.server.util.Numbers;

import java.nio.charset.StandardCharsets;

/**
 * Command lines that state an effect exactly, for handlers whose request would not reproduce it on replay
 * ({@link io.fluxkv.server.Client#logAs}). Each is a valid Redis command, so an exported log loads into Redis.
 */
public final class Effect {
    private static final byte[] SET = ascii("set");
    private static final byte[] PXAT = ascii("PXAT");
    private static final byte[] KEEPTTL = ascii("KEEPTTL");
    private static final byte[] PEXPIREAT = ascii("pexpireat");
    private static final byte[] PERSIST = ascii("persist");
    private static final byte[] DEL = ascii("del");
    private static final byte[] HSET = ascii("hset");
    private static final byte[] SREM = ascii("srem");
    private static final byte[] LPOP = ascii("lpop");
    private static final byte[] RPOP = ascii("rpop");
    private static final byte[] LMOVE = ascii("lmove");
    private static final byte[] LEFT = ascii("LEFT");
    private static final byte[] RIGHT = ascii("RIGHT");
    private static final byte[] ZPOPMIN = ascii("zpopmin");
    private static final byte[] ZPOPMAX = ascii("zpopmax");
    /** Entry.NO_EXPIRY, repeated here so this class needs nothing from the store. */
    private static final long NO_EXPIRY = -1;

    private Effect() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** SET with an absolute deadline (unix ms), or none. */
    public static byte[][] set(byte[] key, byte[] value, long deadline) {
        return deadline == NO_EXPIRY ? new byte[][] {SET, key, value}
                : new byte[][] {SET, key, value, PXAT, Numbers.toBytes(deadline)};
    }

    /** SET that keeps the key's TTL (the result of INCRBYFLOAT). */
    public static byte[][] setKeepTtl(byte[] key, byte[] value) {
        return new byte[][] {SET, key, value, KEEPTTL};
    }

    public static byte[][] pexpireat(byte[] key, long deadline) {
        return new byte[][] {PEXPIREAT, key, Numbers.toBytes(deadline)};
    }

    public static byte[][] persist(byte[] key) {
        return new byte[][] {PERSIST, key};
    }

    public static byte[][] del(byte[] key) {
        return new byte[][] {DEL, key};
    }

    public static byte[][] hset(byte[] key, byte[] field, byte[] value) {
        return new byte[][] {HSET, key, field, value};
    }

    /** SREM of the members a random pick removed. */
    public static byte[][] srem(byte[] key, byte[][] members, int count) {
        byte[][] argv = new byte[count + 2][];
        argv[0] = SREM;
        argv[1] = key;
        System.arraycopy(members, 0, argv, 2, count);
        return argv;
    }

    /** LPOP or RPOP of {@code count} elements (the non-blocking form of a blocking pop that was served). */
    public static byte[][] listPop(byte[] key, boolean left, long count) {
        return new byte[][] {left ? LPOP : RPOP, key, Numbers.toBytes(count)};
    }

    /** LMOVE, the form of every move between lists (RPOPLPUSH, BLMOVE, BRPOPLPUSH). */
    public static byte[][] lmove(byte[] source, byte[] destination, boolean fromLeft, boolean toLeft) {
        return new byte[][] {LMOVE, source, destination, fromLeft ? LEFT : RIGHT, toLeft ? LEFT : RIGHT};
    }

    /** ZPOPMIN or ZPOPMAX of {@code count} members. */
    public static byte[][] zpop(byte[] key, boolean min, long count) {
        return new byte[][] {min ? ZPOPMIN : ZPOPMAX, key, Numbers.toBytes(count)};
    }
}
