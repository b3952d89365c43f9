package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code aof-tools}: the command line over Flux-KV append-only files. Each subcommand is one class listed below;
 * a new one only needs its class and an entry in {@code subcommands}.
 */
@Command(name = "aof-tools",
        description = "Checks, repairs, shows and exports Flux-KV append-only files (docs/aof-tools.md).",
        subcommands = {
            CheckCommand.class,
            FixCommand.class,
            CatCommand.class,
            TailCommand.class,
            StatsCommand.class,
            ExportRespCommand.class,
            RewriteCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:ok; the file is valid (fix: valid now)",
            " 1:the file ends with a torn record or an unfinished transaction (`fix` repairs it)",
            " 2:the file holds a corrupt record (`fix` cuts it off, with what follows)",
            "64:usage error",
            "65:not a Flux-KV AOF (bad header)",
            "66:FILE missing or unreadable",
            "70:internal error (a bug: please report the stack trace)",
            "74:I/O error",
            "75:fix: the file changed while being read; nothing was changed",
        })
public final class AofTools implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    /** Standard output as bytes, for commands whose output is binary (export-resp). */
    private final OutputStream stdout;

    AofTools(OutputStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        // rewrite runs the node's code, whose INFO lines would mix with the tool's own output.
        System.setProperty("FLUX_LOG_LEVEL", "WARN");
        // Not System.out: a PrintStream swallows write errors, and an export cut short by a full disk must not
        // exit 0.
        System.exit(run(new FileOutputStream(FileDescriptor.out), System.err, args));
    }

    /** Runs one command line and returns its exit code; the streams stay open. */
    static int run(OutputStream stdout, OutputStream stderr, String... args) {
        // Buffered: cat and tail print a line per record. Flushed at the end (and by tail -f as it goes).
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8)));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        CommandLine commandLine = new CommandLine(new AofTools(stdout))
                .setOut(out)
                .setErr(err)
                .setExitCodeExceptionMapper(ExitCodes::of)
                .setExecutionExceptionHandler((e, failed, parsed) -> {
                    reportFailure(e, failed, err);
                    return ExitCodes.of(e);
                });
        int exitCode = commandLine.execute(args);
        out.flush();
        if (out.checkError() && exitCode == ExitCodes.OK) {
            err.println("aof-tools: could not write all of the output to standard output");
            return ExitCodes.IO_ERROR;
        }
        return exitCode;
    }

    OutputStream stdout() {
        return stdout;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    private static void reportFailure(Exception e, CommandLine failed, PrintWriter err) {
        String name = failed.getCommandSpec().qualifiedName();
        if (e instanceof ToolException || e instanceof AofException) {
            err.println(name + ": " + e.getMessage());
        } else if (ExitCodes.of(e) == ExitCodes.IO_ERROR) {
            err.println(name + ": I/O error: " + e);
        } else {
            err.println(name + ": internal error");
            e.printStackTrace(err);
        }
    }
}
