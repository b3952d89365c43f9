package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What {@code stats} counts while the records go by. Keys are counted per the db field of their records. */
final class AofStats implements RecordSink {

    private final Map<String, Long> recordsPerOp = new HashMap<>();
    private final Map<Integer, Set<ByteBuffer>> keysPerDb = new TreeMap<>();
    private long records;
    private long earliest = Long.MAX_VALUE;
    private long latest = Long.MIN_VALUE;

    @Override
    public void accept(AofRecord record) {
        records++;
        recordsPerOp.merge(record.op().toUpperCase(Locale.ROOT), 1L, Long::sum);
        if (record.key() != null) {
            keysPerDb.computeIfAbsent(record.db(), db -> new HashSet<>()).add(ByteBuffer.wrap(record.key()));
        }
        earliest = Math.min(earliest, record.ts());
        latest = Math.max(latest, record.ts());
    }

    void print(PrintWriter out, ScanResult result) {
        out.printf("records        %d%n", records);
        out.printf("bytes          %d%n", result.fileLength());
        if (result.valid() && result.padding() > 0) {
            out.printf("tail           clean, then %d bytes of reserved zeros%n", result.padding());
        } else if (result.valid()) {
            out.printf("tail           clean%n");
        } else {
            Damage damage = result.damage();
            out.printf("tail           %s: %s (stats cover the %d bytes before it)%n",
                    damage.kindName(), damage.describe(), result.goodLength());
        }
        if (records > 0) {
            out.printf("first          %s (%d)%n", RecordFormat.time(earliest), earliest);
            out.printf("last           %s (%d)%n", RecordFormat.time(latest), latest);
            out.printf("duration       %d ms%n", latest - earliest);
        }
        out.printf("records per operation:%n");
        recordsPerOp.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.printf("  %-12s %d%n", e.getKey(), e.getValue()));
        out.printf("distinct keys per db:%n");
        keysPerDb.forEach((db, keys) -> out.printf("  db %-9d %d%n", db, keys.size()));
    }
}
