package io.fluxkv.aof.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export-resp",
        description = {"Writes every record of FILE as a Redis command in RESP, with SELECT when the db changes "
                + "and MULTI/EXEC around transactions.",
            "The output loads into redis-server with `redis-cli --pipe < OUT`, or as the appendonly.aof of a "
                + "redis-server started with `appendonly yes`."})
final class ExportRespCommand implements Callable<Integer> {

    @Mixin
    private AofInput input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to OUT instead of standard output.")
    private Path output;

    @ParentCommand
    private AofTools tools;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path file = input.path();
        if (output != null && Files.exists(output) && Files.isSameFile(output, file)) {
            throw new ParameterException(spec.commandLine(), "OUT must not be FILE itself");
        }
        OutputStream target = output == null ? tools.stdout() : Files.newOutputStream(output);
        try {
            BufferedOutputStream buffered = new BufferedOutputStream(target, 64 * 1024);
            ScanResult result = input.scan(new RespExporter(buffered));
            buffered.flush();
            return input.report(result);
        } finally {
            if (output != null) {
                target.close();
            }
        }
    }
}
