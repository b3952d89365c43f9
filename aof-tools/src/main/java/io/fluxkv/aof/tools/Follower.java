package io.fluxkv.aof.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tail -f}: passes on records as the node appends them, until the thread is interrupted. When the node
 * replaces the file (a rewrite renames a new file over it) or it is truncated in place, a note goes to stderr and
 * the new content is read from its start.
 */
final class Follower {

    private final Path path;
    private final Duration pollInterval;
    private final TransactionGate gate;
    private final Runnable caughtUp;
    private final PrintWriter notes;

    /**
     * @param caughtUp called each time everything written so far has been passed on
     */
    Follower(Path path, Duration pollInterval, RecordSink sink, Runnable caughtUp, PrintWriter notes) {
        this.path = path;
        this.pollInterval = pollInterval;
        this.gate = new TransactionGate(sink);
        this.caughtUp = caughtUp;
        this.notes = notes;
    }

    void run() throws IOException {
        FollowedFile current = FollowedFile.open(path);
        try {
            while (true) {
                // Looked at before draining: whatever reached the old file before it was replaced is read first.
                FollowedFile.Change change = current.change();
                current.drain(gate);
                caughtUp.run();
                if (change == FollowedFile.Change.NONE) {
                    Thread.sleep(pollInterval.toMillis());
                    continue;
                }
                notes.printf("%s was %s; reading the new content from its start%n", path,
                        change == FollowedFile.Change.REPLACED ? "replaced (rewritten?)" : "truncated");
                gate.reset();
                current.close();
                current = FollowedFile.open(path);
            }
        } catch (InterruptedException | ClosedByInterruptException stopped) {
            Thread.currentThread().interrupt();
        } finally {
            current.close();
        }
    }
}
