package io.fluxkv.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RespWriterTest {
    private static String write(int protocol, java.util.function.Consumer<RespWriter> body) {
        ByteBuf buf = Unpooled.buffer();
        RespWriter writer = new RespWriter();
        writer.protocol(protocol);
        writer.target(buf);
        body.accept(writer);
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void integersIncludingExtremes() {
        assertThat(write(2, w -> {
            w.integer(0);
            w.integer(-1);
            w.integer(123456789012L);
            w.integer(Long.MIN_VALUE);
            w.integer(Long.MAX_VALUE);
        })).isEqualTo(":0\r\n:-1\r\n:123456789012\r\n:-9223372036854775808\r\n:9223372036854775807\r\n");
    }

    @Test
    void resp3TypesFallBackToResp2() {
        java.util.function.Consumer<RespWriter> body = w -> {
            w.mapHeader(1);
            w.bulk("k");
            w.bool(true);
            w.setHeader(0);
            w.nullBulk();
            w.nullArray();
            w.doubleText("1.5".getBytes(StandardCharsets.US_ASCII));
            w.verbatim("a");
        };
        assertThat(write(2, body)).isEqualTo("*2\r\n$1\r\nk\r\n:1\r\n*0\r\n$-1\r\n*-1\r\n$3\r\n1.5\r\n$1\r\na\r\n");
        assertThat(write(3, body)).isEqualTo("%1\r\n$1\r\nk\r\n#t\r\n~0\r\n_\r\n_\r\n,1.5\r\n=5\r\ntxt:a\r\n");
    }

    @Test
    void errorLinesCannotBeBrokenByClientText() {
        assertThat(write(2, w -> w.error("ERR bad 'a\r\nb'"))).isEqualTo("-ERR bad 'a  b'\r\n");
    }
}
