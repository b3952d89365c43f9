package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;
import io.fluxkv.server.aof.AofWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Builds AOF files for the tests with the node's own writer. */
final class AofFiles {

    static final long CREATED = 1_767_225_600_000L;
    /** 2026-01-01T00:00:01Z. */
    static final long T0 = 1_767_225_601_000L;

    private AofFiles() {
    }

    static Path write(Path file, List<AofRecord> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            AofWriter writer = new AofWriter(out);
            writer.writeHeader(CREATED);
            for (AofRecord record : records) {
                writer.write(record);
            }
            writer.close();
        }
        return file;
    }

    /** Appends records as the node does: no header, each line whole. */
    static void append(Path file, AofRecord... records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            AofWriter writer = new AofWriter(out);
            for (AofRecord record : records) {
                writer.write(record);
            }
            writer.close();
        }
    }

    static void appendRaw(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    /** One record line as the writer formats it, '\n' included. */
    static byte[] line(AofRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AofWriter writer = new AofWriter(out);
        writer.write(record);
        writer.close();
        return out.toByteArray();
    }

    static AofRecord record(long ts, int db, String op, String key, String... args) {
        byte[] keyBytes = key == null ? null : utf8(key);
        return new AofRecord(ts, db, op, keyBytes, Arrays.stream(args).map(AofFiles::utf8).toList());
    }

    static AofRecord raw(long ts, int db, String op, byte[] key, byte[]... args) {
        return new AofRecord(ts, db, op, key, List.of(args));
    }

    static AofRecord multi(long ts, int db) {
        return record(ts, db, TransactionGate.MULTI, null);
    }

    static AofRecord exec(long ts, int db) {
        return record(ts, db, TransactionGate.EXEC, null);
    }

    /** {@code n} sets with keys "key:i" over dbs 0..2, one ms apart. */
    static List<AofRecord> sets(int n) {
        List<AofRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(record(T0 + i, i % 3, "set", "key:" + i, "value-" + i));
        }
        return records;
    }

    /** Sets with random binary keys and values (invalid UTF-8 included, so the writer uses base64). */
    static List<AofRecord> binarySets(Random random, int n) {
        List<AofRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(raw(T0 + i, 0, "set", randomBytes(random, 1 + random.nextInt(20)),
                    randomBytes(random, random.nextInt(50))));
        }
        return records;
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Byte offset of the start of each line (index 0 = line 1, the header), plus the file length at the end. */
    static List<Long> lineStarts(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<Long> starts = new ArrayList<>(List.of(0L));
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                starts.add(i + 1L);
            }
        }
        return starts;
    }

    /** Replaces line {@code lineNumber} (1-based) with {@code text}, which gets its own '\n'. */
    static void replaceLine(Path file, int lineNumber, String text) throws IOException {
        List<Long> starts = lineStarts(file);
        byte[] bytes = Files.readAllBytes(file);
        int from = Math.toIntExact(starts.get(lineNumber - 1));
        int to = Math.toIntExact(starts.get(lineNumber));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, from);
        out.writeBytes(utf8(text + "\n"));
        out.write(bytes, to, bytes.length - to);
        Files.write(file, out.toByteArray());
    }
}
