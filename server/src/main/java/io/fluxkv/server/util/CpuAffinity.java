package io.fluxkv.server.util;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
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
        // cpu_set_t is an array of unsigned longs; on little-endian Linux CPU n is bit n % 8 of byte n / 8,
        // which is BitSet's byte order.
        byte[] bits = cpus.toByteArray();
        byte[] mask = Arrays.copyOf(bits, (bits.length + 7) / 8 * 8);
        String thread = Thread.currentThread().getName();
        try {
            LibC.INSTANCE.sched_setaffinity(0, mask.length, mask);
            log.debug("thread {} runs on CPUs {}", thread, list);
        } catch (LastErrorException e) {
            log.warn("Could not move thread {} onto CPUs {}: errno {} (none of them online?)", thread, list,
                    e.getErrorCode());
        } catch (LinkageError e) {
            log.warn("Could not move thread {} onto CPUs {}: sched_setaffinity is not available here ({})", thread,
                    list, e.getMessage());
        }
    }

    /** Loaded on first use, so that nodes without CPU lists never load JNA's native part. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int sched_setaffinity(int pid, long maskBytes, byte[] mask) throws LastErrorException;
    }
}
