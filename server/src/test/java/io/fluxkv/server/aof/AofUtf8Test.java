package io.fluxkv.server.aof;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.fail;

/** The writer's UTF-8 check must agree with the JDK's strict decoder, or strings would not round-trip. */
class AofUtf8Test {

    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(8);

    @Test
    void agreesWithTheJdkOnEveryShortSequence() {
        for (int a = 0; a < 256; a++) {
            check(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                check(new byte[] {(byte) a, (byte) b});
                if (a >= 0xE0 && a <= 0xF4) {
                    for (int c = 0; c < 256; c++) {
                        check(new byte[] {(byte) a, (byte) b, (byte) c});
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkOnRandomFourByteSequences() {
        Random random = new Random(4);
        byte[] b = new byte[4];
        for (int i = 0; i < 500_000; i++) {
            b[0] = (byte) (0xF0 | random.nextInt(8));
            b[1] = (byte) (0x80 | random.nextInt(64) | (random.nextInt(8) == 0 ? 0x40 : 0));
            b[2] = (byte) (0x80 | random.nextInt(64));
            b[3] = (byte) (0x80 | random.nextInt(64));
            check(b);
        }
    }

    private void check(byte[] b) {
        // A plain comparison: an AssertJ chain per sequence would dominate the run time.
        if (AofFormat.isValidUtf8(b) != jdkAccepts(b)) {
            fail("disagree with the JDK on %s", HexFormat.of().formatHex(b));
        }
    }

    private boolean jdkAccepts(byte[] b) {
        // CoderResult rather than decode(ByteBuffer): no exception per rejected sequence.
        strict.reset();
        chars.clear();
        return !strict.decode(ByteBuffer.wrap(b), chars, true).isError() && !strict.flush(chars).isError();
    }
}
