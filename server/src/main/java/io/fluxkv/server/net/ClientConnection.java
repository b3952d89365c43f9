package io.fluxkv.server.net;

import io.fluxkv.protocol.resp.ProtocolError;
import io.fluxkv.protocol.resp.Request;
import io.fluxkv.protocol.resp.RequestDecoder;
import io.fluxkv.server.Client;
import io.fluxkv.server.Node;
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

/**
 * The last handler of a client pipeline: runs each decoded request on this event loop, collects the replies of one
 * read batch in one pooled buffer and writes and flushes it once when the batch ends (pipelining costs one syscall,
 * not one per reply). Applies back-pressure (no reads while the socket cannot take more output) and the output
 * buffer limits.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter implements RequestDecoder.AuthState {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final Node node;
    private final Client client;
    private ByteBuf out;
    private final OutputLimitTracker outputLimit = new OutputLimitTracker();

    ClientConnection(Node node, Client client) {
        this.node = node;
        this.client = client;
    }

    @Override
    public boolean authRequired() {
        return client.authRequired();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (out == null) {
            out = ctx.alloc().ioBuffer(256);
            client.reply().target(out);
        }
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
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Clock.endBatch();
        ByteBuf batch = out;
        if (batch != null) {
            out = null;
            client.reply().target(null);
            if (batch.isReadable()) {
                node.netOutputBytes().add(batch.readableBytes());
                if (client.closingAfterReply()) {
                    ctx.writeAndFlush(batch).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                ctx.writeAndFlush(batch);
                enforceOutputLimit(ctx);
            } else {
                batch.release();
            }
        }
        if (client.closingAfterReply()) {
            ctx.close();
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
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        node.clientClosed(client);
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
