package io.fluxkv.server;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.command.pubsub.Subscriptions;
import io.fluxkv.server.command.transaction.Transaction;
import io.fluxkv.server.store.Database;
import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The state of one client connection: selected database, protocol version, authentication, name, and the writer
 * its replies go through. Touched only by the connection's event-loop thread, except for the fields CLIENT LIST and
 * CLIENT KILL read from other connections, which are volatile.
 */
public final class Client {
    private final long id;
    private final Node node;
    private final Channel channel;
    private final RespWriter reply = new RespWriter();
    private final Transaction transaction;
    private Blocked blocked;
    private BlockingListener blockingListener;
    private final Subscriptions subscriptions = new Subscriptions();
    // The protocol again, volatile: publishers on other threads encode this client's pushes by it.
    private volatile int pushProtocol = 2;
    private final long createdAt = System.currentTimeMillis();
    private volatile int databaseIndex;
    private volatile boolean authenticated;
    private volatile String name = "";
    private volatile String libName = "";
    private volatile String libVersion = "";
    // Written on every command by this connection's thread and read, a moment stale at worst, by CLIENT LIST and
    // the idle-timeout check: plain fields, since a volatile store per command costs a full fence.
    private long lastInteraction = System.currentTimeMillis();
    private CommandSpec lastCommand;
    private volatile boolean noEvict;
    /** CLIENT REPLY state, as Redis keeps it: OFF until ON; SKIP for this command; SKIP for the next one. */
    private boolean repliesOff;
    private boolean skipThisReply;
    private boolean skipNextReply;
    private boolean closeAfterReply;
    private long logSeq;

    Client(long id, Node node, Channel channel) {
        this.id = id;
        this.node = node;
        this.channel = channel;
        this.transaction = new Transaction(node.store());
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

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** RESP2 subscribed mode: only (un)subscribing, PING, QUIT and RESET are allowed; RESP3 has no such mode. */
    public boolean subscribedResp2() {
        return !reply.resp3() && subscriptions.count() > 0;
    }

    /** HELLO's protocol switch: replies and pushes alike. */
    public void protocol(int version) {
        reply.protocol(version);
        pushProtocol = version;
    }

    public int pushProtocol() {
        return pushProtocol;
    }

    public Transaction transaction() {
        return transaction;
    }

    public Database db() {
        return node.store().database(databaseIndex);
    }

    public int databaseIndex() {
        return databaseIndex;
    }

    /**
     * Logs the running command as these commands instead of its request ({@code argv[0]} the command in lower
     * case, {@code argv[1]} the key): its effect, when the request would not reproduce it on replay.
     */
    public void logAs(byte[]... argv) {
        node.store().effects().replaceWith(databaseIndex, argv);
    }

    /** The AOF sequence number this client's pending replies must wait for (0: none). */
    public long logSeq() {
        return logSeq;
    }

    /** This client's commands appended records up to {@code seq}: its replies leave once they are in the file. */
    public void awaitLog(long seq) {
        if (seq > logSeq) {
            logSeq = seq;
        }
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

    /**
     * RESET: back to the state of a fresh connection (no subscriptions, database 0, RESP2, no name, replies on,
     * authenticated only if no password is required). The library name and version stay, as in Redis.
     */
    public void reset() {
        transaction.discard();
        node.pubSub().unsubscribeAll(this);
        databaseIndex = 0;
        protocol(2);
        authenticated = node.config().requirePass.isEmpty();
        name = "";
        repliesOn();
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

    /** CLIENT REPLY ON. */
    public void repliesOn() {
        repliesOff = false;
        skipThisReply = false;
    }

    /** CLIENT REPLY OFF. */
    public void repliesOff() {
        repliesOff = true;
    }

    /** CLIENT REPLY SKIP: the next command's reply is dropped (nothing to do while replies are off). */
    public void skipNextReply() {
        if (!repliesOff) {
            skipNextReply = true;
        }
    }

    /** Whether the reply of the command being run is to be dropped. */
    public boolean replySuppressed() {
        return repliesOff || skipThisReply;
    }

    /** Called after every command: a skip asked for by this command applies to the next one. */
    public void commandDone() {
        skipThisReply = skipNextReply;
        skipNextReply = false;
    }

    /** A command waiting for data (BLPOP and friends): what to run again when a key it waits on changes. */
    public record Blocked(CommandSpec spec, byte[][] argv, int db, List<byte[]> keys, long timeoutMillis) {
    }

    /** The connection's side of blocking: stop reading, schedule the timeout, retry on a wake-up. */
    public interface BlockingListener {
        void blocked(Blocked blocked);

        void wake();
    }

    /** Blocks this client on {@code keys} until one gets data or {@code timeoutMillis} (0: never) pass. */
    public void block(byte[][] argv, List<byte[]> keys, long timeoutMillis) {
        blocked = new Blocked(lastCommand, argv, databaseIndex, keys, timeoutMillis);
        node.blockedClients().add(this, databaseIndex, keys);
        blockingListener.blocked(blocked);
    }

    public Blocked blocked() {
        return blocked;
    }

    /** Served, timed out or gone: stop waiting on the keys. */
    public void unblock() {
        if (blocked != null) {
            node.blockedClients().remove(this, blocked.db(), blocked.keys());
            blocked = null;
        }
    }

    /** Called from any thread when a key this client waits on changed. */
    public void wakeBlocked() {
        blockingListener.wake();
    }

    public void blockingListener(BlockingListener listener) {
        this.blockingListener = listener;
    }

    /**
     * Largest reply one command may build when no normal output-buffer limit is set. Only a reply that grows
     * without a bound of its own can reach it (a huge negative count to HRANDFIELD, SRANDMEMBER, ZRANDMEMBER):
     * Redis streams such a reply until its output-buffer limit closes the client; here the command stops and the
     * connection is closed once what was written is sent.
     */
    public static final int MAX_REPLY_BYTES = 512 * 1024 * 1024;

    /**
     * Whether the reply being built has passed the normal client output-buffer hard limit (or
     * {@link #MAX_REPLY_BYTES} when that is 0); then the connection is to be closed.
     */
    public boolean replyOverLimit() {
        long limit = node.config().outputBufferLimits.normal().hardBytes();
        if (reply.target().writerIndex() <= (limit > 0 ? limit : MAX_REPLY_BYTES)) {
            return false;
        }
        closeAfterReply();
        return true;
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

    /** The socket's file descriptor where the transport exposes it (epoll), -1 otherwise. */
    public int fd() {
        return channel instanceof UnixChannel unix ? unix.fd().intValue() : -1;
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            // Redis writes IPv6 peers as [addr]:port so that the port stays separable.
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Closes the connection from any thread (CLIENT KILL, timeouts, limits). */
    public void kill() {
        channel.close();
    }
}
