package io.fluxkv.server.aof;

import io.fluxkv.server.testing.ProcStatus;
import io.fluxkv.server.util.CpuAffinity;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the AOF thread follows the event loop: the decision against a stand-in for the kernel that records each move,
 * then once against the real kernel, read back from /proc.
 */
class SyncThreadPlacementTest {
    private static final int THREAD = 4242;

    /** The kernel as the placement sees it: CPUs 0-3 allowed, the loop on {@code cpu}; moves are recorded. */
    private static final class RecordingCpus implements SyncThreadPlacement.Cpus {
        int cpu = 1;
        final List<String> moves = new ArrayList<>();
        /** A CPU the kernel refuses to move the thread onto (gone offline, say), or -1. */
        int refused = -1;

        @Override
        public int currentThreadId() {
            return THREAD;
        }

        @Override
        public int currentCpu() {
            return cpu;
        }

        @Override
        public BitSet allowedCpus(int threadId) {
            return CpuAffinity.parse("0-3");
        }

        @Override
        public void move(int threadId, BitSet cpus) {
            assertThat(threadId).isEqualTo(THREAD);
            if (refused >= 0 && cpus.cardinality() == 1 && cpus.get(refused)) {
                throw new IllegalStateException("EINVAL");
            }
            moves.add(cpus.toString());
        }
    }

    private final RecordingCpus kernel = new RecordingCpus();
    private final SyncThreadPlacement placement = new SyncThreadPlacement(kernel);

    @Test
    void followsTheLoopOnlyWhileManyConnectionsWaitOnEachFsync() {
        placement.threadStarted();
        placement.beforeSync(1);
        placement.beforeSync(SyncThreadPlacement.FOLLOW_FROM - 1);
        assertThat(kernel.moves).as("few waiting: left to the kernel").isEmpty();

        placement.beforeSync(SyncThreadPlacement.FOLLOW_FROM);
        placement.beforeSync(50);
        assertThat(kernel.moves).as("one move while the loop stays on its CPU").containsExactly("{1}");

        kernel.cpu = 3;
        placement.beforeSync(50);
        placement.beforeSync(SyncThreadPlacement.LET_GO_AT + 1);
        assertThat(kernel.moves).as("follows the loop; held between the bounds").containsExactly("{1}", "{3}");

        placement.beforeSync(SyncThreadPlacement.LET_GO_AT);
        placement.beforeSync(1);
        assertThat(kernel.moves).as("let go once, onto the CPUs it had").containsExactly("{1}", "{3}", "{0, 1, 2, 3}");
    }

    @Test
    void letGoWhenHeldOnly() {
        placement.threadStarted();
        placement.letGo();
        assertThat(kernel.moves).as("not held: nothing to give back").isEmpty();

        placement.beforeSync(50);
        placement.letGo();
        placement.letGo();
        assertThat(kernel.moves).containsExactly("{1}", "{0, 1, 2, 3}");

        placement.beforeSync(50);
        assertThat(kernel.moves).as("busy again: follows again").containsExactly("{1}", "{0, 1, 2, 3}", "{1}");
    }

    @Test
    void neverMovesTheThreadOntoACpuItWasNotAllowed() {
        placement.threadStarted();
        kernel.cpu = 6;
        placement.beforeSync(50);
        assertThat(kernel.moves).isEmpty();
    }

    @Test
    void doesNothingBeforeTheThreadHasStarted() {
        placement.beforeSync(50);
        assertThat(kernel.moves).isEmpty();
    }

    @Test
    void aRefusedMoveTurnsPlacementOff() {
        placement.threadStarted();
        placement.beforeSync(50);
        kernel.cpu = 2;
        kernel.refused = 2;
        placement.beforeSync(50);
        placement.beforeSync(50);
        kernel.cpu = 0;
        placement.beforeSync(50);
        assertThat(kernel.moves).as("moved back onto its CPUs, then left alone").containsExactly("{1}",
                "{0, 1, 2, 3}");
    }

    @Test
    void movesARealThreadAndBack() throws Exception {
        SyncThreadPlacement real = new SyncThreadPlacement(SyncThreadPlacement.KERNEL);
        AtomicInteger threadId = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread background = new Thread(() -> {
            real.threadStarted();
            threadId.set(CpuAffinity.currentThreadId());
            started.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        background.setDaemon(true);
        background.start();
        try {
            started.await();
            Path status = Path.of("/proc/self/task/" + threadId.get() + "/status");
            String home = ProcStatus.allowedCpus(status);

            real.beforeSync(100);
            BitSet held = CpuAffinity.parse(ProcStatus.allowedCpus(status));
            assertThat(held.cardinality()).as("held on one CPU, of those it had").isEqualTo(1);
            assertThat(CpuAffinity.parse(home).get(held.nextSetBit(0))).isTrue();

            real.beforeSync(1);
            assertThat(ProcStatus.allowedCpus(status)).isEqualTo(home);
        } finally {
            done.countDown();
            background.join(10_000);
        }
    }
}
