package io.fluxkv.server.aof;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.config.ServerConfig;
import io.fluxkv.server.store.Store;
import io.fluxkv.server.util.CpuAffinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The node's AOF life cycle: replay at start-up (clients get -LOADING meanwhile), the live file and its fsync
 * policy, turning it on and off with CONFIG SET, rewrites (BGREWRITEAOF and automatic by growth), and what INFO
 * persistence reports about all of it.
 */
public final class Persistence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Persistence.class);

    private final ServerConfig config;
    private final Store store;
    private final Dispatcher dispatcher;
    private final Client replayClient;
    private final Consumer<String> fatal;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final AtomicBoolean rewriting = new AtomicBoolean();
    private final ExecutorService rewriter;
    /** Serialises opening, closing and switching the live file (start-up, CONFIG SET, shutdown). */
    private final Object lifecycle = new Object();

    private volatile AofLoader.Result lastLoad;
    private volatile long loadingStartedAt;
    private volatile boolean rewriteScheduled;
    private volatile boolean lastRewriteOk = true;
    private volatile long lastRewriteSeconds = -1;
    private volatile long rewriteStartedAt;
    private volatile long rewrites;
    private volatile long rewriteFailuresInARow;
    private volatile long autoRewriteNotBefore;
    private volatile AofLoader loader;

    public Persistence(ServerConfig config, Store store, Dispatcher dispatcher, Client replayClient,
            Consumer<String> fatal) {
        this.config = config;
        this.store = store;
        this.dispatcher = dispatcher;
        this.replayClient = replayClient;
        this.fatal = fatal;
        this.rewriter = Executors.newSingleThreadExecutor(
                CpuAffinity.threads("flux-aof-rewrite", config.aofRewriteCpuList));
    }

    public Path path() {
        return Path.of(config.dir).resolve(config.appendFilename);
    }

    /**
     * With appendonly on, replays the AOF on a thread of its own (the node already answers, with -LOADING) and
     * then opens it for appending; damage before the end stops the node through {@code fatal}.
     */
    public void start() {
        if (!config.appendOnly) {
            loaded.countDown();
            return;
        }
        dispatcher.loading(true);
        loadingStartedAt = System.currentTimeMillis();
        // Redis loads on its main thread: the server's CPUs.
        CpuAffinity.threads("flux-aof-load", config.serverCpuList).newThread(this::loadAndOpen).start();
    }

    private void loadAndOpen() {
        Path path = path();
        try {
            Files.deleteIfExists(AofRewrite.tempFileFor(path));
            loader = new AofLoader(dispatcher, replayClient);
            AofLoader.Result result = loader.load(path);
            lastLoad = result;
            log.info("DB loaded from append only file {}: {} records in {} ms ({} records/s)", path,
                    result.records(), result.nanos() / 1_000_000, Math.round(result.recordsPerSecond()));
            synchronized (lifecycle) {
                // CONFIG SET appendonly no may have come while loading.
                if (config.appendOnly) {
                    open(path);
                }
            }
        } catch (AofCorruptException e) {
            log.error("{} (file {})", e.getMessage(), path);
            fatal.accept(e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("Cannot load the AOF {}: {}", path, e.toString());
            fatal.accept("cannot load the AOF: " + e.getMessage());
        } finally {
            dispatcher.loading(false);
            loaded.countDown();
        }
    }

    private void open(Path path) throws IOException {
        AppendOnlyFile file = AppendOnlyFile.open(path, AppendOnlyFile.Fsync.of(config.appendFsync), fatal,
                CpuAffinity.threads("flux-aof", config.bioCpuList),
                config.bioCpuList.isEmpty() && config.eventLoops() == 1);
        store.effects().attach(file);
    }

    /** Blocks until the start-up load is over (at once without an AOF). */
    public void awaitLoaded() throws InterruptedException {
        loaded.await();
    }

    /** After CONFIG SET: turns the AOF on (writing the data set as a new file) or off, and applies appendfsync. */
    public void configChanged() {
        synchronized (lifecycle) {
            AppendOnlyFile file = store.effects().file();
            if (config.appendOnly && file == null && loaded.getCount() == 0) {
                if (rewriting.get()) {
                    // That rewrite (of the data only) would land on the new file: start once it is over, as Redis
                    // schedules it.
                    rewriteScheduled = true;
                } else {
                    startLogging();
                }
            } else if (!config.appendOnly && file != null) {
                store.effects().attach(null);
                file.close();
            } else if (file != null) {
                file.fsync(AppendOnlyFile.Fsync.of(config.appendFsync));
            }
        }
    }

    /** Opens a fresh AOF and fills it by a rewrite: whatever the file held before is stale. */
    private void startLogging() {
        try {
            Files.deleteIfExists(path());
            open(path());
        } catch (IOException e) {
            config.appendOnly = false;
            throw new CommandException("ERR Failed to start the AOF: " + e.getMessage());
        }
        rewriteInBackground();
    }

    /**
     * Offline compaction (aof-tools rewrite) on a node that was never started: replays {@code in} — left as it is,
     * a torn tail included — and writes the live data set as {@code out}.
     */
    public AofLoader.Result rewriteOffline(Path in, Path out) throws IOException {
        AofLoader.Result result = new AofLoader(dispatcher, replayClient).load(in, false);
        new AofRewrite(store, out).run(null);
        return result;
    }

    /** BGREWRITEAOF; returns the status line Redis replies with, or throws its error. */
    public String rewriteInBackground() {
        if (!rewriting.compareAndSet(false, true)) {
            throw new CommandException("ERR Background append only file rewriting already in progress");
        }
        rewriteScheduled = false;
        rewriteStartedAt = System.currentTimeMillis();
        rewriter.execute(this::rewrite);
        return "Background append only file rewriting started";
    }

    private void rewrite() {
        try {
            // Not under the lifecycle lock: CONFIG SET must not wait for a rewrite. Turning the AOF off meanwhile
            // makes the switch fail on the closed file, and the rewrite ends as failed, its temporary file deleted.
            new AofRewrite(store, path()).run(store.effects().file());
            lastRewriteOk = true;
            rewrites++;
            rewriteFailuresInARow = 0;
        } catch (IOException | UncheckedIOException e) {
            rewriteFailed();
            log.error("AOF rewrite failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            rewriteFailed();
            log.error("AOF rewrite failed", e);
        } finally {
            lastRewriteSeconds = (System.currentTimeMillis() - rewriteStartedAt) / 1000;
            rewriting.set(false);
        }
    }

    /** After failures, automatic rewrites back off (1 min, doubling up to 1 h), so a full disk is not hammered. */
    private void rewriteFailed() {
        lastRewriteOk = false;
        rewriteFailuresInARow++;
        long delay = Math.min(3_600_000L, 60_000L << Math.min(6, rewriteFailuresInARow - 1));
        autoRewriteNotBefore = System.currentTimeMillis() + delay;
    }

    /**
     * Cron: a scheduled rewrite once none runs; a rewrite once the file has grown by auto-aof-rewrite-percentage and
     * is over the minimum size.
     */
    public void cronTick() {
        if (rewriteScheduled && !rewriting.get()) {
            synchronized (lifecycle) {
                if (config.appendOnly && store.effects().file() == null) {
                    startLogging();
                } else {
                    rewriteInBackground();
                }
            }
            return;
        }
        AppendOnlyFile file = store.effects().file();
        int percentage = config.autoAofRewritePercentage;
        if (file == null || percentage == 0 || rewriting.get() || System.currentTimeMillis() < autoRewriteNotBefore) {
            return;
        }
        long size = file.currentSize();
        long base = Math.max(1, file.baseSize());
        if (size > config.autoAofRewriteMinSize && (size - base) * 100 / base >= percentage) {
            log.info("Starting automatic rewriting of AOF on {}% growth", (size - base) * 100 / base);
            rewriteInBackground();
        }
    }

    /** Writes out and closes the live file (a graceful stop loses nothing, whatever the fsync policy). */
    @Override
    public void close() {
        rewriter.shutdownNow();
        try {
            // An interrupted rewrite fails on its next file operation and removes its temporary file.
            rewriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lifecycle) {
            AppendOnlyFile file = store.effects().file();
            if (file != null) {
                store.effects().attach(null);
                file.close();
            }
        }
    }

    public boolean loading() {
        return dispatcher.loading();
    }

    public long loadingStartedAt() {
        return loadingStartedAt;
    }

    public boolean rewriteInProgress() {
        return rewriting.get();
    }

    public boolean rewriteScheduled() {
        return rewriteScheduled;
    }

    public boolean lastRewriteOk() {
        return lastRewriteOk;
    }

    public long lastRewriteSeconds() {
        return lastRewriteSeconds;
    }

    /** Seconds the running rewrite has taken so far, -1 when none runs. */
    public long currentRewriteSeconds() {
        return rewriting.get() ? (System.currentTimeMillis() - rewriteStartedAt) / 1000 : -1;
    }

    public long rewriteFailuresInARow() {
        return rewriteFailuresInARow;
    }

    public long loadingTotalBytes() {
        AofLoader current = loader;
        return current == null ? 0 : current.totalBytes();
    }

    public long loadingLoadedBytes() {
        AofLoader current = loader;
        return current == null ? 0 : current.loadedBytes();
    }

    public long rewrites() {
        return rewrites;
    }

    public AofLoader.Result lastLoad() {
        return lastLoad;
    }

    public AppendOnlyFile file() {
        return store.effects().file();
    }
}
