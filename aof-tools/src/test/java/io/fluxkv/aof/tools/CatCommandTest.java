package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static io.fluxkv.aof.tools.AofFiles.T0;
import static io.fluxkv.aof.tools.AofFiles.raw;
import static io.fluxkv.aof.tools.AofFiles.record;
import static io.fluxkv.aof.tools.AofFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class CatCommandTest {

    private static final String SET_USER_1 =
            "2026-01-01T00:00:01.000Z db=0 SET user:1 \"Zo\\xc3\\xab\" PXAT 1767229201000";
    private static final String RPUSH = "2026-01-01T00:00:01.004Z db=0 RPUSH queue a \"line\\nbreak\" \"\"";
    private static final String HSET = "2026-01-01T00:00:01.010Z db=2 HSET \"\\xff\\x00k\" field \"\\xc3\"";
    private static final String ZADD = "2026-01-01T00:00:01.020Z db=0 ZADD board 1.5 alice";
    private static final String FLUSHALL = "2026-01-01T00:00:01.050Z db=0 FLUSHALL";
    private static final String SET_USER_2 = "2026-01-01T00:00:01.060Z db=1 SET user:2 \"x y\" \"say \\\"hi\\\"\"";

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeFile() throws IOException {
        List<AofRecord> records = List.of(
                record(T0, 0, "set", "user:1", "Zoë", "PXAT", "1767229201000"),
                record(T0 + 4, 0, "rpush", "queue", "a", "line\nbreak", ""),
                raw(T0 + 10, 2, "hset", new byte[] {(byte) 0xff, 0, 'k'}, utf8("field"), new byte[] {(byte) 0xc3}),
                record(T0 + 20, 0, "zadd", "board", "1.5", "alice"),
                record(T0 + 50, 0, "flushall", null),
                record(T0 + 60, 1, "set", "user:2", "x y", "say \"hi\""));
        file = AofFiles.write(dir.resolve("cat.aof"), records);
    }

    @Test
    void printsEveryRecordWithTimeDbOpAndRedisQuoting() {
        ToolRun run = ToolRun.of("cat", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.lines()).containsExactly(SET_USER_1, RPUSH, HSET, ZADD, FLUSHALL, SET_USER_2);
    }

    @Test
    void keyGlobFiltersOnRawKeyBytesAndHidesKeylessRecords() {
        assertThat(ToolRun.of("cat", "--key", "user:*", file).lines()).containsExactly(SET_USER_1, SET_USER_2);
        assertThat(ToolRun.of("cat", "--key", "user:[^1]", file).lines()).containsExactly(SET_USER_2);
        assertThat(ToolRun.of("cat", "--key", "??k", file).lines()).containsExactly(HSET);
        assertThat(ToolRun.of("cat", "--key", "[a-c]*", file).lines()).containsExactly(ZADD);
        assertThat(ToolRun.of("cat", "--key", "nothing", file).lines()).isEmpty();
    }

    @Test
    void dbFilterKeepsOnlyThatDb() {
        assertThat(ToolRun.of("cat", "--db", "0", file).lines()).containsExactly(SET_USER_1, RPUSH, ZADD, FLUSHALL);
        assertThat(ToolRun.of("cat", "--db", "2", file).lines()).containsExactly(HSET);
    }

    @Test
    void sinceTakesUnixMillisOrAnIsoInstant() {
        assertThat(ToolRun.of("cat", "--since", T0 + 20, file).lines()).containsExactly(ZADD, FLUSHALL, SET_USER_2);
        assertThat(ToolRun.of("cat", "--since", "2026-01-01T00:00:01.050Z", file).lines())
                .containsExactly(FLUSHALL, SET_USER_2);
        assertThat(ToolRun.of("cat", "--since", "2026-01-01T01:00:01.005+01:00", file).lines())
                .containsExactly(HSET, ZADD, FLUSHALL, SET_USER_2);
    }

    @Test
    void filtersCombine() {
        ToolRun run = ToolRun.of("cat", "--db", "0", "--since", T0 + 1, "--key", "*", file);

        assertThat(run.lines()).containsExactly(RPUSH, ZADD);
    }

    @Test
    void badSinceIsAUsageError() {
        ToolRun run = ToolRun.of("cat", "--since", "yesterday", file);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("'yesterday' is neither unix milliseconds nor an ISO-8601 instant");
    }

    @Test
    void tornFilePrintsTheGoodRecordsThenReportsOnStderr() throws IOException {
        AofFiles.appendRaw(file, "{\"ts\":");

        ToolRun run = ToolRun.of("cat", file);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.TORN);
        assertThat(run.lines()).hasSize(6).endsWith(SET_USER_2);
        assertThat(run.stderr()).startsWith("aof-tools cat: " + file + ": torn: ").contains("line 8");
    }
}
