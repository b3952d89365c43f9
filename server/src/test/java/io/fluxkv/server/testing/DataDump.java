package io.fluxkv.server.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.fail;

/**
 * Every key of every database of a server, read back through the protocol: SCAN finds the keys, TYPE picks the
 * command that reads each (GET, LRANGE, HGETALL, SMEMBERS, ZRANGE WITHSCORES with the scores' exact text) and
 * PEXPIRETIME its absolute deadline, so that two dumps are equal exactly when the data sets are, TTLs included.
 * Unordered contents (hash fields, set members) are sorted; binary bytes are shown escaped.
 */
public final class DataDump {
    private static final ScanParams SCAN = new ScanParams().count(1000);

    /** "db&lt;n&gt; &lt;escaped key&gt;" to "&lt;type&gt; &lt;contents&gt; expireat=&lt;ms|none&gt;". */
    private final TreeMap<String, String> entries;

    private DataDump(TreeMap<String, String> entries) {
        this.entries = entries;
    }

    /** Dumps the server on {@code port} through a connection of its own. */
    public static DataDump of(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port, 30_000)) {
            int databases = Integer.parseInt(jedis.configGet("databases").get("databases"));
            TreeMap<String, String> entries = new TreeMap<>();
            for (int db = 0; db < databases; db++) {
                jedis.select(db);
                dumpDatabase(jedis, db, entries);
            }
            return new DataDump(entries);
        }
    }

    private static void dumpDatabase(Jedis jedis, int db, Map<String, String> into) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
            ScanResult<byte[]> page = jedis.scan(cursor, SCAN);
            for (byte[] key : page.getResult()) {
                keys.putIfAbsent(HexFormat.of().formatHex(key), key);
            }
            cursor = page.getCursorAsBytes();
        } while (!new String(cursor, StandardCharsets.US_ASCII).equals("0"));
        List<byte[]> all = new ArrayList<>(keys.values());
        for (int from = 0; from < all.size(); from += 500) {
            List<byte[]> batch = all.subList(from, Math.min(all.size(), from + 500));
            List<String> types = types(jedis, batch);
            Pipeline pipeline = jedis.pipelined();
            List<Response<Object>> values = new ArrayList<>();
            List<Response<Object>> deadlines = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                values.add(Commands.queue(pipeline, readCommand(types.get(i), batch.get(i))));
                deadlines.add(Commands.queue(pipeline, Commands.argv("PEXPIRETIME", batch.get(i))));
            }
            pipeline.sync();
            for (int i = 0; i < batch.size(); i++) {
                long deadline = (Long) deadlines.get(i).get();
                into.put("db" + db + " " + escape(batch.get(i)), types.get(i) + " "
                        + describe(types.get(i), values.get(i).get()) + " expireat="
                        + (deadline < 0 ? "none" : Long.toString(deadline)));
            }
        }
    }

    private static List<String> types(Jedis jedis, List<byte[]> keys) {
        Pipeline pipeline = jedis.pipelined();
        List<Response<Object>> replies = new ArrayList<>();
        for (byte[] key : keys) {
            replies.add(Commands.queue(pipeline, Commands.argv("TYPE", key)));
        }
        pipeline.sync();
        List<String> types = new ArrayList<>();
        for (Response<Object> reply : replies) {
            types.add(Commands.text(reply.get()));
        }
        return types;
    }

    private static byte[][] readCommand(String type, byte[] key) {
        return switch (type) {
            case "string" -> Commands.argv("GET", key);
            case "list" -> Commands.argv("LRANGE", key, 0, -1);
            case "hash" -> Commands.argv("HGETALL", key);
            case "set" -> Commands.argv("SMEMBERS", key);
            case "zset" -> Commands.argv("ZRANGE", key, 0, -1, "WITHSCORES");
            default -> Commands.argv("EXISTS", key); // "none": gone between SCAN and TYPE
        };
    }

    @SuppressWarnings("unchecked")
    private static String describe(String type, Object reply) {
        return switch (type) {
            case "string" -> escape((byte[]) reply);
            case "list" -> escapeAll((List<byte[]>) reply).toString();
            case "set" -> sorted(escapeAll((List<byte[]>) reply)).toString();
            case "hash" -> {
                List<String> pairs = new ArrayList<>();
                List<byte[]> flat = (List<byte[]>) reply;
                for (int i = 0; i < flat.size(); i += 2) {
                    pairs.add(escape(flat.get(i)) + "=" + escape(flat.get(i + 1)));
                }
                yield sorted(pairs).toString();
            }
            case "zset" -> {
                // Ordered by score then member, as the server keeps it; scores as the exact text it replies.
                List<String> pairs = new ArrayList<>();
                List<byte[]> flat = (List<byte[]>) reply;
                for (int i = 0; i < flat.size(); i += 2) {
                    pairs.add(escape(flat.get(i)) + "@" + new String(flat.get(i + 1), StandardCharsets.US_ASCII));
                }
                yield pairs.toString();
            }
            default -> String.valueOf(reply);
        };
    }

    private static List<String> escapeAll(List<byte[]> values) {
        List<String> escaped = new ArrayList<>(values.size());
        for (byte[] value : values) {
            escaped.add(escape(value));
        }
        return escaped;
    }

    private static List<String> sorted(List<String> values) {
        Collections.sort(values);
        return values;
    }

    /** Printable ASCII as is (quoted), everything else as \xHH: distinct bytes give distinct text. */
    public static String escape(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                text.append((char) c);
            } else {
                text.append(String.format("\\x%02x", c));
            }
        }
        return text.append('"').toString();
    }

    public int size() {
        return entries.size();
    }

    /** The dumped form of one key ("&lt;type&gt; &lt;contents&gt; expireat=..."), or null if absent. */
    public String get(int db, byte[] key) {
        return entries.get("db" + db + " " + escape(key));
    }

    public String get(int db, String key) {
        return get(db, key.getBytes(StandardCharsets.UTF_8));
    }

    /** Fails listing (the first few of) the keys missing, unexpected or different compared with {@code expected}. */
    public void assertSameAs(DataDump expected, String when) {
        compare(expected, when, true);
    }

    /** Fails unless every key of {@code expected} is here with the same contents (other keys may be here too). */
    public void assertIncludes(DataDump expected, String when) {
        compare(expected, when, false);
    }

    private void compare(DataDump expected, String when, boolean exactly) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : expected.entries.entrySet()) {
            String actual = entries.get(entry.getKey());
            if (actual == null) {
                problems.add("missing " + entry.getKey() + " -> " + abbreviate(entry.getValue()));
            } else if (!actual.equals(entry.getValue())) {
                problems.add("different " + entry.getKey() + "\n    expected " + abbreviate(entry.getValue())
                        + "\n    actual   " + abbreviate(actual));
            }
        }
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (exactly && !expected.entries.containsKey(entry.getKey())) {
                problems.add("unexpected " + entry.getKey() + " -> " + abbreviate(entry.getValue()));
            }
        }
        if (!problems.isEmpty()) {
            fail("%s: %d of %d keys differ (expected %d keys, found %d); first ones:%n  %s", when, problems.size(),
                    expected.size(), expected.size(), size(),
                    String.join("\n  ", problems.subList(0, Math.min(20, problems.size()))));
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 400 ? value : value.substring(0, 400) + "...(" + value.length() + " chars)";
    }

    @Override
    public String toString() {
        return entries.size() + " keys";
    }
}
