package io.fluxkv.server.util;

import io.fluxkv.server.testing.ProcStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CPU lists as redis.conf writes them, and threads really moved onto them (read back from /proc). */
class CpuAffinityTest {
    @Test
    void parsesCpusRangesAndSteps() {
        assertThat(cpus("")).isEmpty();
        assertThat(cpus("3")).containsExactly(3);
        assertThat(cpus("0,2,5-7")).containsExactly(0, 2, 5, 6, 7);
        assertThat(cpus("0-7:2")).containsExactly(0, 2, 4, 6);
        assertThat(cpus("1-8:3,0")).containsExactly(0, 1, 4, 7);
        assertThat(cpus("4-4,4")).containsExactly(4);
    }

    @Test
    void rejectsWhatRedisWouldSilentlyIgnore() {
        for (String bad : new String[] {"x", "1,", ",1", "1,,2", "3-1", "1-", "-1", "0-7:0", "3:2", "0-7:", "1 ,2",
                " 1", "0x1", "99999", "1-2-3"}) {
            assertThatThrownBy(() -> CpuAffinity.parse(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid CPU list '" + bad + "' (expected e.g. 0,2,4-7 or 0-7:2)");
        }
    }

    @Test
    void aPinnedThreadRunsOnlyOnItsList() throws Exception {
        int cpu = firstAllowedCpu();
        assertThat(allowedCpusOfThreadRunning(CpuAffinity.pinned(String.valueOf(cpu), () -> { })))
                .isEqualTo(String.valueOf(cpu));
    }

    @Test
    void anEmptyListLeavesTheThreadAlone() throws Exception {
        String before = ProcStatus.allowedCpus(Path.of("/proc/thread-self/status"));
        assertThat(allowedCpusOfThreadRunning(CpuAffinity.pinned("", () -> { }))).isEqualTo(before);
    }

    @Test
    void cpusTheMachineLacksLeaveTheThreadAloneAndRunning() throws Exception {
        String before = ProcStatus.allowedCpus(Path.of("/proc/thread-self/status"));
        // Valid syntax, but no such CPU: the kernel refuses (EINVAL), the node logs it and carries on.
        assertThat(allowedCpusOfThreadRunning(CpuAffinity.pinned("4000", () -> { }))).isEqualTo(before);
    }

    private static int[] cpus(String list) {
        BitSet set = CpuAffinity.parse(list);
        return set.stream().toArray();
    }

    /** Runs {@code pinnedBody} on a new thread and returns that thread's Cpus_allowed_list afterwards. */
    private static String allowedCpusOfThreadRunning(Runnable pinnedBody) throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = CpuAffinity.threads("affinity-test", "").newThread(() -> {
            try {
                pinnedBody.run();
                seen.set(ProcStatus.allowedCpus(Path.of("/proc/thread-self/status")));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        thread.start();
        thread.join(10_000);
        assertThat(failure.get()).isNull();
        return seen.get();
    }

    private static int firstAllowedCpu() throws IOException {
        String list = ProcStatus.allowedCpus(Path.of("/proc/self/status"));
        return IntStream.of(cpus(list.replace(" ", ""))).findFirst().orElseThrow();
    }
}
