package io.fluxkv.aof.tools;

import java.io.Flushable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line progress report on stderr, redrawn in place with '\r' at most ten times a second, for reads that take
 * a while. Only on a terminal: in a pipe or a log it would be noise. A command that prints while reading calls
 * {@link #hide()} before each line, so its output never lands on the end of the bar.
 */
final class Progress {

    static final Progress NONE = new Progress(null, "", 0, () -> { }, System::nanoTime);

    private static final long REDRAW_INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);

    private final PrintWriter err;
    private final String label;
    private final long totalBytes;
    private final Flushable output;
    private final LongSupplier nanoClock;
    private final long start;
    private long lastDraw;
    private int shownWidth;

    /**
     * @param err null for a progress that shows nothing
     * @param output the command's own output, flushed before each redraw so that lines already printed end up
     *     above the bar
     */
    Progress(PrintWriter err, String label, long totalBytes, Flushable output, LongSupplier nanoClock) {
        this.err = err;
        this.label = label;
        this.totalBytes = totalBytes;
        this.output = output;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start;
    }

    /** Java 17 has no direct "is stderr a terminal"; a console means the user sits at one. */
    static Progress onTerminal(String label, long totalBytes, PrintWriter err, Flushable output) {
        return stderrIsTerminal() ? new Progress(err, label, totalBytes, output, System::nanoTime) : NONE;
    }

    /**
     * Java has no isatty(2); on Linux the process's fd 2 links to the terminal device it writes to. Elsewhere
     * (no /proc) System.console() is the fallback, which asks whether stdin and stdout are the terminal.
     */
    private static boolean stderrIsTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(stderr).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    void update(long bytesRead, long records) {
        if (err == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastDraw < REDRAW_INTERVAL) {
            return;
        }
        lastDraw = now;
        long percent = totalBytes == 0 ? 100 : Math.min(100, bytesRead * 100 / totalBytes);
        long perSecond = records * TimeUnit.SECONDS.toNanos(1) / Math.max(1, now - start);
        draw(String.format(Locale.ROOT, "%s %3d%%  %,d records  %,d records/s", label, percent, records, perSecond));
    }

    /** Clears the bar, if shown; the next update draws it again. */
    void hide() {
        if (shownWidth > 0) {
            err.print("\r" + " ".repeat(shownWidth) + "\r");
            err.flush();
            shownWidth = 0;
        }
    }

    private void draw(String text) {
        try {
            output.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String padding = " ".repeat(Math.max(0, shownWidth - text.length()));
        err.print("\r" + text + padding);
        err.flush();
        shownWidth = text.length();
    }
}
