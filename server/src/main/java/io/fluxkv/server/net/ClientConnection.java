package io.fluxkv.server.net;

import io.fluxkv.protocol.resp.ProtocolError;
import io.fluxkv.protocol.resp.Request;
import io.fluxkv.protocol.resp.RequestDecoder;
import io.fluxkv.server.Client;
import io.fluxkv.server.Node;
import io.fluxkv.server.aof.AppendOnlyFile;
import io.fluxkv.server.config.OutputBufferLimits;
import io.fluxkv.server.config.OutputLimitTracker;
import io.fluxkv.server.util.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of a client pipeline: runs each decoded request on this event loop, collects the replies of one
 * read batch in one pooled buffer and writes and flushes it once when the batch ends (pipelining costs one syscall,
 * not one per reply). Applies back-pressure (no reads while the socket cannot take more output) and the output
 * buffer limits.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter
        implements RequestDecoder.AuthState, Client.BlockingListener {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final Node node;
    private final Client client;
    private ByteBuf out;
    private final OutputLimitTracker outputLimit = new OutputLimitTracker();
    /** Requests that arrived while the client was blocked: run, in order, once it is served or times out. */
    private final ArrayDeque<Object> heldBack = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> blockTimeout;
    /** A reply batch held until the AOF has the records up to {@code seq}. */
    private record HeldReply(ByteBuf batch, long seq) {
    }

    /** Reply batches held for the AOF, oldest first. */
    private final ArrayDeque<HeldReply> heldReplies = new ArrayDeque<>();
    /** Whether this connection is on its loop's {@link LogBarrier} list. */
    boolean awaitingLog;

    ClientConnection(Node node, Client client) {
        this.node = node;
        this.client = client;
        client.blockingListener(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean authRequired() {
        return client.authRequired();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (client.blocked() != null) {
            // A blocked client's later commands wait for it, as in Redis: its replies must stay in order.
            heldBack.add(msg);
            return;
        }
        beginBatch();
        handle(msg);
    }

    private void beginBatch() {
        if (out == null) {
            out = ctx.alloc().ioBuffer(256);
            client.reply().target(out);
        }
    }

    private void handle(Object msg) {
        if (msg instanceof Request request) {
            execute(request.argv());
        } else if (msg instanceof ProtocolError error) {
            log.debug("protocol error from {}: {}", client.remoteAddress(), error.detail());
            client.reply().error("ERR " + error.message());
            client.closeAfterReply();
        } else if (msg == RequestDecoder.QUERY_BUFFER_OVERFLOW) {
            log.warn("closing client id={} addr={} that reached the query buffer limit", client.id(),
                    client.remoteAddress());
            ctx.close();
        }
    }

    private void execute(byte[][] argv) {
        if (client.closingAfterReply()) {
            return;
        }
        client.touch(Clock.startCommand());
        try {
            int mark = out.writerIndex();
            node.dispatcher().execute(client, argv);
            if (client.replySuppressed()) {
                out.writerIndex(mark);
            }
            client.commandDone();
        } finally {
            Clock.endCommand();
        }
    }

    @Override
    public void blocked(Client.Blocked blocked) {
        ctx.channel().config().setAutoRead(false);
        if (blocked.timeoutMillis() > 0) {
            blockTimeout = ctx.executor().schedule(this::timedOut, blocked.timeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void wake() {
        ctx.executor().execute(this::retryBlocked);
    }

    /** A key the client waits on changed: run its command again; a reply means it was served. */
    private void retryBlocked() {
        Client.Blocked blocked = client.blocked();
        if (blocked == null || !ctx.channel().isActive()) {
            return;
        }
        beginBatch();
        int mark = out.writerIndex();
        client.touch(Clock.startCommand());
        try {
            node.dispatcher().run(client, blocked.spec(), blocked.argv());
        } finally {
            Clock.endCommand();
        }
        if (out.writerIndex() > mark) {
            unblocked();
        }
        finishBatch();
    }

    private void timedOut() {
        Client.Blocked blocked = client.blocked();
        if (blocked == null) {
            return;
        }
        beginBatch();
        // Every blocking pop that times out answers a null array (BLMOVE too), as Redis does.
        client.reply().nullArray();
        unblocked();
        finishBatch();
    }

    /** Served or timed out: read again, and run what arrived meanwhile until done or blocked again. */
    private void unblocked() {
        if (blockTimeout != null) {
            blockTimeout.cancel(false);
            blockTimeout = null;
        }
        client.unblock();
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        while (client.blocked() == null && !heldBack.isEmpty()) {
            handle(heldBack.poll());
        }
    }

    private void finishBatch() {
        Clock.endBatch();
        flushBatch(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Clock.endBatch();
        flushBatch(ctx);
    }

    private void flushBatch(ChannelHandlerContext ctx) {
        ByteBuf batch = out;
        if (batch != null) {
            out = null;
            client.reply().target(null);
            if (batch.isReadable()) {
                if (mustWaitForLog()) {
                    heldReplies.add(new HeldReply(batch, client.logSeq()));
                    LogBarrier.of(ctx.executor(), node.store().effects()).await(this);
                    return;
                }
                node.netOutputBytes().add(batch.readableBytes());
                if (client.closingAfterReply()) {
                    ctx.writeAndFlush(batch).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                // No promise to allocate per reply: a failed write reaches exceptionCaught, which closes.
                ctx.writeAndFlush(batch, ctx.voidPromise());
                enforceOutputLimit(ctx);
            } else {
                batch.release();
            }
        }
        if (client.closingAfterReply() && heldReplies.isEmpty()) {
            ctx.close();
        }
    }

    /** Whether replies must wait: this client's records are not yet acknowledged by the log, or earlier ones wait. */
    private boolean mustWaitForLog() {
        if (!heldReplies.isEmpty()) {
            return true;
        }
        long seq = client.logSeq();
        if (seq == 0) {
            return false;
        }
        AppendOnlyFile file = node.store().effects().file();
        return file != null && seq > file.acknowledgedSeq();
    }

    /**
     * Sends the held replies whose records the log now acknowledges ({@code acknowledged}); returns true when none is
     * left.
     */
    boolean releaseHeld(long acknowledged) {
        if (!ctx.channel().isActive()) {
            releaseAllHeld();
            return true;
        }
        boolean sent = false;
        while (!heldReplies.isEmpty() && heldReplies.peek().seq() <= acknowledged) {
            ByteBuf batch = heldReplies.poll().batch();
            node.netOutputBytes().add(batch.readableBytes());
            ctx.write(batch, ctx.voidPromise());
            sent = true;
        }
        if (sent) {
            if (heldReplies.isEmpty() && client.closingAfterReply()) {
                ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.flush();
                enforceOutputLimit(ctx);
            }
        }
        return heldReplies.isEmpty();
    }

    private void releaseAllHeld() {
        while (!heldReplies.isEmpty()) {
            heldReplies.poll().batch().release();
        }
    }

    private void enforceOutputLimit(ChannelHandlerContext ctx) {
        OutputBufferLimits.Limit limit = node.config().outputBufferLimits.normal();
        if (limit.hardBytes() == 0 && limit.softBytes() == 0) {
            return;
        }
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        long queued = pending == null ? 0 : pending.totalPendingWriteBytes();
        if (outputLimit.exceeded(limit, queued, System.currentTimeMillis())) {
            log.warn("closing client id={} addr={}: output buffer of {} bytes is over its limit", client.id(),
                    client.remoteAddress(), queued);
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A client that does not read its replies stops being read from, so it cannot make us buffer without end.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable() && client.blocked() == null);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (client.blocked() != null) {
            if (blockTimeout != null) {
                blockTimeout.cancel(false);
            }
            client.unblock();
        }
        node.clientClosed(client);
        releaseAllHeld();
        if (out != null) {
            out.release();
            out = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing client id={} after {}", client.id(), cause.toString());
        ctx.close();
    }
}
