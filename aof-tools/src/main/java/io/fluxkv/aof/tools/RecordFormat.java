package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The one-line human form of a record shared by {@code cat} and {@code tail}: time, db, OP key args. */
final class RecordFormat {

    /** Always three fraction digits, so lines align and sort as text. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RecordFormat() {
    }

    static String line(AofRecord record) {
        StringBuilder s = new StringBuilder(64)
                .append(time(record.ts()))
                .append(" db=").append(record.db())
                .append(' ').append(record.op().toUpperCase(Locale.ROOT));
        if (record.key() != null) {
            s.append(' ').append(RedisQuote.of(record.key()));
        }
        for (byte[] arg : record.args()) {
            s.append(' ').append(RedisQuote.of(arg));
        }
        return s.toString();
    }

    static String time(long unixMillis) {
        return TIME.format(Instant.ofEpochMilli(unixMillis));
    }
}
