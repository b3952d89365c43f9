package io.fluxkv.server.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.commands.ProtocolCommand;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any command through Jedis by name, with arguments given as {@code String} (sent as UTF-8), {@code byte[]} (sent
 * as is) or numbers, for tests whose command lines are data (workloads) rather than typed API calls; and INFO
 * fields by name.
 */
public final class Commands {
    private Commands() {
    }

    /** Runs one command and returns Jedis's raw reply (byte[], Long, List of those, or null). */
    public static Object call(Jedis jedis, Object... words) {
        byte[][] argv = argv(words);
        return jedis.sendCommand(command(argv[0]), rest(argv));
    }

    /** Queues one command in a pipeline. */
    public static Response<Object> queue(Pipeline pipeline, byte[][] argv) {
        return pipeline.sendCommand(command(argv[0]), rest(argv));
    }

    /** A reply that is a bulk or status string, as text. */
    public static String text(Object reply) {
        return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    /** Every field of one INFO section, in order. */
    public static Map<String, String> info(Jedis jedis, String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : jedis.info(section).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** One INFO field (looked up in the section named by the caller). */
    public static String info(Jedis jedis, String section, String field) {
        String value = info(jedis, section).get(field);
        if (value == null) {
            throw new AssertionError("INFO " + section + " has no field " + field);
        }
        return value;
    }

    /** A command line of mixed words as bytes. */
    public static byte[][] argv(Object... words) {
        byte[][] argv = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            argv[i] = words[i] instanceof byte[] bytes ? bytes
                    : String.valueOf(words[i]).getBytes(StandardCharsets.UTF_8);
        }
        return argv;
    }

    private static ProtocolCommand command(byte[] name) {
        return () -> name;
    }

    private static byte[][] rest(byte[][] argv) {
        byte[][] rest = new byte[argv.length - 1][];
        System.arraycopy(argv, 1, rest, 0, rest.length);
        return rest;
    }
}
