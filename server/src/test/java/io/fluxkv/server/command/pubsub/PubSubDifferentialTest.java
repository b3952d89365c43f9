package io.fluxkv.server.command.pubsub;

import io.fluxkv.server.testing.DifferentialTestBase;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pub/Sub against redis-server 7.0.15, byte for byte: each side has a subscriber and a publisher connection (and a
 * second subscriber where counts need one), driven with the same commands; messages are read off the subscribers.
 */
class PubSubDifferentialTest extends DifferentialTestBase {
    private static final Pattern BULK = Pattern.compile("\\$\\d+\\r\\n[^\\r]*\\r\\n");

    private Side sub;
    private Side pub;

    /** One connection to each server; every reply is read from both and compared. */
    private static final class Side implements AutoCloseable {
        private final RawConnection toRedis = redis.raw();
        private final RawConnection toNode = node.raw();

        String check(String... command) {
            toRedis.command(command);
            toNode.command(command);
            return next(String.join(" ", command));
        }

        /** The next reply or push, which both servers must have sent without being asked again. */
        String next(String context) {
            String expected = toRedis.readReplyString();
            assertThat(toNode.readReplyString()).as(context).isEqualTo(expected);
            return expected;
        }

        String next() {
            return next("pushed");
        }

        /** A flat array of bulk strings whose order is the server's hash order: compared as a sorted list. */
        void checkUnordered(String... command) {
            toRedis.command(command);
            toNode.command(command);
            assertThat(sortedBulks(toNode.readReplyString())).as(String.join(" ", command))
                    .isEqualTo(sortedBulks(toRedis.readReplyString()));
        }

        void hello3() {
            toRedis.command("HELLO", "3").readReply();
            assertThat(toNode.command("HELLO", "3").readReplyString()).startsWith("%7\r\n");
        }

        @Override
        public void close() throws Exception {
            toRedis.close();
            toNode.close();
        }
    }

    private static List<String> sortedBulks(String reply) {
        List<String> items = new ArrayList<>();
        items.add(reply.substring(0, reply.indexOf('\n') + 1));
        Matcher matcher = BULK.matcher(reply);
        while (matcher.find()) {
            items.add(matcher.group());
        }
        items.subList(1, items.size()).sort(null);
        return items;
    }

    @BeforeEach
    void openSides() {
        sub = new Side();
        pub = new Side();
    }

    @AfterEach
    void closeSides() throws Exception {
        sub.close();
        pub.close();
    }

    @Test
    void subscribeConfirmsEachChannelAndReceivesMessages() {
        sub.check("SUBSCRIBE", "a", "b");
        sub.next();
        sub.check("SUBSCRIBE", "a");
        pub.check("PUBLISH", "a", "hello");
        sub.next();
        pub.check("PUBLISH", "b", "");
        sub.next();
        pub.check("PUBLISH", "nobody", "x");
        sub.check("UNSUBSCRIBE", "a");
        sub.check("UNSUBSCRIBE", "zz");
        sub.check("UNSUBSCRIBE");
        sub.check("UNSUBSCRIBE");
        sub.check("PUNSUBSCRIBE");
        pub.check("PUBLISH", "b", "gone");
        sub.check("PING");
        sub.check("GET", "k");
    }

    @Test
    void patternsReceivePmessagesAfterTheChannelMessage() {
        sub.check("PSUBSCRIBE", "news.*", "h?llo");
        sub.next();
        sub.check("SUBSCRIBE", "news.tech");
        pub.check("PUBLISH", "news.tech", "m1");
        sub.next();
        sub.next();
        pub.check("PUBLISH", "hallo", "m2");
        sub.next();
        pub.check("PUBLISH", "news", "m3");
        sub.check("PUNSUBSCRIBE", "news.*");
        sub.check("PUNSUBSCRIBE");
        sub.check("PUNSUBSCRIBE", "never");
        sub.check("UNSUBSCRIBE");
        sub.check("PING", "back");
    }

