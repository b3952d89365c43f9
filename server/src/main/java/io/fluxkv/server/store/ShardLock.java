package io.fluxkv.server.store;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A shard's lock, which also takes the shard's part of a consistent snapshot (an AOF rewrite): the rewrite arms
 * every shard at one instant while holding all their locks, and whoever locks an armed shard next — the rewrite's own
 * thread or a command — first captures the shard as it was at that instant, before anything can change it. So the
 * snapshot is consistent across shards while only the first command on each shard waits for its capture.
 */
final class ShardLock extends ReentrantLock {
    private final int shard;
    private volatile Store.Capture capture;

    ShardLock(int shard) {
        this.shard = shard;
    }

    void arm(Store.Capture pending) {
        capture = pending;
    }

    @Override
    public void lock() {
        super.lock();
        Store.Capture pending = capture;
        if (pending != null && getHoldCount() == 1) {
            capture = null;
            pending.capture(shard);
        }
    }
}
