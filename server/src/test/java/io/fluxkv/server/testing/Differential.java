package io.fluxkv.server.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends the same command lines to a real redis-server and to a node over raw sockets and compares the replies
 * byte for byte. One instance holds one connection to each; a failure names the command and both replies.
 * <p>
 * Commands whose replies legitimately differ (timings, ids, random picks) do not belong here; compare their
 * shape in the family's own test instead.
 */
public final class Differential implements AutoCloseable {
    private final RawConnection redis;
    private final RawConnection node;
    private final List<String> transcript = new ArrayList<>();

    public Differential(RedisServerProcess redis, NodeFixture node) {
        this.redis = redis.raw();
        this.node = node.raw();
    }

    /** Sends one command (arguments as UTF-8) to both and asserts the replies are identical. */
    public String check(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return check(bytes);
    }

    /** Sends one command of raw byte arguments to both and asserts the replies are identical. */
    public String check(byte[]... args) {
        byte[] request = RawConnection.encode(args);
        return checkRaw(request);
    }

    /** Sends exact request bytes (which may hold several commands or inline syntax) and compares one reply. */
    public String checkRaw(byte[] request) {
        redis.send(request);
        node.send(request);
        String expected = new String(redis.readReply(), StandardCharsets.ISO_8859_1);
        String actual = new String(node.readReply(), StandardCharsets.ISO_8859_1);
        transcript.add(describe(request) + " -> " + visible(expected));
        assertThat(visible(actual))
                .as("reply to %s (after %d earlier commands; last ones: %s)", describe(request), transcript.size() - 1,
                        transcript.subList(Math.max(0, transcript.size() - 6), transcript.size()))
                .isEqualTo(visible(expected));
        return expected;
    }

    private static String describe(byte[] request) {
        return visible(new String(request, StandardCharsets.ISO_8859_1));
    }

    static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    @Override
    public void close() throws Exception {
        redis.close();
        node.close();
    }
}
