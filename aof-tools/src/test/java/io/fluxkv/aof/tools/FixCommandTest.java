package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static io.fluxkv.aof.tools.AofFiles.T0;
import static io.fluxkv.aof.tools.AofFiles.multi;
import static io.fluxkv.aof.tools.AofFiles.record;
import static org.assertj.core.api.Assertions.assertThat;

class FixCommandTest {

    @TempDir
    Path dir;

    @Test
    void tornTailIsCutAtTheStartOfTheTornLineAfterABackup() throws IOException {
        Path file = AofFiles.write(dir.resolve("torn.aof"), AofFiles.sets(4));
        long goodLength = Files.size(file);
        AofFiles.appendRaw(file, "{\"ts\":17672256");
        byte[] original = Files.readAllBytes(file);

        ToolRun run = ToolRun.of("fix", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(file)).isEqualTo(Arrays.copyOf(original, (int) goodLength));
        assertThat(run.out()).contains("truncated to " + goodLength + " bytes, dropped line 6 and everything after"
                + " it (1 line, " + (original.length - goodLength) + " bytes); 4 good records remain");
        Path backup = onlyBackup(file);
        assertThat(Files.readAllBytes(backup)).isEqualTo(original);
        assertThat(run.out()).contains("the original is in " + backup);
        assertThat(ToolRun.of("check", file).exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void corruptRecordIsCutWithEverythingAfterIt() throws IOException {
        long seed = new Random().nextLong();
        Path file = AofFiles.write(dir.resolve("corrupt.aof"), AofFiles.binarySets(new Random(seed), 50));
        AofFiles.replaceLine(file, 20, "{\"ts\":1,\"db\":0,\"op\":\"set\",\"key\":{\"b64\":\"!!\"}}");
        byte[] original = Files.readAllBytes(file);
        long cut = AofFiles.lineStarts(file).get(19);

        ToolRun run = ToolRun.of("fix", file);

        assertThat(run.exitCode()).as("seed %d: %s", seed, run).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(file)).isEqualTo(Arrays.copyOf(original, (int) cut));
        // Lines 20 (the corrupt one) to 51 (the last record) go.
        assertThat(run.out()).contains("dropped line 20 and everything after it (32 lines, "
                + (original.length - cut) + " bytes); 18 good records remain");
        assertThat(Files.readAllBytes(onlyBackup(file))).isEqualTo(original);
        ToolRun check = ToolRun.of("check", file);
        assertThat(check.exitCode()).as("%s", check).isEqualTo(ExitCodes.OK);
        assertThat(check.out()).contains("valid: 18 records");
    }

    @Test
    void transactionWithoutExecIsCutAtItsMulti() throws IOException {
        List<AofRecord> records = new ArrayList<>(AofFiles.sets(3));
        records.add(multi(T0 + 5, 0));
        records.add(record(T0 + 5, 0, "set", "a", "1"));
        Path file = AofFiles.write(dir.resolve("multi.aof"), records);
        long multiOffset = AofFiles.lineStarts(file).get(4);

        ToolRun run = ToolRun.of("fix", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(Files.size(file)).isEqualTo(multiOffset);
        assertThat(run.out()).contains("dropped line 5 and everything after it (2 lines");
        assertThat(ToolRun.of("check", file).exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void validFileIsLeftUntouched() throws IOException {
        Path file = AofFiles.write(dir.resolve("ok.aof"), AofFiles.sets(3));
        byte[] before = Files.readAllBytes(file);
        FileTime past = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, past);

        ToolRun run = ToolRun.of("fix", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("valid: 3 records").contains("nothing to fix");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(past);
        assertThat(backups(file)).isEmpty();
    }

    @Test
    void dryRunChangesNothingAndExitsAsCheck() throws IOException {
        Path file = AofFiles.write(dir.resolve("torn.aof"), AofFiles.sets(2));
        long goodLength = Files.size(file);
        AofFiles.appendRaw(file, "{");
        byte[] before = Files.readAllBytes(file);

        ToolRun run = ToolRun.of("fix", "--dry-run", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.TORN);
        assertThat(run.out()).contains("would truncate to " + goodLength + " bytes, dropping line 4 and everything"
                + " after it (1 line, 1 bytes)").contains("dry run: nothing changed");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(backups(file)).isEmpty();
    }

    @Test
    void anExistingBackupIsNeverOverwritten() throws IOException {
        Path file = AofFiles.write(dir.resolve("torn.aof"), AofFiles.sets(2));
        AofFiles.appendRaw(file, "{\"ts\"");
        byte[] original = Files.readAllBytes(file);
        // Every name the backup could get during the next seconds is taken.
        DateTimeFormatter format = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        Instant now = Instant.now();
        Set<Path> taken = new HashSet<>();
        for (int s = -1; s <= 5; s++) {
            Path name = dir.resolve("torn.aof.bak-" + format.format(now.plusSeconds(s)));
            Files.writeString(name, "older backup");
            taken.add(name);
        }

        ToolRun run = ToolRun.of("fix", file);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCodes.OK);
        for (Path name : taken) {
            assertThat(Files.readString(name)).as("%s", name).isEqualTo("older backup");
        }
        List<Path> fresh = backups(file).stream().filter(p -> !taken.contains(p)).toList();
        assertThat(fresh).hasSize(1);
        assertThat(fresh.get(0).getFileName().toString()).endsWith("Z-1");
        assertThat(Files.readAllBytes(fresh.get(0))).isEqualTo(original);
    }

    private static Path onlyBackup(Path file) throws IOException {
        List<Path> backups = backups(file);
        assertThat(backups).hasSize(1);
        return backups.get(0);
    }

    private static List<Path> backups(Path file) throws IOException {
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".bak-"))
                    .sorted().toList();
        }
    }
}
