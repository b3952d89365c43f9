package io.fluxkv.server.aof;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.protocol.command.CommandTable;
import io.fluxkv.server.Client;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.util.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Rebuilds the databases from the AOF at start-up: reads the records in order and applies each through its
 * command's handler. A torn last record (the node stopped while writing it), or a transaction whose {@code exec}
 * never made it, is cut off with a warning; any other damage stops the load with the line and offset, for the user
 * to decide (aof-tools fix).
 */
public final class AofLoader {
    private static final Logger log = LoggerFactory.getLogger(AofLoader.class);

    /** What a load did: records applied, bytes kept, and where a torn tail was cut (-1 if none). */
    public record Result(long records, long bytes, long truncatedAt, long failedRecords, long nanos) {
        public double recordsPerSecond() {
            return nanos == 0 ? 0 : records * 1e9 / nanos;
        }
    }

    private final Dispatcher dispatcher;
    private final Client client;
    private final Map<String, CommandSpec> specs = new HashMap<>();
    /** Progress for INFO while loading. */
    private volatile long totalBytes;
    private volatile long loadedBytes;

    public AofLoader(Dispatcher dispatcher, Client client) {
        this.dispatcher = dispatcher;
        this.client = client;
    }

    /**
     * Loads {@code path} (missing or empty: nothing to load). A torn tail is truncated in the file itself, so the
     * node appends after the last good record. Reading and parsing run on the calling thread, applying on another,
     * handed over in batches: the two halves of the work take about as long as each other.
     *
     * @throws AofCorruptException for damage before the end
     */
    public Result load(Path path) throws IOException {
        return load(path, true);
    }

