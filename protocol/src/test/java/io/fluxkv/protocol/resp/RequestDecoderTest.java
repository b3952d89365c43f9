package io.fluxkv.protocol.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RequestDecoderTest {
    private boolean authRequired;

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new RequestDecoder(() -> authRequired, RequestDecoder.DEFAULT_MAX_BULK_LENGTH));
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static List<String> args(Object decoded) {
        assertThat(decoded).isInstanceOf(Request.class);
        List<String> out = new ArrayList<>();
        for (byte[] arg : ((Request) decoded).argv()) {
            out.add(new String(arg, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void decodesMultibulkWithBinaryPayload() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\na\r\n\0\r\n"));
        assertThat(args(ch.readInbound())).containsExactly("SET", "k", "a\r\n\0");
    }

    @Test
    void everySplitPointOfAPipelineGivesTheSameRequests() {
        String pipeline = "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\nPING\r\n*1\r\n$4\r\nPING\r\nECHO \"x y\"\r\n";
        for (int split = 1; split < pipeline.length(); split++) {
            EmbeddedChannel ch = channel();
            ch.writeInbound(bytes(pipeline.substring(0, split)));
            ch.writeInbound(bytes(pipeline.substring(split)));
            assertThat(args(ch.readInbound())).as("split at %d", split).containsExactly("GET", "key");
            assertThat(args(ch.readInbound())).containsExactly("PING");
            assertThat(args(ch.readInbound())).containsExactly("PING");
            assertThat(args(ch.readInbound())).containsExactly("ECHO", "x y");
            assertThat((Object) ch.readInbound()).isNull();
        }
    }

    @Test
    void randomChunkingOfManyRequestsIsLossless() {
        Random random = new Random(42);
        StringBuilder all = new StringBuilder();
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<String> request = new ArrayList<>();
            int argc = 1 + random.nextInt(5);
            all.append('*').append(argc).append("\r\n");
            for (int a = 0; a < argc; a++) {
                StringBuilder arg = new StringBuilder();
                int len = random.nextInt(40);
                for (int c = 0; c < len; c++) {
                    arg.append((char) random.nextInt(256));
                }
                request.add(arg.toString());
                all.append('$').append(len).append("\r\n").append(arg).append("\r\n");
            }
            expected.add(request);
        }
        EmbeddedChannel ch = channel();
        byte[] stream = all.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int pos = 0; pos < stream.length; ) {
            int n = Math.min(stream.length - pos, 1 + random.nextInt(64));
            ch.writeInbound(Unpooled.wrappedBuffer(stream, pos, n));
            pos += n;
        }
        for (List<String> request : expected) {
            assertThat(args(ch.readInbound())).isEqualTo(request);
        }
    }

    @Test
    void inlineQuotingFollowsRedis() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("SET \"a\\x41\\n\" 'it\\'s' \"\"\r\n"));
        assertThat(args(ch.readInbound())).containsExactly("SET", "aA\n", "it's", "");
        ch.writeInbound(bytes("  \r\n"));
        assertThat((Object) ch.readInbound()).isSameAs(RequestDecoder.EMPTY);
    }

    @Test
    void protocolErrorsAreReportedOnceAndTheRestIsDropped() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("*2\r\n$3\r\nGET\r\n:1\r\n*1\r\n$4\r\nPING\r\n"));
        assertThat(((ProtocolError) ch.readInbound()).message()).isEqualTo("Protocol error: expected '$', got ':'");
        ch.writeInbound(bytes("*1\r\n$4\r\nPING\r\n"));
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void limitsMatchRedis() {
        assertError("*1048577\r\n", "invalid multibulk length");
        assertError("*-\r\n", "invalid multibulk length");
        assertError("*01\r\n", "invalid multibulk length");
        assertError("*1\r\n$536870913\r\n", "invalid bulk length");
        assertError("*1\r\n$-1\r\n", "invalid bulk length");
        assertError("*" + "1".repeat(70_000), "too big mbulk count string");
        assertError("*1\r\n$" + "1".repeat(70_000), "too big bulk count string");
        assertError("GET " + "a".repeat(70_000), "too big inline request");
        assertError("GET \"open\r\n", "unbalanced quotes in request");
    }

    @Test
    void unauthenticatedClientsGetStricterLimits() {
        authRequired = true;
        assertError("*11\r\n", "unauthenticated multibulk length");
        assertError("*2\r\n$4\r\nAUTH\r\n$16385\r\n", "unauthenticated bulk length");
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("*2\r\n$4\r\nAUTH\r\n$16384\r\n"));
        assertThat((Object) ch.readInbound()).isNull();
        authRequired = false;
        EmbeddedChannel free = channel();
        free.writeInbound(bytes("*11\r\n"));
        assertThat((Object) free.readInbound()).isNull();
    }

    @Test
    void argumentArrayGrowsWithArrivingArgumentsNotWithTheClaim() {
        EmbeddedChannel ch = channel();
        // Claims a million arguments but sends two: nothing is decoded and nothing large is allocated.
        long before = usedHeap();
        ch.writeInbound(bytes("*1000000\r\n$1\r\na\r\n$1\r\nb\r\n"));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(usedHeap() - before).isLessThan(4L << 20);
    }

    @Test
    void queryBufferLimitClosesWithoutReply() {
        RequestDecoder decoder = new RequestDecoder(() -> false, RequestDecoder.DEFAULT_MAX_BULK_LENGTH);
        decoder.setMaxQueryBuffer(1024);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(bytes("*2\r\n$4\r\nECHO\r\n$5000\r\n" + "x".repeat(2000)));
        assertThat((Object) ch.readInbound()).isSameAs(RequestDecoder.QUERY_BUFFER_OVERFLOW);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private void assertError(String input, String detail) {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes(input));
        Object decoded = ch.readInbound();
        assertThat(decoded).as("decoding %s", input.length() > 40 ? input.substring(0, 40) + "..." : input)
                .isInstanceOf(ProtocolError.class);
        assertThat(((ProtocolError) decoded).detail()).isEqualTo(detail);
    }
}
