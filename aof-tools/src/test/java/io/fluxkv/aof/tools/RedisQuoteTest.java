package io.fluxkv.aof.tools;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RedisQuoteTest {

    @Test
    void plainWordsStayBare() {
        assertThat(RedisQuote.of(b("user:1"))).isEqualTo("user:1");
        assertThat(RedisQuote.of(b("1.5e+3"))).isEqualTo("1.5e+3");
    }

    @Test
    void quotesWhenTheBytesWouldNotReadBackAsOneWord() {
        assertThat(RedisQuote.of(new byte[0])).isEqualTo("\"\"");
        assertThat(RedisQuote.of(b("a b"))).isEqualTo("\"a b\"");
        assertThat(RedisQuote.of(b("it's"))).isEqualTo("\"it's\"");
        assertThat(RedisQuote.of(b("say \"hi\""))).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(RedisQuote.of(b("back\\slash"))).isEqualTo("\"back\\\\slash\"");
    }

    @Test
    void escapesLikeRedisCli() {
        assertThat(RedisQuote.of(b("\n\r\t\u0007\b"))).isEqualTo("\"\\n\\r\\t\\a\\b\"");
        assertThat(RedisQuote.of(new byte[] {0, 0x7f, (byte) 0x80, (byte) 0xff})).isEqualTo("\"\\x00\\x7f\\x80\\xff\"");
        assertThat(RedisQuote.of(b("Zoë"))).isEqualTo("\"Zo\\xc3\\xab\"");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