    @Test
    void subscribedModeAllowsOnlyAFewCommands() {
        sub.check("SUBSCRIBE", "c");
        sub.check("GET", "k");
        sub.check("SET", "k", "v");
        sub.check("CONFIG", "GET", "maxmemory");
        sub.check("MULTI");
        sub.check("EXEC");
        sub.check("NOSUCH", "x");
        sub.check("GET");
        sub.check("PING");
        sub.check("PING", "hi");
        sub.check("PING", "a", "b");
        sub.check("PSUBSCRIBE", "p*");
        sub.check("RESET");
        sub.check("GET", "k");
        pub.check("PUBLISH", "c", "after reset");
        pub.check("PUBSUB", "NUMSUB", "c");
        pub.check("PUBSUB", "NUMPAT");
    }

    @Test
    void introspection() throws Exception {
        try (Side other = new Side()) {
            sub.check("SUBSCRIBE", "a1", "a2", "b1");
            sub.next();
            sub.next();
            sub.check("PSUBSCRIBE", "x*", "y*");
            sub.next();
            other.check("SUBSCRIBE", "a1");
            other.check("PSUBSCRIBE", "x*");
            pub.check("PUBSUB", "NUMSUB", "a1", "a2", "zz");
            pub.check("PUBSUB", "NUMSUB");
            pub.check("PUBSUB", "NUMPAT");
            pub.checkUnordered("PUBSUB", "CHANNELS");
            pub.checkUnordered("PUBSUB", "CHANNELS", "a*");
            pub.check("PUBSUB", "CHANNELS", "nothing*");
            pub.check("PUBLISH", "xa", "to two patterns");
            sub.next();
            other.next();
            pub.check("PUBLISH", "a1", "to two channels");
            sub.next();
            other.next();
        }
        // The closed connection's subscriptions go with it, once each server has seen the close.
        awaitSubscribers("a1", 1);
        pub.check("PUBSUB", "NUMSUB", "a1");
        pub.check("PUBSUB", "CHANNELS", "a", "b");
        pub.check("PUBSUB", "NUMPAT", "x");
        pub.check("PUBSUB", "NOSUCH");
        pub.check("PUBLISH", "a1");
        pub.check("SUBSCRIBE");
    }

    private static void awaitSubscribers(String channel, int count) throws Exception {
        String expected = "*2\r\n$" + channel.length() + "\r\n" + channel + "\r\n:" + count + "\r\n";
        try (RawConnection toRedis = redis.raw(); RawConnection toNode = node.raw()) {
            for (RawConnection connection : List.of(toRedis, toNode)) {
                long deadline = System.currentTimeMillis() + 5_000;
                while (!connection.command("PUBSUB", "NUMSUB", channel).readReplyString().equals(expected)) {
                    assertThat(System.currentTimeMillis()).as("NUMSUB %s reaching %d", channel, count)
                            .isLessThan(deadline);
                    Thread.sleep(10);
                }
            }
        }
    }

    @Test
    void resp3ClientsGetPushesAndMayRunAnyCommand() {
        sub.hello3();
        sub.check("SUBSCRIBE", "r");
        sub.check("GET", "k");
        sub.check("PING");
        pub.check("PUBLISH", "r", "pushed");
        sub.next();
        sub.check("PSUBSCRIBE", "r*");
        pub.check("PUBLISH", "r", "twice");
        sub.next();
        sub.next();
        sub.check("UNSUBSCRIBE");
        sub.check("PUNSUBSCRIBE");
        sub.check("UNSUBSCRIBE");
        sub.check("SUBSCRIBE", "r");
        // Publishing to itself: the push comes before the PUBLISH reply.
        sub.check("PUBLISH", "r", "self");
        sub.next();
        sub.check("RESET");
        pub.check("PUBSUB", "NUMSUB", "r");
    }
}
