package io.fluxkv.protocol.resp;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Encodes replies into a Netty buffer in the connection's protocol version. RESP3 types have RESP2 fallbacks as
 * Redis defines them: a map is a flat array of 2n elements, a set an array, a double a bulk string, a boolean an
 * integer, null a null bulk ({@code $-1}) or a null array ({@code *-1}).
 * <p>
 * One writer per connection; {@link #target(ByteBuf)} points it at the buffer of the current read batch, so replies
 * go straight into pooled memory without intermediate objects.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESP3_NULL = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "#f\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTEGERS = new byte[512][];
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    static {
        for (int i = 0; i < SMALL_INTEGERS.length; i++) {
            SMALL_INTEGERS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private ByteBuf out;
    private int protocol = 2;

    public void target(ByteBuf out) {
        this.out = out;
    }

    public ByteBuf target() {
        return out;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int version) {
        this.protocol = version;
    }

    public boolean resp3() {
        return protocol >= 3;
    }

    public void ok() {
        out.writeBytes(OK);
    }

    /** A status reply ({@code +text}); the text must not contain CR or LF. */
    public void simple(String text) {
        out.writeByte('+');
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }

    /**
     * An error reply. {@code message} starts with its code ("ERR ...", "WRONGTYPE ..."); CR and LF are replaced by
     * spaces so that text taken from client input cannot end the line early and desynchronise the stream.
     */
    public void error(String message) {
        out.writeByte('-');
        int start = out.writerIndex();
        out.writeCharSequence(message, StandardCharsets.UTF_8);
        for (int i = start; i < out.writerIndex(); i++) {
            byte b = out.getByte(i);
            if (b == '\r' || b == '\n') {
                out.setByte(i, ' ');
            }
        }
        out.writeBytes(CRLF);
    }

    public void integer(long value) {
        out.writeByte(':');
        writeDecimal(value);
        out.writeBytes(CRLF);
    }

    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    public void bulk(byte[] value, int offset, int length) {
        out.writeByte('$');
        writeDecimal(length);
        out.writeBytes(CRLF);
        out.writeBytes(value, offset, length);
        out.writeBytes(CRLF);
    }

    /** A bulk string holding the UTF-8 bytes of {@code text}. */
    public void bulk(String text) {
        bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal digits of {@code value}. */
    public void bulkDecimal(long value) {
        if (value >= 0 && value < SMALL_INTEGERS.length) {
            bulk(SMALL_INTEGERS[(int) value]);
        } else {
            bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The null of a single value: {@code $-1} in RESP2, {@code _} in RESP3. */
    public void nullBulk() {
        out.writeBytes(resp3() ? RESP3_NULL : NULL_BULK);
    }

    /** The null of an aggregate: {@code *-1} in RESP2, {@code _} in RESP3. */
    public void nullArray() {
        out.writeBytes(resp3() ? RESP3_NULL : NULL_ARRAY);
    }

    public void arrayHeader(long length) {
        aggregateHeader('*', length);
    }

    /** A map of {@code entries} key/value pairs: {@code %n} in RESP3, an array of 2n elements in RESP2. */
    public void mapHeader(long entries) {
        if (resp3()) {
            aggregateHeader('%', entries);
        } else {
            aggregateHeader('*', entries * 2);
        }
    }

    public void setHeader(long length) {
        aggregateHeader(resp3() ? '~' : '*', length);
    }

    /** An out-of-band push ({@code >n}) in RESP3; RESP2 clients get an ordinary array. */
    public void pushHeader(long length) {
        aggregateHeader(resp3() ? '>' : '*', length);
    }

    public void bool(boolean value) {
        if (resp3()) {
            out.writeBytes(value ? TRUE : FALSE);
        } else {
            integer(value ? 1 : 0);
        }
    }

    /**
     * A double already formatted the way Redis prints it: {@code ,text} in RESP3, a bulk string in RESP2.
     */
    public void doubleText(byte[] formatted) {
        if (resp3()) {
            out.writeByte(',');
            out.writeBytes(formatted);
            out.writeBytes(CRLF);
        } else {
            bulk(formatted);
        }
    }

    /**
     * Human-readable text (INFO, CLIENT LIST): a verbatim string {@code =len\r\ntxt:...} in RESP3, a bulk string in
     * RESP2.
     */
    public void verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (resp3()) {
            out.writeByte('=');
            writeDecimal(bytes.length + 4);
            out.writeBytes(CRLF);
            out.writeCharSequence("txt:", StandardCharsets.US_ASCII);
            out.writeBytes(bytes);
            out.writeBytes(CRLF);
        } else {
            bulk(bytes);
        }
    }

    /** Bytes that are already a complete RESP reply. */
    public void raw(byte[] encoded) {
        out.writeBytes(encoded);
    }

    private void aggregateHeader(char type, long length) {
        out.writeByte(type);
        writeDecimal(length);
        out.writeBytes(CRLF);
    }

    private void writeDecimal(long value) {
        if (value >= 0 && value < SMALL_INTEGERS.length) {
            out.writeBytes(SMALL_INTEGERS[(int) value]);
            return;
        }
        if (value == Long.MIN_VALUE) {
            out.writeBytes(MIN_LONG);
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1; i >= out.writerIndex(); i--) {
            out.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        out.writerIndex(end);
    }
}
