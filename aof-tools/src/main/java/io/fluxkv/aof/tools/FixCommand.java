package io.fluxkv.aof.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "fix",
        description = {"Truncates a damaged FILE to its last good record, after copying it to "
                + "FILE.bak-<UTC time> (never over an existing file).",
            "A torn tail is cut at the start of the torn line, a corrupt record at the start of its line (all "
                + "that follows goes too), a transaction without its exec at its multi. A valid file is left "
                + "untouched. Asks no questions: meant for scripts too. Run it with the node stopped."})
final class FixCommand implements Callable<Integer> {

    private static final DateTimeFormatter BACKUP_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int MAX_BACKUP_NAMES = 100;

    @Mixin
    private AofInput input;

    @Option(names = "--dry-run", description = "Say what would be done and change nothing (exit code as check).")
    private boolean dryRun;

    @Override
    public Integer call() throws IOException {
        Path file = input.path();
        ScanResult result = input.scan(record -> { });
        PrintWriter out = input.out();
        if (result.valid() && result.padding() > 0) {
            // Zeros hold no data: no backup is needed to cut them.
            if (dryRun) {
                out.printf("%s: valid: %d records; would cut the %d bytes of reserved zeros after them (dry run: "
                        + "nothing changed)%n", file, result.records(), result.padding());
            } else {
                truncate(file, result, false);
                out.printf("%s: valid: %d records; cut the %d bytes of reserved zeros after them%n", file,
                        result.records(), result.padding());
            }
            return ExitCodes.OK;
        }
        if (result.valid()) {
            out.printf("%s: valid: %d records, %d bytes; nothing to fix%n", file, result.records(),
                    result.fileLength());
            return ExitCodes.OK;
        }
        Damage damage = result.damage();
        long lines = countLines(file, result.goodLength());
        String dropped = String.format(Locale.ROOT, "line %d and everything after it (%d %s, %d bytes); %d good "
                        + "records remain", damage.firstDroppedLine(), lines, lines == 1 ? "line" : "lines",
                result.fileLength() - result.goodLength(), result.records());
        out.printf("%s: %s: %s%n", file, damage.kindName(), damage.describe());
        if (dryRun) {
            out.printf("%s: would truncate to %d bytes, dropping %s (dry run: nothing changed)%n",
                    file, result.goodLength(), dropped);
            return damage.exitCode();
        }
        Path backup = truncate(file, result, true);
        out.printf("%s: truncated to %d bytes, dropped %s; the original is in %s%n",
                file, result.goodLength(), dropped, backup);
        return ExitCodes.OK;
    }

    /** Cuts the file after its good records, first backing it up if {@code backUp}; returns the backup or null. */
    private static Path truncate(Path file, ScanResult result, boolean backUp) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // A node still appending would lose what it writes now, and its records would not be the ones checked.
            if (channel.size() != result.fileLength()) {
                throw new ToolException(ExitCodes.TRY_AGAIN, file + ": changed while fix was reading it (is the "
                        + "node running?); nothing was changed");
            }
            Path backup = backUp ? backUp(file) : null;
            channel.truncate(result.goodLength());
            channel.force(true);
            return backup;
        }
    }

    /** Copies the file next to itself under a name no other file has, and makes the copy durable. */
    private static Path backUp(Path file) throws IOException {
        String base = file.getFileName() + ".bak-" + BACKUP_TIME.format(Instant.now());
        for (int attempt = 0; attempt < MAX_BACKUP_NAMES; attempt++) {
            Path backup = file.resolveSibling(attempt == 0 ? base : base + "-" + attempt);
            try {
                // No REPLACE_EXISTING: the copy fails rather than overwrite, so an older backup is never lost.
                Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            try (FileChannel copy = FileChannel.open(backup, StandardOpenOption.WRITE)) {
                copy.force(true);
            }
            return backup;
        }
        throw new ToolException(ExitCodes.IO_ERROR, file + ": no free backup name after " + MAX_BACKUP_NAMES
                + " tries (" + base + "-N); nothing was changed");
    }

    /** Lines from {@code from} to the end, a last line without '\n' included. */
    private static long countLines(Path file, long from) throws IOException {
        try (FileChannel channel = FileChannel.open(file);
             InputStream in = Channels.newInputStream(channel.position(from))) {
            byte[] buf = new byte[64 * 1024];
            long lines = 0;
            int last = '\n';
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                last = buf[n - 1];
            }
            return last == '\n' ? lines : lines + 1;
        }
    }
}
