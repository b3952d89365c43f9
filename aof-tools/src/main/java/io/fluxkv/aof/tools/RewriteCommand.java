package io.fluxkv.aof.tools;

import io.fluxkv.server.Node;
import io.fluxkv.server.aof.AofLoader;
import io.fluxkv.server.config.ServerConfig;
import io.fluxkv.server.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Offline compaction with the node's own code: replays FILE into the memory of a node that is never started (no
 * port, no files of its own) and writes its live data as OUT, as BGREWRITEAOF would.
 */
@Command(name = "rewrite",
        description = {"Compacts FILE into OUT: the live data set as the fewest records (expired keys dropped).",
            "FILE is not changed; OUT is written to a temporary file in its directory and renamed into place. "
                + "A torn tail in FILE is left out (exit code 1); a corrupt record stops the rewrite (exit code 2, "
                + "OUT untouched)."})
final class RewriteCommand implements Callable<Integer> {

    @Mixin
    private AofInput input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The compacted AOF to write.")
    private Path out;

    @Option(names = "--databases", defaultValue = "16", paramLabel = "N",
            description = "Databases of the node the file came from (default: ${DEFAULT-VALUE}).")
    private int databases;

    @Override
    public Integer call() throws IOException {
        Path in = input.path();
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new ToolException(ExitCodes.USAGE, "OUT must not be FILE itself: " + out);
        }
        ServerConfig config = new ServerConfig();
        try {
            config.set("databases", Integer.toString(databases));
        } catch (ConfigException e) {
            throw new ToolException(ExitCodes.USAGE, "--databases: " + e.getMessage());
        }
        Node node = new Node(config);
        try {
            AofLoader.Result result = node.persistence().rewriteOffline(in, out);
            PrintWriter report = input.out();
            report.printf("%s: %d records (%d bytes) -> %s: %d bytes%n", in, result.records(), result.bytes(), out,
                    Files.size(out));
            if (result.truncatedAt() >= 0) {
                input.err().printf("%s: torn tail at byte offset %d left out%n", in, result.truncatedAt());
                return ExitCodes.TORN;
            }
            return ExitCodes.OK;
        } finally {
            node.close();
        }
    }
}
