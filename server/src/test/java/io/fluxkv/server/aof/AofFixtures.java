package io.fluxkv.server.aof;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes records to memory and reads them back, for the AOF tests. */
final class AofFixtures {

    static final long CREATED = 1_767_225_600_000L;

    private AofFixtures() {
    }

    static byte[] write(List<AofRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AofWriter w = new AofWriter(out)) {
            w.writeHeader(CREATED);
            for (AofRecord r : records) {
                w.write(r);
            }
        }
        return out.toByteArray();
    }

    static AofReader reader(byte[] file) {
        return new AofReader(new ByteArrayInputStream(file));
    }

    /** Reads records until the reader returns null or throws; what was read before a throw is in {@code into}. */
    static void readAll(AofReader reader, List<AofRecord> into) throws IOException {
        AofRecord r;
        while ((r = reader.next()) != null) {
            into.add(r);
        }
    }

    static List<AofRecord> sequence(int n) {
        List<AofRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new AofRecord(1_000L + i, i % 3, "set", utf8("key:" + i),
                    List.of(utf8("value-" + i), utf8("PXAT"), utf8(Long.toString(9_000L + i)))));
        }
        return records;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Offsets of the '\n' ending each line, header included. */
    static List<Integer> lineEnds(byte[] file) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                ends.add(i);
            }
        }
        return ends;
    }

    static void assertSame(AofRecord actual, AofRecord expected) {
        assertThat(actual.ts()).isEqualTo(expected.ts());
        assertThat(actual.db()).isEqualTo(expected.db());
        assertThat(actual.op()).isEqualTo(expected.op());
        assertThat(Arrays.equals(actual.key(), expected.key()))
                .as("key %s vs %s", Arrays.toString(actual.key()), Arrays.toString(expected.key())).isTrue();
        assertThat(actual.args()).hasSameSizeAs(expected.args());
        for (int i = 0; i < expected.args().size(); i++) {
            assertThat(Arrays.equals(actual.args().get(i), expected.args().get(i)))
                    .as("arg %d: %s vs %s", i, Arrays.toString(actual.args().get(i)),
                            Arrays.toString(expected.args().get(i)))
                    .isTrue();
        }
    }
}
