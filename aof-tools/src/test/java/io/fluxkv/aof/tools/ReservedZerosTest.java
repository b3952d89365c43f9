package io.fluxkv.aof.tools;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A file a node left with zeros after its records (it was not stopped cleanly): valid for every command. */
class ReservedZerosTest {
    private static final int ZEROS = 100_000;

    @TempDir
    Path dir;
    private Path file;
    private byte[] records;

    @BeforeEach
    void fileWithZerosAfterItsRecords() throws IOException {
        file = AofFiles.write(dir.resolve("node.aof"), AofFiles.sets(6));
        records = Files.readAllBytes(file);
        Files.write(file, new byte[ZEROS], StandardOpenOption.APPEND);
    }

    @Test
    void checkSaysValidAndNamesTheZeros() {
        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("valid: 6 records, " + (records.length + ZEROS) + " bytes, last good offset "
                + records.length).contains("the last " + ZEROS + " bytes are zeros");
    }

    @Test
    void statsCountTheRecordsOnly() {
        ToolRun run = ToolRun.of("stats", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.lines()).contains("records        6", "tail           clean, then " + ZEROS
                + " bytes of reserved zeros");
    }

    @Test
    void catAndTailShowEveryRecord() {
        ToolRun cat = ToolRun.of("cat", file);
        ToolRun tail = ToolRun.of("tail", "-n", "1", file);

        assertThat(cat.exitCode()).as("%s", cat).isEqualTo(ExitCodes.OK);
        assertThat(cat.lines()).hasSize(6).last().isEqualTo("2026-01-01T00:00:01.005Z db=2 SET key:5 value-5");
        assertThat(tail.exitCode()).as("%s", tail).isEqualTo(ExitCodes.OK);
        assertThat(tail.lines()).containsExactly("2026-01-01T00:00:01.005Z db=2 SET key:5 value-5");
    }

    @Test
    void fixCutsTheZerosWithoutABackup() throws IOException {
        ToolRun dryRun = ToolRun.of("fix", "--dry-run", file);
        assertThat(dryRun.exitCode()).as("%s", dryRun).isEqualTo(ExitCodes.OK);
        assertThat(dryRun.out()).contains("would cut the " + ZEROS + " bytes of reserved zeros");
        assertThat(Files.size(file)).isEqualTo(records.length + ZEROS);

        ToolRun run = ToolRun.of("fix", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("cut the " + ZEROS + " bytes of reserved zeros");
        assertThat(Files.readAllBytes(file)).isEqualTo(records);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void dataAfterTheZerosIsCorrupt() throws IOException {
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length - 10] = 'x';
        Files.write(file, damaged);

        ToolRun run = ToolRun.of("check", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.CORRUPT);
        assertThat(run.out()).contains("zero bytes from offset " + records.length + " are followed by data");
        assertThat(Arrays.copyOf(Files.readAllBytes(file), records.length)).isEqualTo(records);
    }
}
