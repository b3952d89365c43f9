package io.fluxkv.server.command.server;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.server.Client;
import io.fluxkv.server.Node;
import io.fluxkv.server.aof.AppendOnlyFile;
import io.fluxkv.server.aof.Persistence;
import io.fluxkv.server.command.CommandStats;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.config.ServerConfig;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.store.Store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * INFO [section ...]: the sections and field names of Redis 7.0's INFO, so that tooling written for Redis reads a
 * node unchanged. Memory figures are the JVM's (heap in use) and the process's (RSS).
 */
final class InfoCommand {
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "module_list", "cluster", "keyspace");
    private static final long PAGE_SIZE = 4096;
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private InfoCommand() {
    }

    static void register(HandlerBinder binder) {
        binder.bind("info", InfoCommand::info);
    }

    private static void info(Client client, byte[][] argv) {
        Set<String> sections = new HashSet<>();
        boolean all = false;
        if (argv.length == 1) {
            sections.addAll(DEFAULT_SECTIONS);
        }
        for (int i = 1; i < argv.length; i++) {
            String section = Args.text(argv[i]).toLowerCase(Locale.ROOT);
            switch (section) {
                case "default" -> sections.addAll(DEFAULT_SECTIONS);
                case "all", "everything" -> all = true;
                default -> sections.add(section);
            }
        }
        client.reply().verbatim(generate(client.node(), sections, all));
    }

    static String generate(Node node, Set<String> sections, boolean all) {
        Info info = new Info();
        if (all || sections.contains("server")) {
            server(info.section("Server"), node);
        }
        if (all || sections.contains("clients")) {
            info.section("Clients")
                    .field("connected_clients", node.clients().size())
                    .field("cluster_connections", 0)
                    .field("maxclients", node.config().maxClients)
                    .field("client_recent_max_input_buffer", 0)
                    .field("client_recent_max_output_buffer", 0)
                    .field("blocked_clients", node.blockedClients().count())
                    .field("tracking_clients", 0)
                    .field("clients_in_timeout_table", 0);
        }
        if (all || sections.contains("memory")) {
            memory(info.section("Memory"), node.config());
        }
        if (all || sections.contains("persistence")) {
            persistence(info.section("Persistence"), node);
        }
        if (all || sections.contains("stats")) {
            stats(info.section("Stats"), node);
        }
        if (all || sections.contains("replication")) {
            info.section("Replication")
                    .field("role", "master")
                    .field("connected_slaves", 0)
                    .field("master_failover_state", "no-failover")
                    .field("master_replid", node.replId())
                    .field("master_replid2", "0".repeat(40))
                    .field("master_repl_offset", 0)
                    .field("second_repl_offset", -1)
                    .field("repl_backlog_active", 0)
                    .field("repl_backlog_size", 1048576)
                    .field("repl_backlog_first_byte_offset", 0)
                    .field("repl_backlog_histlen", 0);
        }
        if (all || sections.contains("cpu")) {
            cpu(info.section("CPU"));
        }
        if (all || sections.contains("module_list") || sections.contains("modules")) {
            info.section("Modules");
        }
        if (all || sections.contains("commandstats")) {
            commandStats(info.section("Commandstats"), node);
        }
        if (all || sections.contains("cluster")) {
            info.section("Cluster").field("cluster_enabled", 0);
        }
        if (all || sections.contains("keyspace")) {
            keyspace(info.section("Keyspace"), node.store());
        }
        return info.text.toString();
    }

    private static void server(Info info, Node node) {
        long uptime = (System.currentTimeMillis() - node.startedAt()) / 1000;
        String arch = System.getProperty("os.arch");
        info.field("redis_version", Node.VERSION)
                .field("redis_git_sha1", "00000000")
                .field("redis_git_dirty", 0)
                .field("redis_build_id", "flux-kv-" + Node.FLUX_VERSION)
                .field("redis_mode", "standalone")
                .field("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + ("amd64".equals(arch) ? "x86_64" : arch))
                .field("arch_bits", System.getProperty("sun.arch.data.model", "64"))
                .field("monotonic_clock", "POSIX clock_gettime")
                .field("multiplexing_api", node.network().transportName())
                .field("atomicvar_api", "java.util.concurrent")
                .field("process_id", ProcessHandle.current().pid())
                .field("process_supervised", "no")
                .field("run_id", node.runId())
                .field("tcp_port", node.port())
                .field("server_time_usec", System.currentTimeMillis() * 1000)
                .field("uptime_in_seconds", uptime)
                .field("uptime_in_days", uptime / 86400)
                .field("hz", node.config().hz)
                .field("configured_hz", node.config().hz)
                .field("executable", ProcessHandle.current().info().command().orElse(""))
                .field("config_file", node.config().configFile)
                .field("io_threads_active", 0);
    }

    private static void memory(Info info, ServerConfig config) {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        peak = Math.max(peak, used);
        long rss = residentSetSize();
        long total = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : 0;
        info.field("used_memory", used)
                .field("used_memory_human", human(used))
                .field("used_memory_rss", rss)
                .field("used_memory_rss_human", human(rss))
                .field("used_memory_peak", peak)
                .field("used_memory_peak_human", human(peak))
                .field("used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0.0 : 100.0 * used / peak))
                .field("total_system_memory", total)
                .field("total_system_memory_human", human(total))
                .field("maxmemory", config.maxMemory)
                .field("maxmemory_human", human(config.maxMemory))
                .field("maxmemory_policy", config.maxMemoryPolicy)
                .field("mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used))
                .field("mem_fragmentation_bytes", rss - used)
                .field("mem_allocator", "jvm")
                .field("lazyfree_pending_objects", 0);
    }

    /** Resident set size from /proc/self/statm (second field, in pages); 0 where there is no procfs. */
    private static long residentSetSize() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(fields[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void persistence(Info info, Node node) {
        Persistence aof = node.persistence();
        AppendOnlyFile file = aof.file();
        boolean loading = aof.loading();
        info.field("loading", loading ? 1 : 0)
                .field("async_loading", 0)
                .field("current_cow_peak", 0)
                .field("current_cow_size", 0)
                .field("current_cow_size_age", 0)
                .field("current_fork_perc", "0.00")
                .field("current_save_keys_processed", 0)
                .field("current_save_keys_total", 0)
                .field("rdb_changes_since_last_save", node.store().changes())
                .field("rdb_bgsave_in_progress", 0)
                .field("rdb_last_save_time", node.lastSave())
                .field("rdb_last_bgsave_status", "ok")
                .field("rdb_last_bgsave_time_sec", -1)
                .field("rdb_current_bgsave_time_sec", -1)
                .field("rdb_saves", 0)
                .field("rdb_last_cow_size", 0)
                .field("rdb_last_load_keys_expired", 0)
                .field("rdb_last_load_keys_loaded", 0)
                .field("aof_enabled", node.config().appendOnly ? 1 : 0)
                .field("aof_rewrite_in_progress", aof.rewriteInProgress() ? 1 : 0)
                .field("aof_rewrite_scheduled", aof.rewriteScheduled() ? 1 : 0)
                .field("aof_last_rewrite_time_sec", aof.lastRewriteSeconds())
                .field("aof_current_rewrite_time_sec", aof.currentRewriteSeconds())
                .field("aof_last_bgrewrite_status", aof.lastRewriteOk() ? "ok" : "err")
                .field("aof_rewrites", aof.rewrites())
                .field("aof_rewrites_consecutive_failures", aof.rewriteFailuresInARow())
                .field("aof_last_write_status", file != null && file.writeError() != null ? "err" : "ok")
                .field("aof_last_cow_size", 0)
                .field("module_fork_in_progress", 0)
                .field("module_fork_last_cow_size", 0);
        if (file != null) {
            info.field("aof_current_size", file.currentSize())
                    .field("aof_base_size", file.baseSize())
                    .field("aof_pending_rewrite", aof.rewriteScheduled() ? 1 : 0)
                    .field("aof_buffer_length", file.appendedSeq() - file.writtenSeq())
                    .field("aof_pending_bio_fsync", file.writtenSeq() > file.durableSeq() ? 1 : 0)
                    .field("aof_delayed_fsync", 0);
        }
        if (loading) {
            long total = aof.loadingTotalBytes();
            long done = aof.loadingLoadedBytes();
            long elapsed = System.currentTimeMillis() / 1000 - aof.loadingStartedAt() / 1000;
            long remaining = total == 0 ? 1 : total - done;
            info.field("loading_start_time", aof.loadingStartedAt() / 1000)
                    .field("loading_total_bytes", total)
                    .field("loading_rdb_used_mem", 0)
                    .field("loading_loaded_bytes", done)
                    .field("loading_loaded_perc", String.format(java.util.Locale.ROOT, "%.2f",
                            total == 0 ? 0.0 : done * 100.0 / total))
                    .field("loading_eta_seconds", elapsed == 0 ? 1 : elapsed * remaining / (done + 1));
        }
    }

    private static void stats(Info info, Node node) {
        Store store = node.store();
        info.field("total_connections_received", node.clients().connectionsReceived())
                .field("total_commands_processed", node.dispatcher().stats().totalCommands())
                .field("instantaneous_ops_per_sec", node.instantaneousOpsPerSecond())
                .field("total_net_input_bytes", node.netInputBytes().sum())
                .field("total_net_output_bytes", node.netOutputBytes().sum())
                .field("rejected_connections", node.clients().connectionsRejected())
                .field("sync_full", 0)
                .field("sync_partial_ok", 0)
                .field("sync_partial_err", 0)
                .field("expired_keys", store.expiredKeys())
                .field("evicted_keys", 0)
                .field("evicted_clients", 0)
                .field("keyspace_hits", store.keyspaceHits())
                .field("keyspace_misses", store.keyspaceMisses())
                .field("pubsub_channels", 0)
                .field("pubsub_patterns", 0)
                .field("latest_fork_usec", 0)
                .field("total_forks", 0);
    }

    /** Process CPU time split as getrusage does, from /proc/self/stat (utime and stime, in clock ticks). */
    private static void cpu(Info info) {
        long user = 0;
        long system = 0;
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            user = Long.parseLong(fields[11]) * 1_000_000 / CLOCK_TICKS_PER_SECOND;
            system = Long.parseLong(fields[12]) * 1_000_000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                user = Math.max(0, os.getProcessCpuTime() / 1000);
            }
        }
        info.field("used_cpu_sys", seconds(system))
                .field("used_cpu_user", seconds(user))
                .field("used_cpu_sys_children", "0.000000")
                .field("used_cpu_user_children", "0.000000");
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private static void commandStats(Info info, Node node) {
        CommandStats stats = node.dispatcher().stats();
        for (CommandSpec command : node.dispatcher().table().commands()) {
            commandStat(info, stats, command);
            for (CommandSpec sub : command.subcommands()) {
                commandStat(info, stats, sub);
            }
        }
    }

    private static void commandStat(Info info, CommandStats stats, CommandSpec spec) {
        long calls = stats.calls(spec);
        long failed = stats.failed(spec);
        long rejected = stats.rejectedCalls(spec);
        if (calls == 0 && failed == 0 && rejected == 0) {
            return;
        }
        long micros = stats.micros(spec);
        info.field("cmdstat_" + spec.fullName(), "calls=" + calls + ",usec=" + micros + ",usec_per_call="
                + String.format(Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (double) micros / calls)
                + ",rejected_calls=" + rejected + ",failed_calls=" + failed);
    }

    private static void keyspace(Info info, Store store) {
        for (int i = 0; i < store.databaseCount(); i++) {
            Database db = store.database(i);
            long keys = db.size();
            long expires = db.expiringSize();
            if (keys != 0 || expires != 0) {
                info.field("db" + i, "keys=" + keys + ",expires=" + expires + ",avg_ttl=0");
            }
        }
    }

    /** Redis's bytesToHuman: B below 1K, then two decimals and K, M, G, T, P. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String units = "KMGTP";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%c", value, units.charAt(unit));
    }

    /** The INFO text: "# Section" headers, "name:value" lines, CRLF endings, a blank line between sections. */
    private static final class Info {
        final StringBuilder text = new StringBuilder(4096);

        Info section(String name) {
            if (text.length() > 0) {
                text.append("\r\n");
            }
            text.append("# ").append(name).append("\r\n");
            return this;
        }

        Info field(String name, Object value) {
            text.append(name).append(':').append(value).append("\r\n");
            return this;
        }
    }
}
