package io.fluxkv.aof.tools;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The FILE every subcommand reads, mixed into each: finding it, scanning it with a progress bar, the verdict. */
final class AofInput {

    @Parameters(index = "0", paramLabel = "FILE", description = "The AOF file.")
    private Path file;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private Progress progress;

    /** The file, once known to be there and readable (else exit code 66, as for any missing input). */
    Path path() {
        if (!Files.exists(file)) {
            throw new ToolException(ExitCodes.NO_INPUT, file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ToolException(ExitCodes.NO_INPUT, file + ": not a readable file");
        }
        return file;
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** The command's progress bar; one that prints while reading hides it before each line. */
    Progress progress() throws IOException {
        if (progress == null) {
            progress = Progress.onTerminal(command.name(), Files.size(path()), err(), out());
        }
        return progress;
    }

    ScanResult scan(RecordSink sink) throws IOException {
        return AofScanner.scan(path(), sink, progress());
    }

    /** For commands whose output is records: damage goes to stderr, the exit code tells scripts. */
    int report(ScanResult result) {
        if (!result.valid()) {
            Damage damage = result.damage();
            err().printf("%s: %s: %s: %s; only the records before byte offset %d were used%n",
                    command.qualifiedName(), file, damage.kindName(), damage.describe(), result.goodLength());
        }
        return result.exitCode();
    }
}
