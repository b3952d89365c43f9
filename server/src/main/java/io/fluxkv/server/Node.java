package io.fluxkv.server;

import io.fluxkv.protocol.command.CommandTable;
import io.fluxkv.server.aof.Persistence;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.command.blocking.BlockedClients;
import io.fluxkv.server.command.Handlers;
import io.fluxkv.server.command.pubsub.PubSubRegistry;
import io.fluxkv.server.config.ServerConfig;
import io.fluxkv.server.net.NetworkServer;
import io.fluxkv.server.store.ActiveExpiry;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.util.CpuAffinity;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Flux-KV node: configuration, keyspace, command dispatch, connected clients, the network server and the
 * background "cron" (active expiry, idle-client timeouts), with a start and a graceful stop.
 */
public final class Node implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    public static final String VERSION = "7.0.15";
    public static final String FLUX_VERSION = "0.1.0";

    private final ServerConfig config;
    private final Store store;
    private final Dispatcher dispatcher;
    private final ClientRegistry clients = new ClientRegistry();
    private final BlockedClients blockedClients = new BlockedClients();
    private final PubSubRegistry pubSub = new PubSubRegistry(this);
    private final NetworkServer network;
    private final ScheduledExecutorService cron;
    private final ActiveExpiry activeExpiry;
    private final String runId;
    private final String replId;
    private final OpsSampler opsSampler = new OpsSampler();
    private final long startedAt = System.currentTimeMillis();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LongAdder netInputBytes = new LongAdder();
    private final LongAdder netOutputBytes = new LongAdder();
    private volatile long lastSave = System.currentTimeMillis() / 1000;
    private final Persistence persistence;
    private volatile int exitStatus;

    public Node(ServerConfig config) {
        this.config = config;
        this.store = new Store(config.databases);
        CommandTable table = CommandTable.standard();
        this.dispatcher = new Dispatcher(table, store, Handlers.bindAll(table));
        this.network = new NetworkServer(this);
        Client replayClient = new Client(0, this, null);
        replayClient.reply().target(Unpooled.buffer(256));
        this.persistence = new Persistence(config, store, dispatcher, replayClient, this::fatal);
        this.activeExpiry = new ActiveExpiry(store, 25, TimeUnit.MILLISECONDS);
        this.runId = randomHex();
        this.replId = randomHex();
        this.cron = Executors.newSingleThreadScheduledExecutor(CpuAffinity.threads("flux-cron", config.serverCpuList));
    }

    /** Binds the listening sockets and starts background work; returns once clients can connect. */
    public Node start() throws InterruptedException {
        network.start();
        persistence.start();
        long period = Math.max(1, 1000 / Math.max(1, config.hz));
        cron.scheduleWithFixedDelay(this::cronTick, period, period, TimeUnit.MILLISECONDS);
        log.info("Flux-KV {} (Redis {} protocol) ready on port {} ({} transport)", FLUX_VERSION, VERSION,
                port(), network.transportName());
        return this;
    }

    private static String randomHex() {
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private void cronTick() {
        try {
            opsSampler.sample(System.currentTimeMillis(), dispatcher.stats().totalCommands());
            // Not while the AOF loads: replay decides expiry at each record's own time, and a key reclaimed now
            // by the wall clock could be recreated, without its deadline, by a later record.
            if (!dispatcher.loading()) {
                activeExpiry.runOnce();
            }
            closeIdleClients();
            persistence.cronTick();
        } catch (RuntimeException e) {
            log.error("background task failed", e);
        }
    }

    private void closeIdleClients() {
        long timeout = config.timeoutSeconds;
        if (timeout <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Client client : clients.all()) {
            if (now - client.lastInteraction() > timeout * 1000) {
                log.debug("closing idle client id={} addr={}", client.id(), client.remoteAddress());
                client.kill();
            }
        }
    }

    /** Registers a new connection; called by the network layer once it has passed the admission checks. */
    public Client clientOpened(io.netty.channel.Channel channel) {
        return clients.register(this, channel);
    }

    public void clientClosed(Client client) {
        client.transaction().unwatchAll();
        pubSub.unsubscribeAll(client);
        clients.unregister(client);
    }

    /** Counts a connection refused at accept (maxclients, protected mode). */
    public void connectionRejected() {
        clients.countRejected();
    }

    /** Stops accepting, closes clients and background work. Safe to call more than once, from any thread. */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        log.info("Flux-KV shutting down");
        cron.shutdownNow();
        network.stop();
        persistence.close();
        stopped.countDown();
        log.info("Flux-KV stopped");
    }

    /**
     * SHUTDOWN: stops the node from a thread of its own, since the command runs on an event loop that
     * {@link #close()} waits for.
     */
    public void shutdownAsync() {
        Thread stopper = new Thread(this::close, "flux-shutdown-command");
        stopper.setDaemon(false);
        stopper.start();
    }

    /** Something the node cannot go on after (a corrupt AOF, a failed fsync under always): stop, exit status 1. */
    private void fatal(String reason) {
        log.error("Fatal: {}; stopping", reason);
        exitStatus = 1;
        shutdownAsync();
    }

    /** 0 after a normal stop, 1 after a fatal error: what the process exits with. */
    public int exitStatus() {
        return exitStatus;
    }

    public Persistence persistence() {
        return persistence;
    }

    /** Blocks until the AOF, if any, has been loaded (commands get -LOADING until then). */
    public void awaitLoaded() throws InterruptedException {
        persistence.awaitLoaded();
    }

    /** Blocks until {@link #close()} has completed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean stopping() {
        return stopping.get();
    }

    public ServerConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public PubSubRegistry pubSub() {
        return pubSub;
    }

    /** Clients waiting in BLPOP and friends. */
    public BlockedClients blockedClients() {
        return blockedClients;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public NetworkServer network() {
        return network;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return network.boundPort();
    }

    public String runId() {
        return runId;
    }

    /** The replication id INFO reports; a node is always a master with its own history. */
    public String replId() {
        return replId;
    }

    /** Commands per second over the last samples (INFO's instantaneous_ops_per_sec). */
    public long instantaneousOpsPerSecond() {
        return opsSampler.average();
    }

    /** CONFIG RESETSTAT: zeroes the counters INFO stats and commandstats report. */
    public void resetStats() {
        dispatcher.stats().reset();
        clients.resetStats();
        store.resetStats();
        netInputBytes.reset();
        netOutputBytes.reset();
        opsSampler.reset();
    }

    public long startedAt() {
        return startedAt;
    }

    public long lastSave() {
        return lastSave;
    }

    public LongAdder netInputBytes() {
        return netInputBytes;
    }

    public LongAdder netOutputBytes() {
        return netOutputBytes;
    }

    /**
     * Instantaneous rate of commands as Redis computes it: the mean of the last 16 per-interval rates, sampled by
     * the cron whatever its period.
     */
    private static final class OpsSampler {
        private static final int SAMPLES = 16;
        private final long[] rates = new long[SAMPLES];
        private int next;
        private long lastTime;
        private long lastCount;

        synchronized void sample(long now, long count) {
            if (lastTime != 0 && now > lastTime) {
                rates[next] = Math.max(0, count - lastCount) * 1000 / (now - lastTime);
                next = (next + 1) % SAMPLES;
            }
            lastTime = now;
            lastCount = count;
        }

        synchronized long average() {
            long sum = 0;
            for (long rate : rates) {
                sum += rate;
            }
            return sum / SAMPLES;
        }

        synchronized void reset() {
            java.util.Arrays.fill(rates, 0);
            lastTime = 0;
        }
    }
}
