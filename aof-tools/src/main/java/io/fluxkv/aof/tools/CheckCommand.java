package io.fluxkv.aof.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "check",
        description = {"Tells whether FILE is a valid AOF.",
            "Prints the number of records and the last good offset, or the first problem with its line number "
                + "(1-based, the header is line 1) and byte offset. Exit code 0 valid, 1 torn (expected after a "
                + "crash), 2 corrupt."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    private AofInput input;

    @Override
    public Integer call() throws IOException {
        Path file = input.path();
        ScanResult result = input.scan(record -> { });
        PrintWriter out = input.out();
        if (result.valid()) {
            out.printf("%s: valid: %d records, %d bytes, last good offset %d%n",
                    file, result.records(), result.fileLength(), result.goodLength());
            if (result.padding() > 0) {
                out.printf("%s: the last %d bytes are zeros that a node reserved ahead of its records and did not "
                        + "cut off (it was not stopped cleanly); the node and these tools ignore them, `aof-tools "
                        + "fix` removes them%n", file, result.padding());
            }
        } else {
            Damage damage = result.damage();
            out.printf("%s: %s: %s%n", file, damage.kindName(), damage.describe());
            out.printf("%s: %d good records end at byte offset %d; `aof-tools fix` truncates the file there, "
                    + "dropping %d bytes%n", file, result.records(), result.goodLength(),
                    result.fileLength() - result.goodLength());
        }
        return result.exitCode();
    }
}
