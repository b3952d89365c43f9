package io.fluxkv.aof.tools;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.fluxkv.aof.tools.AofFiles.T0;
import static io.fluxkv.aof.tools.AofFiles.raw;
import static io.fluxkv.aof.tools.AofFiles.record;
import static io.fluxkv.aof.tools.AofFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class RespExporterTest {

    @Test
    void writesMultibulkCommandsAndSelectsOnlyWhenTheDbChanges() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RespExporter exporter = new RespExporter(out);

        exporter.accept(record(T0, 0, "set", "k", "v"));
        exporter.accept(raw(T0, 3, "hset", new byte[] {(byte) 0xff, '\r', '\n'}, utf8("f"), new byte[0]));
        exporter.accept(record(T0, 3, "flushdb", null));
        exporter.accept(record(T0, 0, "del", "k"));

        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo(
                "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
                        + "*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n"
                        + "*4\r\n$4\r\nHSET\r\n$3\r\n\u00ff\r\n\r\n$1\r\nf\r\n$0\r\n\r\n"
                        + "*1\r\n$7\r\nFLUSHDB\r\n"
                        + "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
                        + "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
    }
}
