package io.fluxkv.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

import java.util.Arrays;
import java.util.List;

/**
 * Decodes client requests (RESP multibulk arrays and inline commands) into {@link Request}s.
 * <p>
 * Frames may be split at any byte: the decoder keeps the arguments read so far and resumes where it stopped, so a
 * large pipeline is never re-parsed from its start. It never allocates what a header merely claims: the argument
 * array grows with the arguments that actually arrive, and a bulk is copied only once all its bytes are buffered.
 * Limits and error strings follow Redis 7.
 */
public final class RequestDecoder extends ByteToMessageDecoder {
    /** Longest inline command or header line without a newline (Redis's PROTO_INLINE_MAX_SIZE). */
    public static final int INLINE_MAX_SIZE = 64 * 1024;
    public static final int MAX_MULTIBULK_LENGTH = 1024 * 1024;
    public static final long DEFAULT_MAX_BULK_LENGTH = 512L * 1024 * 1024;
    /** Before a client has authenticated, requests are capped so that it cannot make the server allocate. */
    public static final int UNAUTHENTICATED_MAX_ARGS = 10;
    public static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;

    private final AuthState auth;
    private long maxBulkLength;
    private long maxQueryBuffer = Long.MAX_VALUE;

    /** Arguments of the multibulk being read; null between requests. */
    private byte[][] args;
    private int argsExpected;
    private int argsRead;
    /** Length of the bulk whose payload is awaited, or -1 while its header has not been read. */
    private long bulkLength = -1;
    private boolean failed;

    /** Tells the decoder whether the connection still owes an AUTH (then the stricter limits apply). */
    public interface AuthState {
        boolean authRequired();
    }

    public RequestDecoder(AuthState auth, long maxBulkLength) {
        this.auth = auth;
        this.maxBulkLength = maxBulkLength;
    }

    public void setMaxBulkLength(long maxBulkLength) {
        this.maxBulkLength = maxBulkLength;
    }

    /** Bytes a client may have buffered unparsed (client-query-buffer-limit); beyond it the decoder gives up. */
    public void setMaxQueryBuffer(long maxQueryBuffer) {
        this.maxQueryBuffer = maxQueryBuffer;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        Object decoded;
        if (in.readableBytes() > maxQueryBuffer) {
            decoded = QUERY_BUFFER_OVERFLOW;
        } else {
            decoded = args == null && in.getByte(in.readerIndex()) != '*' ? decodeInline(in) : decodeMultibulk(in);
            if (decoded == null) {
                return;
            }
        }
        if (decoded instanceof ProtocolError || decoded == QUERY_BUFFER_OVERFLOW) {
            // Nothing after a protocol error is parsed; dropping the rest also tells Netty bytes were consumed.
            failed = true;
            in.skipBytes(in.readableBytes());
        }
        // One request per call: the handler may change auth state (AUTH) before the next one is parsed.
        out.add(decoded);
    }

    /** Returns a request, a protocol error, {@link #EMPTY} for a blank line, or null when more bytes are needed. */
    private Object decodeInline(ByteBuf in) {
        int start = in.readerIndex();
        int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > INLINE_MAX_SIZE) {
                return new ProtocolError("too big inline request");
            }
            return null;
        }
        int end = newline;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(newline + 1);
        byte[][] argv = InlineSplitter.split(line);
        if (argv == null) {
            return new ProtocolError("unbalanced quotes in request");
        }
        return argv.length == 0 ? EMPTY : new Request(argv);
    }

    private Object decodeMultibulk(ByteBuf in) {
        if (args == null) {
            int lineEnd = findLineEnd(in);
            if (lineEnd == TOO_LONG) {
                return new ProtocolError("too big mbulk count string");
            }
            if (lineEnd < 0) {
                return null;
            }
            long count = parseLong(in, in.readerIndex() + 1, lineEnd);
            if (count == INVALID || count > MAX_MULTIBULK_LENGTH) {
                return new ProtocolError("invalid multibulk length");
            }
            if (count > UNAUTHENTICATED_MAX_ARGS && auth.authRequired()) {
                return new ProtocolError("unauthenticated multibulk length");
            }
            in.readerIndex(lineEnd + 2);
            if (count <= 0) {
                return EMPTY;
            }
            argsExpected = (int) count;
            argsRead = 0;
            args = new byte[Math.min(argsExpected, 1024)][];
        }
        while (argsRead < argsExpected) {
            if (bulkLength < 0) {
                int lineEnd = findLineEnd(in);
                if (lineEnd == TOO_LONG) {
                    return new ProtocolError("too big bulk count string");
                }
                if (lineEnd < 0) {
                    return null;
                }
                byte marker = in.getByte(in.readerIndex());
                if (marker != '$') {
                    return new ProtocolError("expected '$', got '" + (char) (marker & 0xff) + "'");
                }
                long length = parseLong(in, in.readerIndex() + 1, lineEnd);
                if (length < 0 || length > maxBulkLength) {
                    return new ProtocolError("invalid bulk length");
                }
                if (length > UNAUTHENTICATED_MAX_BULK && auth.authRequired()) {
                    return new ProtocolError("unauthenticated bulk length");
                }
                in.readerIndex(lineEnd + 2);
                bulkLength = length;
            }
            // Like Redis, the two bytes after the payload are taken as its CRLF without being checked.
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[(int) bulkLength];
            in.readBytes(arg);
            in.skipBytes(2);
            if (argsRead == args.length) {
                args = Arrays.copyOf(args, (int) Math.min(argsExpected, (long) args.length * 2));
            }
            args[argsRead++] = arg;
            bulkLength = -1;
        }
        byte[][] argv = args.length == argsRead ? args : Arrays.copyOf(args, argsRead);
        args = null;
        return new Request(argv);
    }

    /** Marker for an empty request (blank inline line or {@code *0}); the caller just skips it. */
    public static final Object EMPTY = new Object() {
        @Override
        public String toString() {
            return "EMPTY";
        }
    };

    /** Marker emitted once the query buffer limit is exceeded: the connection is closed without a reply. */
    public static final Object QUERY_BUFFER_OVERFLOW = new Object() {
        @Override
        public String toString() {
            return "QUERY_BUFFER_OVERFLOW";
        }
    };

    private static final int TOO_LONG = -2;
    private static final long INVALID = Long.MIN_VALUE;

    /**
     * Index of the CR of a complete CRLF-terminated line starting at the reader index, -1 when the line is not yet
     * complete, {@link #TOO_LONG} when no CR came within the inline limit.
     */
    private static int findLineEnd(ByteBuf in) {
        int start = in.readerIndex();
        int cr = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_CR);
        if (cr < 0) {
            return in.readableBytes() > INLINE_MAX_SIZE ? TOO_LONG : -1;
        }
        return cr + 1 < in.writerIndex() ? cr : -1;
    }

    /** Parses a signed decimal as Redis's string2ll does (no '+', no leading zeros, no spaces). */
    private static long parseLong(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return INVALID;
        }
        int i = from;
        boolean negative = false;
        if (in.getByte(i) == '-') {
            negative = true;
            i++;
            if (i == to) {
                return INVALID;
            }
        }
        if (in.getByte(i) == '0') {
            return (i + 1 == to && !negative) ? 0 : INVALID;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = in.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                return INVALID;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return INVALID;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
