package io.fluxkv.server.net;

import io.fluxkv.protocol.resp.RequestDecoder;
import io.fluxkv.server.Client;
import io.fluxkv.server.Node;
import io.fluxkv.server.config.ServerConfig;
import io.fluxkv.server.util.CpuAffinity;
import io.fluxkv.server.util.ThreadState;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listening side of a node: native epoll when the platform has it, NIO otherwise, one event loop per core
 * shared by accepting and serving. Each connection gets a pipeline of byte counting, request decoding and the
 * {@link ClientConnection} that runs commands.
 */
public final class NetworkServer {
    private static final Logger log = LoggerFactory.getLogger(NetworkServer.class);
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROTECTED = ("-DENIED Flux-KV is running in protected mode because protected mode is "
            + "enabled and no password is set for the default user. In this mode connections are only accepted from "
            + "the loopback interface. To accept other clients, set a password (requirepass), or disable protected "
            + "mode with 'CONFIG SET protected-mode no' from the loopback interface or '--protected-mode no' at "
            + "start-up, making sure the node is not reachable from untrusted networks.\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final Node node;
    private final boolean epoll = Epoll.isAvailable();
    private final List<Channel> listeners = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private int boundPort;

    public NetworkServer(Node node) {
        this.node = node;
    }

    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    public int boundPort() {
        return boundPort;
    }

    public void start() throws InterruptedException {
        ServerConfig config = node.config();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        int loops = config.eventLoops();
        AtomicInteger threadNumber = new AtomicInteger();
        group = new MultiThreadIoEventLoopGroup(loops,
                (ThreadFactory) task -> new ThreadState.CommandThread(CpuAffinity.pinned(config.serverCpuList, task),
                        "flux-io-" + threadNumber.incrementAndGet()),
                io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, config.tcpBacklog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, config.tcpKeepAlive > 0)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        admit(channel);
                    }
                });
        int port = config.port;
        for (String address : config.bind) {
            Channel listener = bootstrap.bind(new InetSocketAddress(address.startsWith("-") ? address.substring(1)
                    : address, port)).sync().channel();
            listeners.add(listener);
            port = ((InetSocketAddress) listener.localAddress()).getPort();
        }
        boundPort = port;
    }

    private void admit(SocketChannel channel) {
        ServerConfig config = node.config();
        if (node.clients().size() >= config.maxClients) {
            refuse(channel, MAX_CLIENTS);
            return;
        }
        if (config.protectedMode && config.requirePass.isEmpty() && !isLoopback(channel)) {
            refuse(channel, PROTECTED);
            return;
        }
        Client client = node.clientOpened(channel);
        connections.add(channel);
        ClientConnection connection = new ClientConnection(node, client);
        RequestDecoder decoder = new RequestDecoder(connection, config.protoMaxBulkLen);
        decoder.setMaxQueryBuffer(config.clientQueryBufferLimit);
        channel.pipeline().addLast("bytes", new ByteCounter(node)).addLast("decoder", decoder)
                .addLast("client", connection);
    }

    private void refuse(SocketChannel channel, byte[] error) {
        node.connectionRejected();
        channel.writeAndFlush(Unpooled.wrappedBuffer(error)).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean isLoopback(SocketChannel channel) {
        InetAddress address = channel.remoteAddress() == null ? null : channel.remoteAddress().getAddress();
        return address == null || address.isLoopbackAddress();
    }

    /** Stops listening, flushes and closes every client connection, and stops the event loops. */
    public void stop() {
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        log.debug("network stopped");
    }

    /** Counts the bytes read from the socket for INFO's total_net_input_bytes. */
    private static final class ByteCounter extends ChannelInboundHandlerAdapter {
        private final Node node;

        ByteCounter(Node node) {
            this.node = node;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                node.netInputBytes().add(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
