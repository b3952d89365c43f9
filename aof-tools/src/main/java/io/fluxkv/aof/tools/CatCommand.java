package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "cat",
        description = {"Prints the records of FILE, one per line: time (UTC, ms), db, OP, then the key and the "
                + "arguments quoted as redis-cli shows them.",
            "Records without a key (FLUSHALL, FLUSHDB, SWAPDB, MULTI, EXEC) are shown unless --key is given. The "
                + "filters combine."})
final class CatCommand implements Callable<Integer> {

    @Mixin
    private AofInput input;

    @Option(names = "--key", paramLabel = "GLOB",
            description = "Only records whose key matches this Redis glob (*, ?, [a-z], [^a], \\ escapes), "
                    + "compared with the raw key bytes.")
    private String keyGlob;

    @Option(names = "--db", paramLabel = "N", description = "Only records of database N.")
    private Integer db;

    @Option(names = "--since", paramLabel = "TIME", converter = SinceConverter.class,
            description = "Only records from TIME on: unix milliseconds or an ISO-8601 instant "
                    + "(2026-01-01T00:00:00Z).")
    private Instant since;

    @Override
    public Integer call() throws IOException {
        GlobPattern key = keyGlob == null ? null : GlobPattern.of(keyGlob);
        PrintWriter out = input.out();
        Progress progress = input.progress();
        ScanResult result = input.scan(record -> {
            if (wanted(record, key)) {
                progress.hide();
                out.println(RecordFormat.line(record));
            }
        });
        return input.report(result);
    }

    private boolean wanted(AofRecord record, GlobPattern key) {
        if (key != null && (record.key() == null || !key.matches(record.key()))) {
            return false;
        }
        if (db != null && record.db() != db) {
            return false;
        }
        return since == null || record.ts() >= since.toEpochMilli();
    }
}
