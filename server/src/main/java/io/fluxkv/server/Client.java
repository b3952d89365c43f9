package io.fluxkv.server;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.store.Database;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The state of one client connection: selected database, protocol version, authentication, name, and the writer
 * its replies go through. Touched only by the connection's event-loop thread, except for the fields CLIENT LIST and
 * CLIENT KILL read from other connections, which are volatile.
 */
public final class Client {
    /** What CLIENT REPLY chose: reply to everything, to nothing, or skip the next command's reply. */
    public enum ReplyMode { ON, OFF, SKIP }

    private final long id;
    private final Node node;
    private final Channel channel;
    private final RespWriter reply = new RespWriter();
    private final long createdAt = System.currentTimeMillis();
    private volatile int databaseIndex;
    private volatile boolean authenticated;
    private volatile String name = "";
    private volatile String libName = "";
    private volatile String libVersion = "";
    private volatile long lastInteraction = System.currentTimeMillis();
    private volatile CommandSpec lastCommand;
    private volatile boolean noEvict;
    private ReplyMode replyMode = ReplyMode.ON;
    private boolean closeAfterReply;

    Client(long id, Node node, Channel channel) {
        this.id = id;
        this.node = node;
        this.channel = channel;
        this.authenticated = node.config().requirePass.isEmpty();
    }

    public long id() {
        return id;
    }

    public Node node() {
        return node;
    }

    public Channel channel() {
        return channel;
    }

    public RespWriter reply() {
        return reply;
    }

    public Database db() {
        return node.store().database(databaseIndex);
    }

    public int databaseIndex() {
        return databaseIndex;
    }

    public void select(int index) {
        this.databaseIndex = index;
    }

    /** Whether a command other than AUTH, HELLO and the like must be refused with -NOAUTH. */
    public boolean authRequired() {
        return !authenticated && !node.config().requirePass.isEmpty();
    }

    public void authenticated(boolean value) {
        this.authenticated = value;
    }

    public String name() {
        return name;
    }

    public void name(String value) {
        this.name = value;
    }

    public String libName() {
        return libName;
    }

    public void libName(String value) {
        this.libName = value;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String value) {
        this.libVersion = value;
    }

    public long createdAt() {
        return createdAt;
    }

    public long lastInteraction() {
        return lastInteraction;
    }

    public void touch(long now) {
        this.lastInteraction = now;
    }

    public CommandSpec lastCommand() {
        return lastCommand;
    }

    public void lastCommand(CommandSpec spec) {
        this.lastCommand = spec;
    }

    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean value) {
        this.noEvict = value;
    }

    public ReplyMode replyMode() {
        return replyMode;
    }

    public void replyMode(ReplyMode mode) {
        this.replyMode = mode;
    }

    /** Ask for the connection to be closed once the replies written so far have been flushed (QUIT, errors). */
    public void closeAfterReply() {
        this.closeAfterReply = true;
    }

    public boolean closingAfterReply() {
        return closeAfterReply;
    }

    public String remoteAddress() {
        return format(channel.remoteAddress());
    }

    public String localAddress() {
        return format(channel.localAddress());
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Closes the connection from any thread (CLIENT KILL, timeouts, limits). */
    public void kill() {
        channel.close();
    }
}
