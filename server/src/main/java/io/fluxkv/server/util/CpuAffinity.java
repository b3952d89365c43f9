package io.fluxkv.server.util;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ThreadFactory;

/**
 * The CPUs a thread may run on, as redis.conf's {@code server_cpulist}, {@code bio_cpulist} and
 * {@code aof_rewrite_cpulist} give them (the syntax of {@code taskset -c}): CPUs and ranges separated by commas, a
 * range with an optional step, e.g. {@code 0-7:2,9} for 0, 2, 4, 6 and 9. An empty list leaves the thread where the
 * kernel puts it (or where the thread that started it may run: Linux passes that on). Linux only: the list is
 * applied with sched_setaffinity(2) through JNA.
 */
public final class CpuAffinity {
    private static final Logger log = LoggerFactory.getLogger(CpuAffinity.class);
    /** Far above any machine we run on; bounds the mask handed to the kernel. */
    private static final int MAX_CPU = 4095;
    private static final int MASK_BYTES = (MAX_CPU + 1) / 8;

    private CpuAffinity() {
    }

    /** The CPUs of {@code list}; empty for an empty list. Throws IllegalArgumentException naming the problem. */
    public static BitSet parse(String list) {
        BitSet cpus = new BitSet();
        if (list.isEmpty()) {
            return cpus;
        }
        for (String item : list.split(",", -1)) {
            int colon = item.indexOf(':');
            String range = colon < 0 ? item : item.substring(0, colon);
            int step = colon < 0 ? 1 : number(item.substring(colon + 1), list);
            int dash = range.indexOf('-');
            int first = number(dash < 0 ? range : range.substring(0, dash), list);
            int last = dash < 0 ? first : number(range.substring(dash + 1), list);
            if (step == 0 || first > last || (colon >= 0 && dash < 0)) {
                throw invalid(list);
            }
            for (int cpu = first; cpu <= last; cpu += step) {
                cpus.set(cpu);
            }
        }
        return cpus;
    }

    private static int number(String digits, String list) {
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(list);
        }
        int value = Integer.parseInt(digits);
        if (value > MAX_CPU) {
            throw invalid(list);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String list) {
        return new IllegalArgumentException("invalid CPU list '" + list + "' (expected e.g. 0,2,4-7 or 0-7:2)");
    }

    /** Makes daemon threads named {@code name} that first move onto the CPUs of {@code list}. */
    public static ThreadFactory threads(String name, String list) {
        return body -> {
            Thread thread = new Thread(pinned(list, body), name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@code body}, run after moving its thread onto the CPUs of {@code list} (as is, for an empty list). */
    public static Runnable pinned(String list, Runnable body) {
        BitSet cpus = parse(list);
        if (cpus.isEmpty()) {
            return body;
        }
        return () -> {
            pinCurrentThread(cpus, list);
            body.run();
        };
    }

    private static void pinCurrentThread(BitSet cpus, String list) {
        String thread = Thread.currentThread().getName();
        try {
            move(0, cpus); // 0: the calling thread
            log.debug("thread {} runs on CPUs {}", thread, list);
        } catch (LastErrorException e) {
            log.warn("Could not move thread {} onto CPUs {}: errno {} (none of them online?)", thread, list,
                    e.getErrorCode());
        } catch (LinkageError e) {
            log.warn("Could not move thread {} onto CPUs {}: sched_setaffinity is not available here ({})", thread,
                    list, e.getMessage());
        }
    }

    /** cpu_set_t: unsigned longs in which, on little-endian Linux, CPU n is bit n % 8 of byte n / 8 (BitSet's order). */
    private static byte[] mask(BitSet cpus) {
        return Arrays.copyOf(cpus.toByteArray(), MASK_BYTES);
    }

    /** The calling thread's id in the kernel (what /proc/PID/task lists and {@link #move} takes). */
    public static int currentThreadId() {
        return LibC.gettid();
    }

    /** The CPU the calling thread is running on at this moment. */
    public static int currentCpu() {
        return LibC.sched_getcpu();
    }

    /** The CPUs thread {@code threadId} may run on. */
    public static BitSet allowedCpus(int threadId) {
        byte[] mask = new byte[MASK_BYTES];
        LibC.sched_getaffinity(threadId, MASK_BYTES, mask);
        return BitSet.valueOf(mask);
    }

    /** Moves thread {@code threadId} onto {@code cpus}; throws LastErrorException if the kernel refuses. */
    public static void move(int threadId, BitSet cpus) {
        LibC.sched_setaffinity(threadId, MASK_BYTES, mask(cpus));
    }

    /**
     * Loaded on first use (nodes without CPU lists whose AOF thread does not follow a loop never load JNA's native
     * part). Direct mapping: the loop asks for its CPU before each fsync while it is followed.
     */
    private static final class LibC {
        static {
            Native.register(LibC.class, "c");
        }

        static native int sched_setaffinity(int tid, long maskBytes, byte[] mask) throws LastErrorException;

        static native int sched_getaffinity(int tid, long maskBytes, byte[] mask) throws LastErrorException;

        static native int sched_getcpu() throws LastErrorException;

        static native int gettid();
    }
}
