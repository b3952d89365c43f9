package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;

@Command(name = "tail",
        description = {"Prints the last records of FILE as cat does.",
            "With -f, then keeps printing records as they are appended, until interrupted (Ctrl-C). It follows "
                + "the node across a rewrite (a new file renamed over FILE) and a truncation, noting them on "
                + "stderr and reading the new file from its start. Records of a transaction appear once its exec "
                + "is written."})
final class TailCommand implements Callable<Integer> {

    @Mixin
    private AofInput input;

    @Option(names = "-n", paramLabel = "N", defaultValue = "10",
            description = "How many records to print from the end (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = {"-f", "--follow"}, description = "Keep printing records as the file grows.")
    private boolean follow;

    @Option(names = "--poll", paramLabel = "MS", defaultValue = "200",
            description = "With -f: how often to look for new records, in milliseconds (default: ${DEFAULT-VALUE}).")
    private long pollMillis;

    @Spec
    private CommandSpec spec;

    private final ArrayDeque<AofRecord> last = new ArrayDeque<>();
    private boolean printing;

    @Override
    public Integer call() throws IOException {
        if (count < 0 || pollMillis <= 0) {
            throw new ParameterException(spec.commandLine(), "-n must be >= 0 and --poll > 0");
        }
        if (!follow) {
            ScanResult result = input.scan(this::keepOrPrint);
            printKept();
            return input.report(result);
        }
        new Follower(input.path(), Duration.ofMillis(pollMillis), this::keepOrPrint, this::printKept, input.err())
                .run();
        return ExitCodes.OK;
    }

    /** Until the end is reached the last N records are kept; after that, with -f, each one is printed. */
    private void keepOrPrint(AofRecord record) {
        if (printing) {
            input.out().println(RecordFormat.line(record));
            return;
        }
        last.addLast(record);
        if (last.size() > count) {
            last.removeFirst();
        }
    }

    private void printKept() {
        PrintWriter out = input.out();
        for (AofRecord record : last) {
            out.println(RecordFormat.line(record));
        }
        last.clear();
        printing = true;
        // checkError() flushes; a reader that went away (tail -f | head) ends the following.
        if (out.checkError()) {
            throw new ToolException(ExitCodes.IO_ERROR, "standard output is closed");
        }
    }
}
