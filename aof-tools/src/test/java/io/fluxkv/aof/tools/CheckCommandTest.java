package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.fluxkv.aof.tools.AofFiles.T0;
import static io.fluxkv.aof.tools.AofFiles.exec;
import static io.fluxkv.aof.tools.AofFiles.multi;
import static io.fluxkv.aof.tools.AofFiles.record;
import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void validFileReportsRecordsAndLastGoodOffset() throws IOException {
        Path file = AofFiles.write(dir.resolve("ok.aof"), AofFiles.sets(5));
        long size = Files.size(file);

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(file + ": valid: 5 records, " + size + " bytes, last good offset " + size
                + "\n");
    }

    @Test
    void binaryKeysAndValuesAreValid() throws IOException {
        long seed = new Random().nextLong();
        Path file = AofFiles.write(dir.resolve("bin.aof"), AofFiles.binarySets(new Random(seed), 200));

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("seed %d: %s", seed, run).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("valid: 200 records");
    }

    @Test
    void tornTailGivesItsLineAndTheOffsetWhereGoodDataEnds() throws IOException {
        Path file = AofFiles.write(dir.resolve("torn.aof"), AofFiles.sets(3));
        long goodLength = Files.size(file);
        String torn = "{\"ts\":1,\"db\":0,\"op\":\"se";
        AofFiles.appendRaw(file, torn);

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.TORN);
        assertThat(run.lines().get(0)).startsWith(file + ": torn: ").contains("line 5")
                .contains("byte offset " + goodLength);
        assertThat(run.lines().get(1)).contains("3 good records end at byte offset " + goodLength)
                .contains("dropping " + torn.length() + " bytes");
    }

    @Test
    void tornHeaderIsTornAtOffsetZero() throws IOException {
        Path file = dir.resolve("header.aof");
        Files.writeString(file, "{\"flux-aof\":1,\"crea");

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.TORN);
        assertThat(run.out()).contains("line 1").contains("byte offset 0");
    }

    @Test
    void corruptRecordBeforeTheEndGivesItsLineAndOffset() throws IOException {
        Path file = AofFiles.write(dir.resolve("corrupt.aof"), AofFiles.sets(6));
        AofFiles.replaceLine(file, 4, "{\"ts\":1,\"db\":0,\"op\":\"set\",\"bogus\":1}");
        long line4 = AofFiles.lineStarts(file).get(3);

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.CORRUPT);
        assertThat(run.lines().get(0)).startsWith(file + ": corrupt: ")
                .contains("line 4 (byte offset " + line4 + ")").contains("unknown field \"bogus\"");
        assertThat(run.lines().get(1)).contains("2 good records end at byte offset " + line4);
    }

    @Test
    void transactionWithoutExecAtTheEndIsTornAtItsMulti() throws IOException {
        List<AofRecord> records = new ArrayList<>(AofFiles.sets(2));
        records.add(multi(T0 + 10, 1));
        records.add(record(T0 + 10, 1, "set", "a", "1"));
        Path file = AofFiles.write(dir.resolve("multi.aof"), records);
        long multiOffset = AofFiles.lineStarts(file).get(3);

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.TORN);
        assertThat(run.lines().get(0)).contains("transaction").contains("line 4 (byte offset " + multiOffset + ")");
        assertThat(run.lines().get(1)).contains("2 good records end at byte offset " + multiOffset);
    }

    @Test
    void tornLineInsideATransactionEndsTheGoodDataAtTheMulti() throws IOException {
        Path file = AofFiles.write(dir.resolve("multi-torn.aof"),
                List.of(record(T0, 0, "set", "a", "1"), multi(T0 + 1, 0), record(T0 + 1, 0, "set", "b", "2")));
        long multiOffset = AofFiles.lineStarts(file).get(2);
        AofFiles.appendRaw(file, "{\"ts\":");

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.TORN);
        assertThat(run.lines().get(0)).contains("torn record at line 5")
                .contains("inside the transaction opened at line 3, so the good data ends at byte offset "
                        + multiOffset);
        assertThat(run.lines().get(1)).contains("1 good records end at byte offset " + multiOffset);
    }

    @Test
    void completedTransactionIsValid() throws IOException {
        Path file = AofFiles.write(dir.resolve("tx.aof"), List.of(multi(T0, 0), record(T0, 0, "set", "a", "1"),
                record(T0, 0, "rpush", "l", "x"), exec(T0, 0)));

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("valid: 4 records");
    }

    @Test
    void multiInsideMultiIsCorrupt() throws IOException {
        Path file = AofFiles.write(dir.resolve("nested.aof"), List.of(record(T0, 0, "set", "a", "1"),
                multi(T0, 0), record(T0, 0, "set", "b", "1"), multi(T0, 0), exec(T0, 0)));
        List<Long> starts = AofFiles.lineStarts(file);

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.CORRUPT);
        assertThat(run.lines().get(0)).contains("line 5 (byte offset " + starts.get(4) + ")")
                .contains("multi inside the transaction opened at line 3");
        assertThat(run.lines().get(1)).contains("1 good records end at byte offset " + starts.get(2));
    }

    @Test
    void execWithoutMultiIsCorrupt() throws IOException {
        Path file = AofFiles.write(dir.resolve("stray.aof"), List.of(record(T0, 0, "set", "a", "1"),
                exec(T0, 0), record(T0, 0, "set", "b", "1")));
        long execOffset = AofFiles.lineStarts(file).get(2);

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.CORRUPT);
        assertThat(run.lines().get(0)).contains("line 3 (byte offset " + execOffset + ")")
                .contains("exec without a multi");
    }

    @Test
    void notAnAofAndMissingFileHaveTheirOwnCodes() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello\n");

        ToolRun notAof = ToolRun.of("check", text);
        ToolRun missing = ToolRun.of("check", dir.resolve("missing.aof"));

        assertThat(notAof.exitCode()).as("%s", notAof).isEqualTo(ExitCodes.NOT_AN_AOF);
        assertThat(notAof.stderr()).contains("not a Flux-KV AOF");
        assertThat(missing.exitCode()).as("%s", missing).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(missing.stderr()).contains("missing.aof: no such file");
    }
}
