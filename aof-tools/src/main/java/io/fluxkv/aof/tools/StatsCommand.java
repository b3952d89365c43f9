package io.fluxkv.aof.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

@Command(name = "stats",
        description = "Summarizes FILE: records per operation (most frequent first), distinct keys per db, size, "
                + "time span of the records, and whether the tail is torn.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    private AofInput input;

    @Override
    public Integer call() throws IOException {
        AofStats stats = new AofStats();
        ScanResult result = input.scan(stats);
        stats.print(input.out(), result);
        return result.exitCode();
    }
}
