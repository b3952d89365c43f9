package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofReader;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * One open generation of a followed path. It keeps reading the file it opened even after the path names another
 * one, which is how the records appended just before a replacement are not lost.
 */
final class FollowedFile implements Closeable {

    enum Change { NONE, REPLACED, TRUNCATED }

    private static final int OPEN_ATTEMPTS = 10;

    private final Path path;
    private final FileChannel channel;
    /** Identity of the open file (device and inode on Unix); null where the platform has none. */
    private final Object key;
    private final CompleteLinesInputStream lines;
    private final AofReader reader;
    private boolean headerRead;

    private FollowedFile(Path path, FileChannel channel, Object key) {
        this.path = path;
        this.channel = channel;
        this.key = key;
        this.lines = new CompleteLinesInputStream(channel);
        this.reader = new AofReader(lines);
    }

    static FollowedFile open(Path path) throws IOException {
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            Object before = keyOf(path);
            FileChannel channel = FileChannel.open(path);
            // Same identity before and after opening: the channel is on the file the key names.
            if (Objects.equals(before, keyOf(path))) {
                return new FollowedFile(path, channel, before);
            }
            channel.close();
        }
        throw new IOException(path + " keeps being replaced; cannot open it");
    }

    /** Passes on the records completed since the last call (nothing until the header line is complete). */
    void drain(TransactionGate gate) throws IOException {
        if (!headerRead) {
            if (!lines.hasCompleteLine()) {
                return;
            }
            reader.readHeader();
            headerRead = true;
        }
        gate.drain(reader, Progress.NONE);
    }

    /** Whether the path now names another file, or this file got shorter than what was read of it. */
    Change change() throws IOException {
        try {
            if (!Objects.equals(key, keyOf(path))) {
                return Change.REPLACED;
            }
        } catch (NoSuchFileException betweenDeleteAndCreate) {
            return Change.NONE;
        }
        return channel.size() < lines.position() ? Change.TRUNCATED : Change.NONE;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static Object keyOf(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }
}
