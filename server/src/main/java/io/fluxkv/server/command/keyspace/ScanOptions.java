package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.util.Glob;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The cursor, options and reply shared by SCAN, HSCAN, SSCAN and ZSCAN: {@code [MATCH pattern] [COUNT n]} (and
 * {@code [TYPE t]} for SCAN only), parsed as Redis's scanGenericCommand does, and the two-element reply
 * {@code [next-cursor, [elements...]]}.
 *
 * @param count   how many elements a step should look at (a hint), at least 1
 * @param pattern the MATCH glob, or null when there is none (or it is "*")
 * @param type    the TYPE name, or null
 */
public record ScanOptions(int count, byte[] pattern, byte[] type) {

    /** Parses the options from {@code argv[first]} on; TYPE is accepted only when {@code allowType}. */
    public static ScanOptions parse(byte[][] argv, int first, boolean allowType) {
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = first; i < argv.length; i += 2) {
            boolean hasValue = i + 1 < argv.length;
            if (hasValue && Words.is(argv[i], "count")) {
                count = Numbers.parseLong(argv[i + 1]);
                if (count < 1) {
                    throw Errors.syntax();
                }
            } else if (hasValue && Words.is(argv[i], "match")) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else if (hasValue && allowType && Words.is(argv[i], "type")) {
                type = argv[i + 1];
            } else {
                throw Errors.syntax();
            }
        }
        return new ScanOptions((int) Math.min(count, Integer.MAX_VALUE), pattern, type);
    }

    /** Whether {@code element} passes MATCH. */
    public boolean matches(byte[] element) {
        return pattern == null || Glob.matches(pattern, element, false);
    }

    /** Writes {@code [next-cursor, [elements...]]}. */
    public static void reply(Client client, long nextCursor, List<byte[]> elements) {
        client.reply().arrayHeader(2);
        client.reply().bulk(Long.toUnsignedString(nextCursor).getBytes(StandardCharsets.US_ASCII));
        client.reply().arrayHeader(elements.size());
        for (byte[] element : elements) {
            client.reply().bulk(element);
        }
    }

    /**
     * A cursor as Redis reads it with strtoul: decimal, an optional sign ("-1" wraps around), no leading space,
     * nothing after the digits but a NUL, at most 2^64-1. An empty cursor is 0.
     */
    public static long parseCursor(byte[] text) {
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int start = text[0] == '-' || text[0] == '+' ? 1 : 0;
        if (start == end) {
            throw invalidCursor();
        }
        for (int i = start; i < end; i++) {
            if (text[i] < '0' || text[i] > '9') {
                throw invalidCursor();
            }
        }
        long value;
        try {
            value = Long.parseUnsignedLong(new String(text, start, end - start, StandardCharsets.US_ASCII));
        } catch (NumberFormatException overflow) {
            throw invalidCursor();
        }
        return text[0] == '-' ? -value : value;
    }

    private static CommandException invalidCursor() {
        return new CommandException("ERR invalid cursor");
    }
}
