package io.fluxkv.server.aof;

import io.fluxkv.server.testing.AofLines;
import io.fluxkv.server.testing.NodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged node refuses to start on an AOF damaged before its end: it exits non-zero and says where the damage
 * is and what to do about it.
 */
class AofCorruptFileIT {
    @TempDir
    Path dir;

    @Test
    void corruptRecordInTheMiddleMakesTheProcessExitNonZeroNamingLineOffsetAndTheFix() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(AofLines.header(1767225600000L));
        for (int i = 0; i < 10; i++) {
            file.writeBytes(AofLines.record(0, "set", "key" + i, "value" + i));
        }
        int badOffset = file.size();
        file.writeBytes("{\"ts\":1767225601000,\"db\":0,\"op\":\"set\",\"key\":\"k\",\"args\":[\"v\"]} trailing\n"
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 10; i++) {
            file.writeBytes(AofLines.record(0, "set", "after" + i, "value" + i));
        }
        Files.write(data.resolve("appendonly.aof"), file.toByteArray());

        try (NodeProcess node = NodeProcess.start(dir.resolve("node.log"), List.of(), "--appendonly", "yes", "--dir",
                data.toString())) {
            int status = node.waitFor(30);

            assertThat(status).as("exit status; log:%n%s", node.log()).isNotZero();
            assertThat(node.log()).contains("line 12").contains("byte offset " + badOffset).contains("aof-tools fix");
        }
    }
}
