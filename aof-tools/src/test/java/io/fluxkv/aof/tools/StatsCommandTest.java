package io.fluxkv.aof.tools;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.fluxkv.aof.tools.AofFiles.T0;
import static io.fluxkv.aof.tools.AofFiles.exec;
import static io.fluxkv.aof.tools.AofFiles.multi;
import static io.fluxkv.aof.tools.AofFiles.record;
import static org.assertj.core.api.Assertions.assertThat;

class StatsCommandTest {

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeFile() throws IOException {
        file = AofFiles.write(dir.resolve("stats.aof"), List.of(
                record(T0, 0, "set", "a", "1"),
                record(T0 + 1, 0, "set", "b", "1"),
                record(T0 + 2, 0, "set", "a", "2"),
                record(T0 + 3, 0, "del", "a"),
                record(T0 + 4, 1, "set", "a", "1"),
                record(T0 + 5, 1, "rpush", "l", "x", "y"),
                multi(T0 + 6, 0),
                record(T0 + 6, 0, "set", "c", "1"),
                exec(T0 + 6, 0),
                record(T0 + 1500, 0, "flushall", null)));
    }

    @Test
    void countsOperationsKeysBytesAndTimeSpan() throws IOException {
        ToolRun run = ToolRun.of("stats", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.lines()).containsExactly(
                "records        10",
                "bytes          " + Files.size(file),
                "tail           clean",
                "first          2026-01-01T00:00:01.000Z (1767225601000)",
                "last           2026-01-01T00:00:02.500Z (1767225602500)",
                "duration       1500 ms",
                "records per operation:",
                "  SET          5",
                "  DEL          1",
                "  EXEC         1",
                "  FLUSHALL     1",
                "  MULTI        1",
                "  RPUSH        1",
                "distinct keys per db:",
                "  db 0         3",
                "  db 1         2");
    }

    @Test
    void tornTailIsReportedAndLeftOutOfTheCounts() throws IOException {
        long goodLength = Files.size(file);
        AofFiles.appendRaw(file, "{\"ts\":1767225609999,\"db\":5,\"op\":\"set\",\"key\":\"z\"");

        ToolRun run = ToolRun.of("stats", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.TORN);
        assertThat(run.lines()).contains("records        10", "bytes          " + Files.size(file),
                "last           2026-01-01T00:00:02.500Z (1767225602500)", "  db 1         2");
        assertThat(run.lines().get(2)).startsWith("tail           torn: ").contains("line 12")
                .endsWith("(stats cover the " + goodLength + " bytes before it)");
        assertThat(run.out()).doesNotContain("db 5");
    }
}
