package io.fluxkv.server.util;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Option words match as Redis's strcasecmp does: ASCII case ignored, a NUL byte ends the argument. */
class WordsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void isIgnoresAsciiCaseOnBothSides() {
        assertThat(Words.is(b("CoUnT"), "count")).isTrue();
        assertThat(Words.is(b("count"), "COUNT")).isTrue();
        assertThat(Words.is(b("lib-name"), "LIB-NAME")).isTrue();
        assertThat(Words.is(b("coun"), "count")).isFalse();
        assertThat(Words.is(b("counts"), "count")).isFalse();
        assertThat(Words.is(b("count\0"), "count")).isTrue();
        assertThat(Words.is(b(""), "")).isTrue();
        // Non-ASCII bytes never fold onto ASCII letters ('\u00c9' is not 'E' or 'e').
        assertThat(Words.is(b("\u00c9x"), "ex")).isFalse();
        assertThat(Words.is(b("e-"), "e_")).isFalse();
    }

    @Test
    void aNulByteEndsTheArgument() {
        assertThat(Words.is(b("nX"), "NX")).isTrue();
        assertThat(Words.is(b("NX\0junk"), "NX")).isTrue();
        assertThat(Words.is(b("xX\0"), "xx")).isTrue();
        assertThat(Words.is(b("\0NX"), "NX")).isFalse();
        assertThat(Words.is(b("NXX"), "NX")).isFalse();
        assertThat(Words.is(b("N"), "NX")).isFalse();
        assertThat(Words.is(b("N\0"), "NX")).isFalse();
    }
}