    /** As {@link #load(Path)}; without {@code repair} a torn tail is left in the file (offline tools). */
    public Result load(Path path, boolean repair) throws IOException {
        long started = System.nanoTime();
        if (!Files.exists(path) || Files.size(path) == 0) {
            return new Result(0, 0, -1, 0, 0);
        }
        long size = Files.size(path);
        totalBytes = size;
        long good = size;
        long truncatedAt = -1;
        Applier applier = new Applier();
        applier.start();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            // Only the bytes present when we looked: a device or a growing file cannot keep us reading.
            AofReader reader = new AofReader(boundedTo(in, size));
            Batch batch = new Batch();
            Batch transaction = null;
            long transactionOffset = 0;
            long records = 0;
            try {
                reader.readHeader();
                AofRecord record;
                while ((record = reader.next()) != null) {
                    switch (record.op()) {
                        case "multi" -> {
                            if (transaction != null) {
                                throw corrupt(reader, "multi inside a transaction");
                            }
                            transaction = new Batch();
                            transactionOffset = reader.lineOffset();
                        }
                        case "exec" -> {
                            if (transaction == null) {
                                throw corrupt(reader, "exec without multi");
                            }
                            for (int i = 0; i < transaction.size; i++) {
                                batch = add(applier, batch, transaction.specs[i], transaction.times[i],
                                        transaction.dbs[i], transaction.argvs[i]);
                            }
                            transaction = null;
                        }
                        default -> {
                            if ((++records & 4095) == 0) {
                                loadedBytes = reader.position();
                            }
                            CommandSpec spec = validate(record, reader);
                            byte[][] argv = argv(record);
                            if (transaction != null) {
                                transaction.add(spec, record.ts(), record.db(), argv);
                            } else {
                                batch = add(applier, batch, spec, record.ts(), record.db(), argv);
                            }
                        }
                    }
                }
                good = reader.position();
                if (reader.padding() > 0) {
                    log.info("The AOF {} has {} bytes of reserved space after its last record (the node was not "
                            + "stopped cleanly): cutting them off", path, reader.padding());
                }
                if (transaction != null) {
                    truncatedAt = transactionOffset;
                    log.warn("The AOF {} ends inside a transaction (its exec was never written): cutting it at "
                            + "offset {}, {} unfinished record(s) dropped", path, truncatedAt, transaction.size);
                }
            } catch (AofTornTailException torn) {
                truncatedAt = transaction != null ? transactionOffset : torn.goodLength();
                log.warn("The AOF {} ends with a record cut short (line {}): truncating it at offset {}", path,
                        torn.lineNumber(), truncatedAt);
            }
            applier.hand(batch);
            loadedBytes = size;
        } finally {
            applier.finish();
        }
        if (truncatedAt >= 0) {
            good = truncatedAt;
        }
        if (good < size && repair) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.truncate(good);
                channel.force(true);
            }
        }
        // Replayed at their own instants, keys kept the deadlines they had; those past by now go before anyone
        // can see them.
        long expired = client.node().store().dropExpired(System.currentTimeMillis());
        if (expired > 0) {
            log.info("{} key(s) from the AOF had expired meanwhile and were dropped", expired);
        }
        long nanos = System.nanoTime() - started;
        if (applier.failed > 0) {
            log.warn("{} AOF record(s) were refused while loading (they were logged by a different version?)",
                    applier.failed);
        }
        return new Result(applier.applied, good, truncatedAt, applier.failed, nanos);
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long loadedBytes() {
        return loadedBytes;
    }

    private Batch add(Applier applier, Batch batch, CommandSpec spec, long time, int db, byte[][] argv) {
        batch.add(spec, time, db, argv);
        if (batch.size < Batch.CAPACITY) {
            return batch;
        }
        applier.hand(batch);
        return new Batch();
    }

    /** The record's command, checked against the table as a client's would be, or the line is corrupt. */
    private CommandSpec validate(AofRecord record, AofReader reader) throws AofCorruptException {
        CommandSpec spec = specs.computeIfAbsent(record.op(),
                op -> dispatcher.table().find(op.getBytes(StandardCharsets.US_ASCII)));
        if (spec == null || !dispatcher.serves(spec)) {
            throw corrupt(reader, "unknown operation \"" + record.op() + "\"");
        }
        int argc = 1 + (record.key() == null ? 0 : 1) + record.args().size();
        if (!spec.arityAccepts(argc)) {
            throw corrupt(reader, "wrong number of arguments for \"" + record.op() + "\"");
        }
        int databases = client.node().store().databaseCount();
        if (record.db() >= databases) {
            throw corrupt(reader, "db " + record.db() + " is out of range (databases " + databases + ")");
        }
        return spec;
    }

    private static byte[][] argv(AofRecord record) {
        List<byte[]> args = record.args();
        int keys = record.key() == null ? 0 : 1;
        byte[][] argv = new byte[1 + keys + args.size()][];
        argv[0] = record.op().getBytes(StandardCharsets.US_ASCII);
        if (keys == 1) {
            argv[1] = record.key();
        }
        for (int i = 0; i < args.size(); i++) {
            argv[1 + keys + i] = args.get(i);
        }
        return argv;
    }

    private static AofCorruptException corrupt(AofReader reader, String detail) {
        return new AofCorruptException(reader.lineNumber(), reader.lineOffset(), detail, null);
    }

    /** Commands ready to apply, in log order. */
    private static final class Batch {
        static final int CAPACITY = 1024;
        CommandSpec[] specs = new CommandSpec[CAPACITY];
        long[] times = new long[CAPACITY];
        int[] dbs = new int[CAPACITY];
        byte[][][] argvs = new byte[CAPACITY][][];
        int size;

        void add(CommandSpec spec, long time, int db, byte[][] argv) {
            if (size == argvs.length) {
                // Only a transaction grows past the capacity: it is held whole until its exec.
                specs = Arrays.copyOf(specs, size * 2);
                times = Arrays.copyOf(times, size * 2);
                dbs = Arrays.copyOf(dbs, size * 2);
                argvs = Arrays.copyOf(argvs, size * 2);
            }
            specs[size] = spec;
            times[size] = time;
            dbs[size] = db;
            argvs[size++] = argv;
        }
    }

    /** The thread that applies batches, in the order handed over. */
    private final class Applier extends Thread {
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(16);
        private final Batch end = new Batch();
        private volatile RuntimeException error;
        long applied;
        long failed;

        Applier() {
            super("flux-aof-apply");
            setDaemon(true);
        }

        void hand(Batch batch) {
            if (error != null) {
                throw error;
            }
            if (batch.size > 0) {
                put(batch);
            }
        }

        /** Waits until everything handed over is applied; rethrows what went wrong there. */
        void finish() {
            put(end);
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the AOF", e);
            }
            if (error != null) {
                throw error;
            }
        }

        private void put(Batch batch) {
            try {
                queue.put(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the AOF", e);
            }
        }

        @Override
        public void run() {
            try {
                Batch batch;
                while ((batch = queue.take()) != end) {
                    if (error != null) {
                        continue;
                    }
                    try {
                        for (int i = 0; i < batch.size; i++) {
                            Clock.replayAt(batch.times[i]);
                            client.select(batch.dbs[i]);
                            if (!dispatcher.replay(client, batch.specs[i], batch.argvs[i])) {
                                failed++;
                            }
                        }
                    } finally {
                        Clock.endCommand();
                    }
                    applied += batch.size;
                }
            } catch (RuntimeException e) {
                error = e;
            } catch (InterruptedException e) {
                error = new IllegalStateException("interrupted while loading the AOF", e);
            }
        }
    }

    private static InputStream boundedTo(InputStream in, long limit) {
        return new InputStream() {
            private long left = limit;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }
}
