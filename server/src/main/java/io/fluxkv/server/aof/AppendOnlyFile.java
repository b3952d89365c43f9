package io.fluxkv.server.aof;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The open append-only file and its three stages, each with its own lock so that none waits on a slower one:
 * <ol>
 * <li>append: command threads copy their encoded records into a memory buffer, under their shard locks, so the
 * buffer holds them in the order the locks serialised the commands. A record's sequence number is the count of
 * bytes appended up to its end.</li>
 * <li>write: the buffer goes to the file with write(2) (page cache, not the disk) — done by an event loop before it
 * sends replies that depend on it, or by the background thread.</li>
 * <li>sync: fsync(2), on the background thread only, so no event loop ever waits for the disk. Under
 * {@code always} one fsync covers every record written meanwhile by any connection (group commit), and replies
 * wait for it through {@link #whenDurable}.</li>
 * </ol>
 * A failed write keeps its bytes and is retried; until it succeeds {@link #writeError()} is set and the node refuses
 * writes (-MISCONF), so nothing is dropped silently.
 * <p>
 * Space ahead of the records is kept filled with zero bytes (written and synced in advance by the background
 * thread), and records are written over it: an fdatasync then has only data to flush, not the file's new size, so it
 * skips the filesystem journal and takes about half as long — that is most of a reply's wait under {@code always}.
 * While the node runs (or after a crash) the file therefore ends with zeros after its last record; readers stop at
 * the first zero byte, and {@link #close()} cuts them off.
 */
public final class AppendOnlyFile implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(AppendOnlyFile.class);
    private static final int INITIAL_BUFFER = 1 << 16;
    /** Background thread period: writes records nobody waits for (active expiry) and retries failed writes. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Zeros added ahead of the records at a time, once less than half of it is left: small enough to write and
     * sync in about a millisecond between two group fsyncs.
     */
    private static final int RESERVE_CHUNK = 2 << 20;
    /** No zeros are added when the disk has less free space than this: the last of it is for records. */
    private static final long RESERVE_MIN_FREE = 64L << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 << 10).asReadOnlyBuffer();

    /** The appendfsync policy. */
    public enum Fsync {
        ALWAYS, EVERYSEC, NO;

        public static Fsync of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private final Path path;
    private volatile Fsync fsync;
    private final Consumer<String> fatal;

    private final Object appendLock = new Object();
    private byte[] pending = new byte[INITIAL_BUFFER];
    private int pendingLength;
    private long appendedSeq;

    private final ReentrantLock fileLock = new ReentrantLock();
    private byte[] spare = new byte[INITIAL_BUFFER];
    /** Bytes taken from the append buffer that a failed write left (partly) unwritten, or null. */
    private ByteBuffer unwritten;
    private long unwrittenEndSeq;
    private FileChannel channel;
    /** The sequence number of the current file's first byte (the file holds [fileStartSeq, writtenSeq)). */
    private volatile long fileStartSeq;
    /** Length of the file: the records, then zeros up to here. Guarded by the file lock. */
    private long reservedEnd;
    private volatile long writtenSeq;
    private volatile long baseSize;
    private volatile IOException writeError;

    private final ReentrantLock syncLock = new ReentrantLock();
    private volatile long durableSeq;
    private volatile long lastSyncNanos = System.nanoTime();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    private final Thread background;
    /** Where the background thread runs under load, or null to leave that to the kernel. */
    private final SyncThreadPlacement placement;
    private volatile boolean closed;

    private record Waiter(long seq, Runnable callback) {
    }

    private AppendOnlyFile(Path path, FileChannel channel, Fsync fsync, Consumer<String> fatal,
            ThreadFactory backgroundThreads, boolean followLoop) throws IOException {
        this.path = path;
        this.channel = channel;
        this.fsync = fsync;
        this.fatal = fatal;
        long size = channel.size();
        this.fileStartSeq = -size;
        this.baseSize = size;
        this.reservedEnd = size;
        this.placement = followLoop ? new SyncThreadPlacement(SyncThreadPlacement.KERNEL) : null;
        this.background = backgroundThreads.newThread(this::backgroundLoop);
    }

    /**
     * Opens {@code path} for appending, creating it with a header when it does not exist or is empty (a file
     * that does exist has been replayed, and truncated after its last good record, by the caller). The background
     * thread (writes, fsyncs, reserved space) comes from {@code backgroundThreads}; with {@code followLoop} (a node
     * with one event loop and no bio_cpulist) it is kept on that loop's CPU while the loop is busy
     * ({@link SyncThreadPlacement}).
     */
    public static AppendOnlyFile open(Path path, Fsync fsync, Consumer<String> fatal,
            ThreadFactory backgroundThreads, boolean followLoop) throws IOException {
        // Readable too: a rewrite copies the records appended while it ran out of this file.
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channel.position(channel.size());
        if (channel.size() == 0) {
            writeHeader(channel);
            channel.force(true);
            syncDirectory(path);
        }
        AppendOnlyFile file = new AppendOnlyFile(path, channel, fsync, fatal, backgroundThreads, followLoop);
        file.extendReserve();
        file.background.start();
        return file;
    }

    static void writeHeader(FileChannel channel) throws IOException {
        RecordBuffer header = new RecordBuffer(64);
        header.addHeader(System.currentTimeMillis());
        ByteBuffer bytes = ByteBuffer.wrap(header.array(), 0, header.length());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    public void fsync(Fsync policy) {
        this.fsync = policy;
        if (policy != Fsync.ALWAYS && placement != null) {
            placement.letGo();
        }
        LockSupport.unpark(background);
    }

    public Fsync fsync() {
        return fsync;
    }

    /** Appends encoded records; returns the sequence number a reply depending on them must wait for. */
    public long append(byte[] records, int offset, int length) {
        synchronized (appendLock) {
            copyIn(records, offset, length);
            return appendedSeq;
        }
    }

    /** Appends {@code body} between {@code before} and {@code after} with nothing else in between (a transaction). */
    public long append(byte[] before, byte[] body, int bodyLength, byte[] after) {
        synchronized (appendLock) {
            copyIn(before, 0, before.length);
            copyIn(body, 0, bodyLength);
            copyIn(after, 0, after.length);
            return appendedSeq;
        }
    }

    private void copyIn(byte[] bytes, int offset, int length) {
        if (pendingLength + length > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
        appendedSeq += length;
    }

    /** The sequence number of everything appended so far (a rewrite's cut point). */
    public long appendedSeq() {
        synchronized (appendLock) {
            return appendedSeq;
        }
    }

    public long writtenSeq() {
        return writtenSeq;
    }

    public long durableSeq() {
        return durableSeq;
    }

    /** What a reply waits for under the current policy: the file (write) or the disk (always: fsync). */
    public long acknowledgedSeq() {
        return fsync == Fsync.ALWAYS ? durableSeq : writtenSeq;
    }

    /** The last write or fsync failure, or null while the file is healthy. */
    public IOException writeError() {
        return writeError;
    }

    public long currentSize() {
        return writtenSeq - fileStartSeq;
    }

    /** Size right after the file was opened or last rewritten (INFO aof_base_size, auto rewrite). */
    public long baseSize() {
        return baseSize;
    }

    /**
     * Writes everything appended so far to the file (not to the disk). Returns false if the write failed; the
     * bytes are kept and written by a later call.
     */
    public boolean writePending() {
        fileLock.lock();
        try {
            return writePendingLocked();
        } finally {
            fileLock.unlock();
        }
    }

    private boolean writePendingLocked() {
        try {
            if (unwritten != null) {
                writeFully(unwritten);
                unwritten = null;
                writtenSeq = unwrittenEndSeq;
            }
            int length;
            long endSeq;
            byte[] taken;
            synchronized (appendLock) {
                length = pendingLength;
                if (length == 0) {
                    clearError();
                    return true;
                }
                taken = pending;
                pending = spare;
                pendingLength = 0;
                endSeq = appendedSeq;
            }
            ByteBuffer bytes = ByteBuffer.wrap(taken, 0, length);
            try {
                writeFully(bytes);
                writtenSeq = endSeq;
            } catch (IOException e) {
                unwritten = bytes;
                unwrittenEndSeq = endSeq;
                spare = new byte[INITIAL_BUFFER];
                throw e;
            }
            spare = taken;
            clearError();
            return true;
        } catch (IOException e) {
            failed("write", e);
            return false;
        }
    }

    /** Writes {@code bytes} (from their start) at the end of the records, over the zeros reserved there. */
    private void writeFully(ByteBuffer bytes) throws IOException {
        long start = currentSize();
        while (bytes.hasRemaining()) {
            // A retry after a failed write resumes where that one stopped.
            channel.write(bytes, start + bytes.position());
        }
    }

    /**
     * Adds zeros ahead of the records when less than half a chunk is left (background thread). Best effort: records
     * written past the zeros still land in the file, only their fsync costs more.
     */
    private void extendReserve() {
        FileChannel file;
        long target;
        fileLock.lock();
        try {
            long end = currentSize();
            if (reservedEnd - end >= RESERVE_CHUNK / 2 || writeError != null
                    || Files.getFileStore(path).getUsableSpace() < RESERVE_MIN_FREE) {
                return;
            }
            file = channel;
            target = Math.max(reservedEnd, end) + RESERVE_CHUNK;
        } catch (IOException e) {
            return;
        } finally {
            fileLock.unlock();
        }
        ByteBuffer zeros = ZEROS.duplicate();
        while (true) {
            // One piece per hold of the file lock: an event loop writing records waits for no more than that.
            fileLock.lock();
            try {
                long at = Math.max(reservedEnd, currentSize());
                if (file != channel || at >= target) {
                    break;
                }
                zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
                reservedEnd = at + file.write(zeros, at);
            } catch (IOException e) {
                // Out of space after all, or the like: no more zeros for now; records are not affected.
                log.debug("could not reserve space ahead of the AOF records: {}", e.getMessage());
                return;
            } finally {
                fileLock.unlock();
            }
        }
        syncLock.lock();
        try {
            // The new length reaches the disk now, so that the fsyncs of records need not carry it.
            file.force(false);
        } catch (IOException e) {
            log.debug("could not sync the space reserved ahead of the AOF records: {}", e.getMessage());
        } finally {
            syncLock.unlock();
        }
    }

    private void clearError() {
        if (writeError != null) {
            log.warn("AOF write error is solved, the node can accept writes again");
            writeError = null;
        }
    }

    private void failed(String what, IOException e) {
        if (writeError == null) {
            log.error("Error {} the AOF {}: {}", what.equals("write") ? "writing to" : "fsyncing", path,
                    e.getMessage());
        }
        writeError = e;
    }

    /**
     * Runs {@code callback} (on the background thread, or at once) when everything up to {@code seq} is durable.
     * Asked by an event loop, with the number of its connections whose replies wait on that.
     */
    public void whenDurable(long seq, int waitingConnections, Runnable callback) {
        if (durableSeq >= seq) {
            callback.run();
            return;
        }
        if (placement != null) {
            placement.beforeSync(waitingConnections);
        }
        waiters.add(new Waiter(seq, callback));
        LockSupport.unpark(background);
    }

    private void backgroundLoop() {
        if (placement != null) {
            placement.threadStarted();
        }
        long lastWrite = System.nanoTime();
        while (!closed) {
            Fsync policy = fsync;
            // Under always, fsync only when replies wait for one: starting the next as soon as anything is written
            // would make many small fsyncs, each costing CPU that the event loops need.
            boolean urgent = policy == Fsync.ALWAYS && !waiters.isEmpty();
            if (!urgent) {
                LockSupport.parkNanos(this, TICK_NANOS);
                if (closed) {
                    break;
                }
                if (placement != null && waiters.isEmpty()) {
                    // Woken by the tick (or a policy change) with no reply waiting: the load that had this thread
                    // follow the loop is gone.
                    placement.letGo();
                }
            }
            long now = System.nanoTime();
            policy = fsync;
            if (policy == Fsync.ALWAYS) {
                if (!waiters.isEmpty() || now - lastWrite >= TICK_NANOS) {
                    if (writePending()) {
                        syncNow();
                    } else {
                        // The disk refuses: retry at the tick, not in a busy loop while replies wait.
                        LockSupport.parkNanos(this, TICK_NANOS);
                    }
                    lastWrite = now;
                }
            } else if (now - lastWrite >= TICK_NANOS) {
                lastWrite = now;
                if (writePending() && policy == Fsync.EVERYSEC && now - lastSyncNanos >= 1_000_000_000L) {
                    syncNow();
                }
                if (policy == Fsync.NO) {
                    durableSeq = writtenSeq;
                }
            }
            releaseWaiters();
            extendReserve();
        }
    }

    /** fsync of what has been written; under always a failure is fatal (as in Redis: the page cache may be lost). */
    private void syncNow() {
        syncLock.lock();
        try {
            long target = writtenSeq;
            if (target > durableSeq) {
                channel.force(false);
                durableSeq = target;
            }
            lastSyncNanos = System.nanoTime();
        } catch (IOException e) {
            if (fsync == Fsync.ALWAYS) {
                log.error("Can't recover from AOF fsync error when the fsync policy is 'always': {}", e.getMessage());
                fatal.accept("AOF fsync failed: " + e.getMessage());
            } else {
                failed("fsync", e);
            }
        } finally {
            syncLock.unlock();
        }
    }

    private void releaseWaiters() {
        long durable = durableSeq;
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.seq <= durable) {
                it.remove();
                waiter.callback.run();
            }
        }
    }

    /**
     * Completes a rewrite: copies the records appended since {@code cutSeq} from the current file into
     * {@code next} (most of them while writes go on, the rest under the file lock), makes {@code next} durable and
     * renames it over the current file — one atomic step, so a crash leaves either the old file or the new one,
     * each complete. Writes are held only for the last copy, the fsync of that little and the rename.
     */
    void switchTo(Path nextPath, FileChannel next, long cutSeq) throws IOException {
        long copied = cutSeq;
        for (int round = 0; round < 4; round++) {
            writePending();
            long upTo = writtenSeq;
            copied = copyTail(next, copied, upTo);
            if (writtenSeq - copied < (1 << 20)) {
                break;
            }
        }
        next.force(true);
        fileLock.lock();
        syncLock.lock();
        try {
            if (!writePendingLocked()) {
                throw new IOException("cannot write the AOF: " + writeError.getMessage());
            }
            copyTail(next, copied, writtenSeq);
            next.force(true);
            Files.move(nextPath, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // The new file is in place: from here on nothing may fail before the writes follow it.
            try {
                syncDirectory(path);
            } catch (IOException e) {
                log.warn("fsync of the directory of {} after the rewrite failed: {}", path, e.getMessage());
            }
            FileChannel old = channel;
            channel = next;
            long size = next.size();
            fileStartSeq = writtenSeq - size;
            baseSize = size;
            reservedEnd = size;
            durableSeq = writtenSeq;
            closeQuietly(old);
        } finally {
            syncLock.unlock();
            fileLock.unlock();
        }
        releaseWaiters();
    }

    private void closeQuietly(FileChannel old) {
        try {
            old.close();
        } catch (IOException e) {
            log.warn("closing the replaced AOF: {}", e.getMessage());
        }
    }

    /** Copies the current file's bytes of sequence numbers [from, to) to the end of {@code into}; returns to. */
    private long copyTail(FileChannel into, long from, long to) throws IOException {
        long start = from - fileStartSeq;
        long end = to - fileStartSeq;
        FileChannel source = channel;
        while (start < end) {
            long moved = source.transferTo(start, end - start, into);
            if (moved <= 0) {
                throw new IOException("short copy of the AOF tail at offset " + start);
            }
            start += moved;
        }
        return to;
    }

    static void syncDirectory(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /** Writes and fsyncs what is pending, then closes the file. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(background);
        try {
            background.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fileLock.lock();
        syncLock.lock();
        try {
            if (writePendingLocked()) {
                // Without the zeros reserved ahead: a stopped node leaves nothing but records.
                channel.truncate(currentSize());
                channel.force(false);
                durableSeq = writtenSeq;
            }
            channel.close();
        } catch (IOException e) {
            log.error("closing the AOF {}: {}", path, e.getMessage());
        } finally {
            syncLock.unlock();
            fileLock.unlock();
        }
        releaseWaiters();
    }
}
