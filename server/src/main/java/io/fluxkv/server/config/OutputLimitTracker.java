package io.fluxkv.server.config;

/**
 * Applies one {@link OutputBufferLimits.Limit} to a client's pending output as Redis does: over the hard limit
 * at once, or over the soft limit for longer than its seconds. Checks may come from several threads (publishers);
 * a race only moves the start of the soft period by a moment.
 */
public final class OutputLimitTracker {
    /** When the output first went over the soft limit, or 0 while under it. */
    private volatile long overSoftSince;

    /** Whether {@code pending} bytes at {@code nowMillis} break {@code limit}, so that the client is to be closed. */
    public boolean exceeded(OutputBufferLimits.Limit limit, long pending, long nowMillis) {
        if (limit.hardBytes() > 0 && pending > limit.hardBytes()) {
            return true;
        }
        if (limit.softBytes() == 0 || pending <= limit.softBytes()) {
            overSoftSince = 0;
            return false;
        }
        long since = overSoftSince;
        if (since == 0) {
            overSoftSince = nowMillis;
            return false;
        }
        return nowMillis - since > limit.softSeconds() * 1000;
    }
}
