package io.fluxkv.server.aof;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.fluxkv.server.aof.AofFixtures.assertSame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AofDamageTest {

    @Test
    void tornLastRecordIsReportedWithTheEndOfTheGoodData() throws IOException {
        List<AofRecord> written = AofFixtures.sequence(6);
        byte[] file = AofFixtures.write(written);
        List<Integer> ends = AofFixtures.lineEnds(file);
        int lastStart = ends.get(ends.size() - 2) + 1;
        int lastNewline = ends.get(ends.size() - 1);
        int[] cuts = {lastStart + 1, lastStart + 7, (lastStart + lastNewline) / 2, lastNewline - 1, lastNewline};

        for (int cut : cuts) {
            AofReader reader = AofFixtures.reader(Arrays.copyOf(file, cut));
            reader.readHeader();
            List<AofRecord> read = new ArrayList<>();

            AofTornTailException torn = catchThrowableOfType(AofTornTailException.class,
                    () -> AofFixtures.readAll(reader, read));

            assertThat(torn).as("cut at %d", cut).isNotNull();
            assertThat(torn.goodLength()).isEqualTo(lastStart);
            assertThat(torn.lineNumber()).isEqualTo(written.size() + 1);
            assertThat(read).hasSize(written.size() - 1);
            for (int i = 0; i < read.size(); i++) {
                assertSame(read.get(i), written.get(i));
            }
        }
    }

    @Test
    void cutExactlyAfterANewlineIsACleanEnd() throws IOException {
        byte[] file = AofFixtures.write(AofFixtures.sequence(4));
        List<Integer> ends = AofFixtures.lineEnds(file);
        AofReader reader = AofFixtures.reader(Arrays.copyOf(file, ends.get(2) + 1));
        reader.readHeader();
        List<AofRecord> read = new ArrayList<>();

        AofFixtures.readAll(reader, read);

        assertThat(read).hasSize(2);
    }

    /** What a node that crashed leaves: its records, then the zeros it had reserved ahead of them. */
    @Test
    void zerosAfterTheRecordsEndThemCleanly() throws IOException {
        List<AofRecord> written = AofFixtures.sequence(5);
        byte[] records = AofFixtures.write(written);
        // Bigger than the reader's buffer, so the zeros span several reads.
        byte[] file = Arrays.copyOf(records, records.length + 200_000);

        AofReader reader = AofFixtures.reader(file);
        reader.readHeader();
        List<AofRecord> read = new ArrayList<>();
        AofFixtures.readAll(reader, read);

        assertThat(read).hasSize(written.size());
        assertSame(read.get(4), written.get(4));
        assertThat(reader.position()).isEqualTo(records.length);
        assertThat(reader.padding()).isEqualTo(200_000);
    }

    @Test
    void recordCutShortByTheZerosIsATornTail() throws IOException {
        byte[] records = AofFixtures.write(AofFixtures.sequence(4));
        List<Integer> ends = AofFixtures.lineEnds(records);
        int lastStart = ends.get(ends.size() - 2) + 1;
        // The first half of the last record reached the disk, the rest of its page is still the reserve.
        byte[] file = Arrays.copyOf(Arrays.copyOf(records, lastStart + 10), records.length + 4096);

        List<AofRecord> read = new ArrayList<>();
        AofTornTailException torn = readUntil(AofTornTailException.class, file, read);

        assertThat(torn).isNotNull();
        assertThat(torn.goodLength()).isEqualTo(lastStart);
        assertThat(read).hasSize(3);
    }

    @Test
    void dataAfterTheZerosIsCorrupt() throws IOException {
        byte[] records = AofFixtures.write(AofFixtures.sequence(3));
        byte[] file = Arrays.copyOf(records, records.length + 100_000);
        file[file.length - 3] = '{';

        List<AofRecord> read = new ArrayList<>();
        AofCorruptException corrupt = readUntil(AofCorruptException.class, file, read);

        assertThat(corrupt).isNotNull();
        assertThat(corrupt.offset()).isEqualTo(records.length);
        assertThat(corrupt).hasMessageContaining("zero bytes from offset " + records.length
                + " are followed by data at offset " + (file.length - 3));
        assertThat(read).hasSize(3);
    }

    @Test
    void damagedMiddleRecordIsCorruptWithItsLineAndOffset() throws IOException {
        List<AofRecord> written = AofFixtures.sequence(10);
        byte[] file = AofFixtures.write(written);
        List<Integer> ends = AofFixtures.lineEnds(file);
        // Record 3 is line 4: it starts after the third '\n'.
        int recordStart = ends.get(2) + 1;
        int colon = indexOf(file, (byte) ':', recordStart);
        file[colon] = '#';

        List<AofRecord> read = new ArrayList<>();
        AofCorruptException corrupt = readUntil(AofCorruptException.class, file, read);

        assertThat(corrupt).isNotNull();
        assertThat(corrupt.lineNumber()).isEqualTo(4);
        assertThat(corrupt.offset()).isEqualTo(recordStart);
        assertThat(corrupt).hasMessageStartingWith("AOF corrupt at line 4 (byte offset " + recordStart + "): ")
                .hasMessageContaining("aof-tools fix");
        assertThat(read).hasSize(2);
        assertSame(read.get(0), written.get(0));
        assertSame(read.get(1), written.get(1));
    }

    @Test
    void structurallyValidButWrongRecordIsCorrupt() throws IOException {
        byte[] file = AofFixtures.utf8("{\"flux-aof\":1,\"created\":0}\n{\"ts\":1,\"db\":0,\"op\":\"set\",\"key\":7}\n"
                + "{\"ts\":2,\"db\":0,\"op\":\"flushall\"}\n");
        AofReader reader = AofFixtures.reader(file);
        reader.readHeader();

        AofCorruptException corrupt = catchThrowableOfType(AofCorruptException.class, reader::next);

        assertThat(corrupt.lineNumber()).isEqualTo(2);
        assertThat(corrupt.offset()).isEqualTo(27);
        assertThat(corrupt).hasMessageContaining("key: expected START_OBJECT but found VALUE_NUMBER_INT");
    }

    @Test
    void escapedLoneSurrogateIsCorruptRatherThanSilentlyReplaced() throws IOException {
        AofReader reader = AofFixtures.reader(AofFixtures.utf8(
                "{\"flux-aof\":1,\"created\":0}\n{\"ts\":1,\"db\":0,\"op\":\"del\",\"key\":\"a\\uD800b\"}\n"));
        reader.readHeader();

        AofCorruptException corrupt = catchThrowableOfType(AofCorruptException.class, reader::next);

        assertThat(corrupt).hasMessageContaining("key: string holds an unpaired surrogate escape");
    }

    private static int indexOf(byte[] b, byte wanted, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }

    /** Reads {@code file}'s records into {@code read} until the reader throws; returns what it threw. */
    private static <T extends Throwable> T readUntil(Class<T> type, byte[] file, List<AofRecord> read)
            throws IOException {
        AofReader reader = AofFixtures.reader(file);
        reader.readHeader();
        return catchThrowableOfType(type, () -> AofFixtures.readAll(reader, read));
    }
}
