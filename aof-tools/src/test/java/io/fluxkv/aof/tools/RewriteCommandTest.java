package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofReader;
import io.fluxkv.server.aof.AofRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.fluxkv.aof.tools.AofFiles.T0;
import static io.fluxkv.aof.tools.AofFiles.record;
import static org.assertj.core.api.Assertions.assertThat;

class RewriteCommandTest {
    @TempDir
    Path dir;

    /** A far future deadline and one long past, as absolute unix ms. */
    private static final long FUTURE = 4_102_444_800_000L;
    private static final long PAST = T0 + 10;

    @Test
    void compactsToTheLiveDataSet() throws IOException {
        List<AofRecord> history = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            history.add(record(T0 + i, 0, "set", "counter", Integer.toString(i)));
        }
        history.add(record(T0 + 200, 0, "rpush", "list", "a", "b", "c"));
        history.add(record(T0 + 201, 0, "lpop", "list"));
        history.add(record(T0 + 202, 2, "hset", "hash", "f", "v", "g", "w"));
        history.add(record(T0 + 203, 2, "hdel", "hash", "g"));
        history.add(record(T0 + 204, 0, "set", "gone", "x"));
        history.add(record(T0 + 205, 0, "del", "gone"));
        history.add(record(T0 + 206, 0, "set", "kept", "y", "PXAT", Long.toString(FUTURE)));
        history.add(record(T0 + 5, 0, "set", "expired", "z", "PXAT", Long.toString(PAST)));
        history.add(record(T0 + 207, 1, "zadd", "board", "1.5", "alice", "-inf", "bob"));
        Path in = AofFiles.write(dir.resolve("in.aof"), history);
        byte[] before = Files.readAllBytes(in);

        ToolRun run = ToolRun.of("rewrite", in, dir.resolve("out.aof"));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("109 records");
        assertThat(Files.readAllBytes(in)).as("the input is left as it was").isEqualTo(before);
        assertThat(lines(dir.resolve("out.aof"))).containsExactlyInAnyOrder(
                "0 set counter 99",
                "0 rpush list b c",
                "2 hset hash f v",
                "0 set kept y PXAT " + FUTURE,
                "1 zadd board -inf bob 1.5 alice");
        assertThat(ToolRun.of("check", dir.resolve("out.aof")).exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aTornTailIsLeftOutAndSaid() throws IOException {
        Path in = AofFiles.write(dir.resolve("in.aof"), List.of(record(T0, 0, "set", "k", "v")));
        AofFiles.appendRaw(in, "{\"ts\":1,\"db\":0,\"op\":\"set\",\"key\":\"half");

        ToolRun run = ToolRun.of("rewrite", in, dir.resolve("out.aof"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.TORN);
        assertThat(run.stderr()).contains("torn tail");
        assertThat(lines(dir.resolve("out.aof"))).containsExactly("0 set k v");
    }

    @Test
    void aCorruptRecordStopsTheRewriteAndWritesNothing() throws IOException {
        Path in = AofFiles.write(dir.resolve("in.aof"), List.of(record(T0, 0, "set", "k", "v")));
        AofFiles.appendRaw(in, "not json\n");
        AofFiles.append(in, record(T0 + 1, 0, "set", "after", "v"));

        ToolRun run = ToolRun.of("rewrite", in, dir.resolve("out.aof"));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CORRUPT);
        assertThat(run.stderr()).contains("line 3");
        assertThat(dir.resolve("out.aof")).doesNotExist();
    }

    /** Each record of an AOF as "db op key args...". */
    private static List<String> lines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            AofReader reader = new AofReader(in);
            reader.readHeader();
            AofRecord record;
            while ((record = reader.next()) != null) {
                StringBuilder line = new StringBuilder().append(record.db()).append(' ').append(record.op())
                        .append(' ').append(new String(record.key(), StandardCharsets.UTF_8));
                for (byte[] arg : record.args()) {
                    line.append(' ').append(new String(arg, StandardCharsets.UTF_8));
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }
}
