package io.fluxkv.server.testing;

import io.fluxkv.server.aof.AofWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lines of an AOF exactly as the node's writer writes them, for tests that build or damage files by hand. */
public final class AofLines {
    private AofLines() {
    }

    /**
     * Length of the records of {@code file}: up to its first zero byte, where the space a running node reserves
     * ahead of its records begins (the whole file when there is none).
     */
    public static long recordBytes(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long length = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == 0) {
                        return length + i;
                    }
                }
                length += n;
            }
            return length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header line of a file created at {@code created} (unix ms). */
    public static byte[] header(long created) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AofWriter writer = new AofWriter(out)) {
            writer.writeHeader(created);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One record line, '\n' included ({@code key} null for ops without one, such as multi and exec). */
    public static byte[] record(int db, String op, String key, String... args) {
        return recordAt(System.currentTimeMillis(), db, op, key, args);
    }

    /** As {@link #record}, logged at {@code ts} (unix ms). */
    public static byte[] recordAt(long ts, int db, String op, String key, String... args) {
        byte[][] argv = new byte[(key == null ? 1 : 2) + args.length][];
        argv[0] = op.getBytes(StandardCharsets.US_ASCII);
        int at = 1;
        if (key != null) {
            argv[at++] = key.getBytes(StandardCharsets.UTF_8);
        }
        for (String arg : args) {
            argv[at++] = arg.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AofWriter writer = new AofWriter(out)) {
            writer.write(ts, db, op, argv, key != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
