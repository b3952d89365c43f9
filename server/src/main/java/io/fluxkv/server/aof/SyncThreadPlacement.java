package io.fluxkv.server.aof;

import io.fluxkv.server.util.CpuAffinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.BitSet;

/**
 * Keeps the AOF's background thread on the CPU of the node's one event loop while that loop is busy under
 * {@code appendfsync always}, and lets it go again when the load falls.
 * <p>
 * Why: with many connections waiting on each fsync the loop has work nearly all the time, and the clients want the
 * other CPUs. The background thread needs little CPU (it mostly waits for the disk), but wherever the kernel wakes
 * it, it takes the CPU from whoever runs there; next to the loop, the two take turns (the loop works while the fsync
 * waits), and the clients keep their CPUs. On a 2-CPU machine this was worth 10–20% at 100 connections
 * (docs/benchmarks.md). With few connections per fsync each request is a round trip through idle threads, and
 * pinning only stops the kernel from waking a thread on the CPU that is free: the thread is then left where the
 * kernel puts it. The loop itself is never pinned, so the kernel can still move it away from anything else.
 * <p>
 * Used only when the node has one event loop and no {@code bio_cpulist} (an explicit placement wins). Decisions
 * are taken on that loop's thread, just before it asks for an fsync; the thread is also let go when the policy
 * leaves {@code always} and when a whole tick passes without a reply waiting on it.
 */
final class SyncThreadPlacement {
    private static final Logger log = LoggerFactory.getLogger(SyncThreadPlacement.class);
    /** Connections waiting on one fsync from which the thread follows the loop... */
    static final int FOLLOW_FROM = 8;
    /** ...and at or under which it is let go; apart, so that a load near one bound does not flip it at each fsync. */
    static final int LET_GO_AT = 2;

    /** The kernel calls used; {@link #KERNEL} in the node, a recording stand-in in the decision's unit test. */
    interface Cpus {
        int currentThreadId();

        int currentCpu();

        BitSet allowedCpus(int threadId);

        void move(int threadId, BitSet cpus);
    }

    static final Cpus KERNEL = new Cpus() {
        @Override
        public int currentThreadId() {
            return CpuAffinity.currentThreadId();
        }

        @Override
        public int currentCpu() {
            return CpuAffinity.currentCpu();
        }

        @Override
        public BitSet allowedCpus(int threadId) {
            return CpuAffinity.allowedCpus(threadId);
        }

        @Override
        public void move(int threadId, BitSet cpus) {
            CpuAffinity.move(threadId, cpus);
        }
    };

    private final Cpus cpus;
    /** Set by the background thread when it starts: its id and the CPUs it was allowed then. */
    private volatile int threadId;
    private volatile BitSet home;
    /** The CPU the background thread is held on, or -1 when it is free; guarded by this object (uncontended). */
    private int heldOn = -1;
    private boolean disabled;

    SyncThreadPlacement(Cpus cpus) {
        this.cpus = cpus;
    }

    /** Called by the background thread as it starts. */
    void threadStarted() {
        try {
            int id = cpus.currentThreadId();
            home = cpus.allowedCpus(id);
            threadId = id;
        } catch (RuntimeException | LinkageError e) {
            log.debug("the AOF thread stays where the kernel puts it: {}", e.toString());
        }
    }

    /** Called by the event loop just before it asks for an fsync that {@code waitingConnections} wait on. */
    synchronized void beforeSync(int waitingConnections) {
        int id = threadId;
        if (id == 0 || disabled) {
            return;
        }
        try {
            if (waitingConnections >= FOLLOW_FROM) {
                int cpu = cpus.currentCpu();
                if (cpu != heldOn && home.get(cpu)) {
                    BitSet only = new BitSet();
                    only.set(cpu);
                    cpus.move(id, only);
                    heldOn = cpu;
                }
            } else if (waitingConnections <= LET_GO_AT && heldOn >= 0) {
                cpus.move(id, home);
                heldOn = -1;
            }
        } catch (RuntimeException | LinkageError e) {
            // A CPU went offline, a container forbids it, ...: keep the thread where it is allowed to run.
            log.warn("AOF thread placement turned off: {}", e.toString());
            disabled = true;
            letGo();
        }
    }

    /** Gives the background thread back the CPUs it started with, if it is held on one. */
    synchronized void letGo() {
        if (heldOn < 0) {
            return;
        }
        heldOn = -1;
        try {
            cpus.move(threadId, home);
        } catch (RuntimeException | LinkageError e) {
            log.warn("the AOF thread could not be moved back onto CPUs {}: {}", home, e.toString());
        }
    }
}
