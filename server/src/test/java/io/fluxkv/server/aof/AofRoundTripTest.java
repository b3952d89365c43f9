package io.fluxkv.server.aof;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.fluxkv.server.aof.AofFixtures.assertSame;
import static io.fluxkv.server.aof.AofFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofRoundTripTest {

    private static final String[] OPS = {"set", "del", "rpush", "hset", "zadd", "expireat", "flushall", "flushdb"};
    /** Multi-byte UTF-8 of every length (2, 3, 4 bytes), plus characters JSON must escape. */
    private static final String[] TEXT = {"é", "€", "日本", "😀", "\u0000", "\n\r\t", "\"\\", "\u2028", "\u007f", "a"};

    @Test
    void randomRecordsRoundTripExactly() throws IOException {
        Random random = new Random(20_261_124L);
        List<AofRecord> written = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] key = random.nextInt(10) == 0 ? null : randomBytes(random);
            List<byte[]> args = new ArrayList<>();
            int argCount = random.nextInt(5);
            for (int a = 0; a < argCount; a++) {
                args.add(randomBytes(random));
            }
            written.add(new AofRecord(random.nextLong() & Long.MAX_VALUE, random.nextInt(16),
                    OPS[random.nextInt(OPS.length)], key, args));
        }

        AofReader reader = AofFixtures.reader(AofFixtures.write(written));
        assertThat(reader.readHeader()).isEqualTo(AofFixtures.CREATED);
        for (AofRecord expected : written) {
            AofRecord actual = reader.next();
            assertThat(actual).as("record at line %d", reader.lineNumber()).isNotNull();
            assertSame(actual, expected);
        }
        assertThat(reader.next()).isNull();
    }

    @Test
    void validUtf8IsWrittenAsAStringAndAnythingElseAsBase64() throws IOException {
        byte[] binaryKey = {(byte) 0xFF, 0x00, 'k'};
        byte[] loneLead = {(byte) 0xC3};
        byte[] encodedSurrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
        List<AofRecord> records = List.of(
                new AofRecord(5, 0, "set", binaryKey, List.of(utf8("héllo\n"), loneLead)),
                new AofRecord(6, 1, "rpush", utf8("l"), List.of(encodedSurrogate, overlongSlash, new byte[0])),
                new AofRecord(7, 0, "flushall", null, List.of()));

        byte[] file = AofFixtures.write(records);

        assertThat(new String(file, StandardCharsets.UTF_8)).isEqualTo("""
                {"flux-aof":1,"created":1767225600000}
                {"ts":5,"db":0,"op":"set","key":{"b64":"/wBr"},"args":["héllo\\n",{"b64":"ww=="}]}
                {"ts":6,"db":1,"op":"rpush","key":"l","args":[{"b64":"7aCA"},{"b64":"wK8="},""]}
                {"ts":7,"db":0,"op":"flushall"}
                """);
        AofReader reader = AofFixtures.reader(file);
        reader.readHeader();
        for (AofRecord expected : records) {
            assertSame(reader.next(), expected);
        }
        assertThat(reader.next()).isNull();
    }

    @Test
    void wrongVersionIsRefused() {
        AofReader reader = AofFixtures.reader(utf8("{\"flux-aof\":2,\"created\":1}\n"));
        assertThatThrownBy(reader::readHeader)
                .isInstanceOf(AofException.class)
                .hasMessage("unsupported AOF version 2 (this build reads version 1)");
    }

    @Test
    void missingHeaderIsRefused() {
        AofReader reader = AofFixtures.reader(utf8("{\"ts\":1,\"db\":0,\"op\":\"flushall\"}\n"));
        assertThatThrownBy(reader::readHeader)
                .isInstanceOf(AofException.class)
                .hasMessageStartingWith("not a Flux-KV AOF: the first line has no \"flux-aof\" version field");
    }

    @Test
    void emptyOrNonJsonFileIsRefused() {
        assertThatThrownBy(AofFixtures.reader(new byte[0])::readHeader)
                .isInstanceOf(AofException.class)
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(AofFixtures.reader(utf8("*3\r\n$3\r\nSET\r\n"))::readHeader)
                .isInstanceOf(AofException.class)
                .hasMessageStartingWith("not a Flux-KV AOF: the header line is not valid JSON");
    }

    private static byte[] randomBytes(Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                return new byte[0];
            }
            case 1 -> {
                StringBuilder s = new StringBuilder();
                int parts = random.nextInt(40);
                for (int i = 0; i < parts; i++) {
                    s.append(TEXT[random.nextInt(TEXT.length)]);
                }
                return utf8(s.toString());
            }
            case 2 -> {
                // Invalid UTF-8 inside otherwise ASCII text: a lone lead byte or a byte never valid.
                byte[] b = utf8("ab" + random.nextInt(1000));
                b[random.nextInt(b.length)] = random.nextBoolean() ? (byte) 0xC3 : (byte) 0xFF;
                return b;
            }
            default -> {
                byte[] b = new byte[random.nextInt(301)];
                random.nextBytes(b);
                return b;
            }
        }
    }
}
