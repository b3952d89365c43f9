package io.fluxkv.server;

import io.fluxkv.server.testing.NodeProcess;
import io.fluxkv.server.testing.ProcStatus;
import io.fluxkv.server.testing.RawConnection;
import io.fluxkv.server.util.CpuAffinity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * server_cpulist, bio_cpulist and aof_rewrite_cpulist on a node process of its own: each thread sits on its list
 * (as /proc shows it), the lists read back with CONFIG GET and cannot change at run time, and a malformed list
 * stops start-up with the reason. Without bio_cpulist, a node with one event loop keeps the AOF thread on the loop's
 * CPU while many connections wait on its fsyncs.
 */
class CpuListIT {
    @TempDir
    Path dir;

    @Test
    void eachThreadRunsOnItsOwnList() throws Exception {
        int[] allowed = CpuAffinity.parse(ProcStatus.allowedCpus(Path.of("/proc/self/status"))).stream().toArray();
        String server = String.valueOf(allowed[0]);
        String background = String.valueOf(allowed[allowed.length - 1]);
        // The rewrite is held at its first step, so that its thread is still there to be looked at.
        try (NodeProcess node = NodeProcess.start(dir.resolve("node.log"),
                List.of("-Dflux.aof.rewrite.pause=after-cut"), "--appendonly", "yes",
                "--dir", dir.toString(), "--server_cpulist", server, "--bio_cpulist", background,
                "--aof_rewrite_cpulist", background).awaitReady();
             RawConnection c = RawConnection.open(node.port())) {
            assertThat(c.command("BGREWRITEAOF").readReplyString()).startsWith("+Background append only file");
            node.awaitLog("AOF rewrite paused at step after-cut", 15);
            Map<String, String> threads = threadCpus(node.process().pid());
            assertThat(threads).containsEntry("flux-io-1", server).containsEntry("flux-io-2", server)
                    .containsEntry("flux-cron", server).containsEntry("flux-aof", background)
                    .containsEntry("flux-aof-rewrit", background); // comm holds 15 characters

            assertThat(c.command("CONFIG", "GET", "server_cpulist").readReplyString())
                    .isEqualTo("*2\r\n$14\r\nserver_cpulist\r\n$" + server.length() + "\r\n" + server + "\r\n");
            assertThat(c.command("CONFIG", "SET", "bio_cpulist", server).readReplyString()).isEqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'bio_cpulist') - can't set immutable config\r\n");
        }
    }

    @Test
    void underLoadTheAofThreadFollowsTheOneLoopAndIsLetGoAfter() throws Exception {
        String home = ProcStatus.allowedCpus(Path.of("/proc/self/status"));
        try (NodeProcess node = NodeProcess.start(dir.resolve("node.log"), List.of(), "--appendonly", "yes",
                "--appendfsync", "always", "--dir", dir.toString(), "--io-threads", "1").awaitReady();
             RawConnection admin = RawConnection.open(node.port())) {
            long pid = node.process().pid();
            assertThat(threadCpus(pid)).containsEntry("flux-aof", home);

            loadUntilTheAofThreadIsHeld(node.port(), pid);
            assertThat(awaitAofThreadCpus(pid, home)).as("no traffic for a tick: let go").isEqualTo(home);

            loadUntilTheAofThreadIsHeld(node.port(), pid);
            assertThat(admin.command("CONFIG", "SET", "appendfsync", "everysec").readReplyString())
                    .isEqualTo("+OK\r\n");
            // Before its reply, not a tick later.
            assertThat(threadCpus(pid).get("flux-aof")).as("policy no longer always: let go").isEqualTo(home);
        }
    }

    /** 32 connections with a SET in flight each, so that many replies wait on every fsync, until flux-aof is held. */
    private static void loadUntilTheAofThreadIsHeld(int port, long pid) throws IOException {
        List<RawConnection> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                clients.add(RawConnection.open(port));
            }
            String held = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int round = 0; round < 20_000 && System.nanoTime() < deadline; round++) {
                for (RawConnection client : clients) {
                    client.command("SET", "key" + round, "v");
                }
                for (RawConnection client : clients) {
                    assertThat(client.readReplyString()).isEqualTo("+OK\r\n");
                }
                held = threadCpus(pid).get("flux-aof");
                if (CpuAffinity.parse(held).cardinality() == 1) {
                    break;
                }
            }
            assertThat(CpuAffinity.parse(held).cardinality()).as("flux-aof on " + held).isEqualTo(1);
        } finally {
            for (RawConnection client : clients) {
                client.close();
            }
        }
    }

    /** flux-aof's CPU list once it is {@code expected}, or as it is after 10 s. */
    private static String awaitAofThreadCpus(long pid, String expected) throws Exception {
        String now = threadCpus(pid).get("flux-aof");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!expected.equals(now) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = threadCpus(pid).get("flux-aof");
        }
        return now;
    }

    @Test
    void aMalformedListStopsStartUp() throws Exception {
        Path log = dir.resolve("bad.log");
        try (NodeProcess node = NodeProcess.start(log, List.of(), "--server_cpulist", "0-3:0")) {
            assertThat(node.waitFor(60)).isNotZero();
            assertThat(Files.readString(log)).contains(
                    "'--server_cpulist 0-3:0': invalid CPU list '0-3:0' (expected e.g. 0,2,4-7 or 0-7:2)");
        }
    }

    /** Thread name (as the kernel keeps it) to its Cpus_allowed_list, for the threads of process {@code pid}. */
    private static Map<String, String> threadCpus(long pid) throws IOException {
        Map<String, String> cpus = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    cpus.put(Files.readString(task.resolve("comm")).trim(),
                            ProcStatus.allowedCpus(task.resolve("status")));
                } catch (IOException e) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return cpus;
    }
}
