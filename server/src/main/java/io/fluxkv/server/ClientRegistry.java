package io.fluxkv.server;

import io.netty.channel.Channel;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Every open client connection, by id: CLIENT LIST/KILL, maxclients, idle timeouts and INFO clients read it. */
public final class ClientRegistry {
    private final ConcurrentHashMap<Long, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder connectionsRejected = new LongAdder();

    Client register(Node node, Channel channel) {
        Client client = new Client(nextId.getAndIncrement(), node, channel);
        clients.put(client.id(), client);
        connectionsReceived.increment();
        return client;
    }

    void unregister(Client client) {
        clients.remove(client.id());
    }

    void countRejected() {
        connectionsRejected.increment();
    }

    public int size() {
        return clients.size();
    }

    public Collection<Client> all() {
        return clients.values();
    }

    public Client byId(long id) {
        return clients.get(id);
    }

    public long connectionsReceived() {
        return connectionsReceived.sum();
    }

    public long connectionsRejected() {
        return connectionsRejected.sum();
    }

    public void resetStats() {
        connectionsReceived.reset();
        connectionsRejected.reset();
    }
}
