package io.fluxkv.server.command.pubsub;

import io.fluxkv.server.testing.NodeFixture;
import io.fluxkv.server.testing.NodeTest;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Pub/Sub through Jedis, subscriptions ending with their connection, and the pubsub output buffer limit. */
class PubSubTest extends NodeTest {

    @Test
    void jedisSubscriberReceivesFromAnotherConnection() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(2);
        CountDownLatch delivered = new CountDownLatch(3);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + ":" + message);
                delivered.countDown();
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                received.add(pattern + ">" + channel + ":" + message);
                delivered.countDown();
            }
        };
        Jedis subscriber = node.jedis();
        Thread listening = new Thread(() -> subscriber.subscribe(listener, "events"));
        listening.start();
        awaitSubscribers("events", 1);
        listener.psubscribe("ev*");
        assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(jedis.publish("events", "one")).isEqualTo(2);
        assertThat(jedis.publish("evening", "two")).isEqualTo(1);
        assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("events:one", "ev*>events:one", "ev*>evening:two");

        listener.unsubscribe();
        listener.punsubscribe();
        listening.join(5_000);
        assertThat(listening.isAlive()).isFalse();
        assertThat(jedis.pubsubNumSub("events")).containsEntry("events", 0L);
        assertThat(jedis.pubsubNumPat()).isZero();
    }

    @Test
    void aClosedConnectionLeavesItsChannels() throws Exception {
        RawConnection subscriber = node.raw();
        subscriber.command("SUBSCRIBE", "bye");
        assertThat(subscriber.readReplyString()).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$3\r\nbye\r\n:1\r\n");
        subscriber.close();
        awaitSubscribers("bye", 0);
        assertThat(jedis.pubsubChannels()).doesNotContain("bye");
    }

    @Test
    void aSubscriberThatDoesNotReadIsDisconnectedWithoutSlowingThePublisher() throws Exception {
        try (NodeFixture limited = NodeFixture.start("client-output-buffer-limit", "pubsub 1mb 512kb 1")) {
            RawConnection subscriber = limited.raw();
            subscriber.command("SUBSCRIBE", "flood");
            subscriber.readReply();
            Jedis publisher = limited.jedis();
            String payload = "x".repeat(100_000);
            long slowestPing = 0;
            for (int i = 0; i < 500; i++) {
                publisher.publish("flood", payload);
                if (i % 25 == 0) {
                    long start = System.nanoTime();
                    assertThat(publisher.ping()).isEqualTo("PONG");
                    slowestPing = Math.max(slowestPing, System.nanoTime() - start);
                }
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestPing)).isLessThan(500);
            long deadline = System.currentTimeMillis() + 5_000;
            while (publisher.pubsubNumSub("flood").get("flood") != 0) {
                assertThat(System.currentTimeMillis()).as("subscriber disconnected").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(subscriber.closedByServer(5_000)).isTrue();
            assertThat(publisher.publish("flood", "after")).isZero();
        }
    }

    private static void awaitSubscribers(String channel, long count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        Map<String, Long> numsub;
        while (!(numsub = jedis.pubsubNumSub(channel)).get(channel).equals(count)) {
            assertThat(System.currentTimeMillis()).as("NUMSUB %s is %s", channel, numsub).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void helpListsOnlyTheSubcommandsServed() {
        @SuppressWarnings("unchecked")
        List<Object> help = (List<Object>) jedis.sendCommand(Protocol.Command.PUBSUB, "HELP");
        String text = help.stream().map(line -> line instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(line))
                .collect(Collectors.joining("\n"));
        assertThat(text).contains("CHANNELS [<pattern>]", "NUMPAT", "NUMSUB [<channel> ...]", "HELP")
                .doesNotContain("SHARD");
    }
}
