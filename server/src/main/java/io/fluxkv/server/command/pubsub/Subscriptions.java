package io.fluxkv.server.command.pubsub;

import io.fluxkv.server.config.OutputLimitTracker;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's channels and patterns, touched only by its own event loop, and the output handed to it by
 * publishers (any thread) but not yet written to its socket.
 */
public final class Subscriptions {
    final Set<Name> channels = new LinkedHashSet<>();
    final Set<Name> patterns = new LinkedHashSet<>();
    final AtomicLong pendingBytes = new AtomicLong();
    final OutputLimitTracker outputLimit = new OutputLimitTracker();

    /** Channels plus patterns, the count every (un)subscribe confirmation carries. */
    public int count() {
        return channels.size() + patterns.size();
    }

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }
}
