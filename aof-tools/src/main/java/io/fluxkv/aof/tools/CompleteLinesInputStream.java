package io.fluxkv.aof.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file that is being appended to, up to the end of its last complete line. The line the writer is still on is
 * held back until its '\n' arrives, so the reader on top only ever sees whole records, and the end of this stream
 * only means "nothing new yet": reading again later goes on from the same place.
 */
final class CompleteLinesInputStream extends InputStream {

    private final FileChannel channel;
    private final ByteBuffer lookahead = ByteBuffer.allocate(8 * 1024);
    private long position;
    /** End of the last complete line found so far; nothing at or past it has been delivered. */
    private long completeUpTo;

    CompleteLinesInputStream(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!hasCompleteLine()) {
            return -1;
        }
        int wanted = (int) Math.min(len, completeUpTo - position);
        int n = channel.read(ByteBuffer.wrap(b, off, wanted), position);
        if (n <= 0) {
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Bytes delivered so far. */
    long position() {
        return position;
    }

    /**
     * Whether a whole line is waiting; looks in the file for the next '\n' when none is known. The zeros a node
     * reserves after its records are where nothing has been written yet: the search stops at them.
     */
    boolean hasCompleteLine() throws IOException {
        long from = position;
        while (completeUpTo <= position) {
            lookahead.clear();
            int n = channel.read(lookahead, from);
            if (n <= 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                byte b = lookahead.get(i);
                if (b == '\n') {
                    completeUpTo = from + i + 1;
                } else if (b == 0) {
                    return completeUpTo > position;
                }
            }
            from += n;
        }
        return true;
    }
}
