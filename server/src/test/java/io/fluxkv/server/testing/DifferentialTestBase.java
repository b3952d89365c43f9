package io.fluxkv.server.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base for the byte-for-byte comparisons with redis-server: every test starts from two empty keyspaces with a
 * fresh {@link Differential} pair {@code d}, closed after the test.
 */
public abstract class DifferentialTestBase extends NodeAndRedisTest {
    private static final Pattern CHANGES = Pattern.compile("rdb_changes_since_last_save:(\\d+)");

    protected Differential d;

    @BeforeEach
    void openDifferential() {
        flushBoth();
        d = new Differential(redis, node);
    }

    @AfterEach
    void closeDifferential() throws Exception {
        d.close();
    }

    /** Checks each command in turn against both servers. */
    protected void all(String[]... commands) {
        for (String[] command : commands) {
            d.check(command);
        }
    }

    /** A command line, for readable lists of them. */
    protected static String[] c(String... words) {
        return words;
    }

    /**
     * Runs each command on both servers and asserts that INFO's change counter (rdb_changes_since_last_save, the
     * count a future AOF and CDC depend on) moved by the same amount on both.
     */
    protected static void assertChangeCountsMatch(String[][] commands) throws Exception {
        try (RawConnection toRedis = redis.raw(); RawConnection toNode = node.raw()) {
            for (String[] command : commands) {
                long redisBefore = changes(toRedis);
                long nodeBefore = changes(toNode);
                toRedis.command(command).readReply();
                toNode.command(command).readReply();
                assertThat(changes(toNode) - nodeBefore).as(String.join(" ", command))
                        .isEqualTo(changes(toRedis) - redisBefore);
            }
        }
    }

    /** Switches two fresh connections to RESP3 (HELLO 3) and compares every command's reply byte for byte. */
    protected static void assertResp3RepliesMatch(String[][] commands) throws Exception {
        try (RawConnection toRedis = redis.raw(); RawConnection toNode = node.raw()) {
            toRedis.command("HELLO", "3").readReply();
            // HELLO's own reply differs (ids, versions, server name) and is not compared, only its type.
            assertThat(toNode.command("HELLO", "3").readReplyString()).startsWith("%7\r\n");
            for (String[] command : commands) {
                toRedis.command(command);
                toNode.command(command);
                assertThat(toNode.readReplyString()).as(String.join(" ", command))
                        .isEqualTo(toRedis.readReplyString());
            }
        }
    }

    private static long changes(RawConnection connection) {
        Matcher matcher = CHANGES.matcher(connection.command("INFO", "persistence").readReplyString());
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** One of {@code choices}, for seeded random command sequences. */
    @SafeVarargs
    protected static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
