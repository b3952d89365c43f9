package io.fluxkv.server.command.pubsub;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.Node;
import io.fluxkv.server.config.OutputBufferLimits;
import io.fluxkv.server.util.Glob;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's channels and patterns with their subscribers. Subscribers change on their own event loops and
 * publishers read from theirs: each name maps to an array replaced whole on change (copy on write), so a publish
 * walks a stable snapshot without locks. Messages are handed to each subscriber's channel, never written inline,
 * so a slow subscriber costs a publisher nothing but the bytes it queues, bounded by the pubsub output limit.
 */
public final class PubSubRegistry {
    private static final Logger log = LoggerFactory.getLogger(PubSubRegistry.class);
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] PMESSAGE = ascii("pmessage");

    /** Channel subscriptions and pattern subscriptions: which client set, server map and confirmation words. */
    enum Kind {
        CHANNEL("subscribe", "unsubscribe"),
        PATTERN("psubscribe", "punsubscribe");

        final byte[] subscribed;
        final byte[] unsubscribed;

        Kind(String subscribed, String unsubscribed) {
            this.subscribed = ascii(subscribed);
            this.unsubscribed = ascii(unsubscribed);
        }

        Set<Name> of(Subscriptions subscriptions) {
            return this == CHANNEL ? subscriptions.channels : subscriptions.patterns;
        }
    }

    private final Node node;
    private final Map<Name, Client[]> channels = new ConcurrentHashMap<>();
    private final Map<Name, Client[]> patterns = new ConcurrentHashMap<>();

    public PubSubRegistry(Node node) {
        this.node = node;
    }

    private Map<Name, Client[]> map(Kind kind) {
        return kind == Kind.CHANNEL ? channels : patterns;
    }

    /** Adds a subscription of {@code client} (on its own event loop); false if it already had it. */
    boolean subscribe(Client client, Kind kind, Name name) {
        if (!kind.of(client.subscriptions()).add(name)) {
            return false;
        }
        map(kind).merge(name, new Client[] {client}, (old, added) -> {
            Client[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = client;
            return grown;
        });
        return true;
    }

    /** Drops a subscription of {@code client} (on its own event loop); false if it did not have it. */
    boolean unsubscribe(Client client, Kind kind, Name name) {
        if (!kind.of(client.subscriptions()).remove(name)) {
            return false;
        }
        // The last subscriber takes the name with it, as Redis drops a channel nobody listens to.
        map(kind).computeIfPresent(name, (key, old) -> old.length == 1 && old[0] == client ? null
                : Arrays.stream(old).filter(c -> c != client).toArray(Client[]::new));
        return true;
    }

    /** Drops every subscription of {@code client} without confirmations (connection closed, RESET). */
    public void unsubscribeAll(Client client) {
        for (Kind kind : Kind.values()) {
            for (Name name : List.copyOf(kind.of(client.subscriptions()))) {
                unsubscribe(client, kind, name);
            }
        }
    }

    /**
     * PUBLISH: hands the message to the channel's subscribers, then a pmessage to the subscribers of each matching
     * pattern, and returns how many deliveries that made.
     */
    long publish(Client publisher, byte[] channel, byte[] message) {
        long receivers = 0;
        Client[] direct = channels.get(new Name(channel));
        if (direct != null) {
            try (Delivery delivery = new Delivery(publisher, MESSAGE, channel, message)) {
                receivers += delivery.toAll(direct);
            }
        }
        for (Map.Entry<Name, Client[]> entry : patterns.entrySet()) {
            byte[] pattern = entry.getKey().bytes();
            if (Glob.matches(pattern, channel, false)) {
                try (Delivery delivery = new Delivery(publisher, PMESSAGE, pattern, channel, message)) {
                    receivers += delivery.toAll(entry.getValue());
                }
            }
        }
        return receivers;
    }

    /** PUBSUB CHANNELS: the channels with at least one subscriber, optionally only those matching a glob. */
    List<byte[]> channels(byte[] pattern) {
        List<byte[]> names = new ArrayList<>();
        for (Name name : channels.keySet()) {
            if (pattern == null || Glob.matches(pattern, name.bytes(), false)) {
                names.add(name.bytes());
            }
        }
        return names;
    }

    /** PUBSUB NUMSUB: the channel subscribers of one channel (pattern subscribers not counted). */
    int subscribers(byte[] channel) {
        Client[] subscribers = channels.get(new Name(channel));
        return subscribers == null ? 0 : subscribers.length;
    }

    /** PUBSUB NUMPAT: distinct patterns subscribed to, as Redis 7.0 counts them. */
    int patternCount() {
        return patterns.size();
    }

    /**
     * One message on its way to subscribers: encoded at most once per protocol (a RESP2 array, a RESP3 push),
     * each subscriber getting a retained duplicate of the shared bytes.
     */
    private final class Delivery implements AutoCloseable {
        private final Client publisher;
        private final byte[][] parts;
        private final ByteBuf[] encoded = new ByteBuf[2];

        Delivery(Client publisher, byte[]... parts) {
            this.publisher = publisher;
            this.parts = parts;
        }

        int toAll(Client[] subscribers) {
            OutputBufferLimits.Limit limit = node.config().outputBufferLimits.pubsub();
            for (Client subscriber : subscribers) {
                ByteBuf message = encodedFor(subscriber.pushProtocol());
                if (subscriber == publisher) {
                    // Into its own reply batch, so that the push keeps its place among its replies, as in Redis.
                    publisher.reply().target().writeBytes(message, message.readerIndex(), message.readableBytes());
                } else {
                    handOver(subscriber, message.retainedDuplicate(), limit);
                }
            }
            return subscribers.length;
        }

        private ByteBuf encodedFor(int protocol) {
            int slot = protocol >= 3 ? 1 : 0;
            if (encoded[slot] == null) {
                ByteBuf buf = publisher.channel().alloc().buffer();
                RespWriter writer = new RespWriter();
                writer.protocol(protocol);
                writer.target(buf);
                writer.pushHeader(parts.length);
                for (byte[] part : parts) {
                    writer.bulk(part);
                }
                encoded[slot] = buf;
            }
            return encoded[slot];
        }

        @Override
        public void close() {
            for (ByteBuf buf : encoded) {
                if (buf != null) {
                    buf.release();
                }
            }
        }
    }

    /**
     * Queues {@code message} on the subscriber's channel (thread-safe in Netty) and counts it as pending until
     * written; closes the subscriber when its pending output breaks the pubsub limit, as Redis does.
     */
    private void handOver(Client subscriber, ByteBuf message, OutputBufferLimits.Limit limit) {
        Subscriptions subscriptions = subscriber.subscriptions();
        int size = message.readableBytes();
        long pending = subscriptions.pendingBytes.addAndGet(size);
        node.netOutputBytes().add(size);
        subscriber.channel().writeAndFlush(message)
                .addListener(written -> subscriptions.pendingBytes.addAndGet(-size));
        if (subscriptions.outputLimit.exceeded(limit, pending, System.currentTimeMillis())
                && subscriber.channel().isOpen()) {
            log.warn("closing pubsub client id={} addr={}: {} bytes of pending output are over its limit",
                    subscriber.id(), subscriber.remoteAddress(), pending);
            subscriber.kill();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
