package io.fluxkv.server.config;

import io.fluxkv.protocol.resp.InlineSplitter;
import io.fluxkv.server.util.CpuAffinity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's settings, named and written as in redis.conf. Values come from defaults, then a config file, then
 * {@code --name value} arguments; CONFIG GET reads and CONFIG SET changes the mutable ones at run time.
 */
public final class ServerConfig {
    public volatile int port = 6379;
    public volatile List<String> bind = List.of("127.0.0.1");
    public volatile boolean protectedMode = true;
    public volatile String requirePass = "";
    public volatile int maxClients = 10000;
    public volatile int databases = 16;
    public volatile long timeoutSeconds = 0;
    public volatile int tcpKeepAlive = 300;
    public volatile int hz = 10;
    public volatile boolean appendOnly = false;
    public volatile String appendFsync = "everysec";
    public volatile String appendFilename = "appendonly.aof";
    /** Rewrite the AOF when it has grown by this percentage over its size after the last rewrite (0: never). */
    public volatile int autoAofRewritePercentage = 100;
    public volatile long autoAofRewriteMinSize = 64L * 1024 * 1024;
    public volatile String dir = ".";
    public volatile String save = "";
    public volatile long protoMaxBulkLen = 512L * 1024 * 1024;
    public volatile long clientQueryBufferLimit = 1024L * 1024 * 1024;
    public volatile OutputBufferLimits outputBufferLimits = OutputBufferLimits.DEFAULTS;
    public volatile long maxMemory = 0;
    public volatile String maxMemoryPolicy = "noeviction";
    public volatile String logLevel = "notice";
    public volatile String logFile = "";
    public volatile String pidFile = "";
    public volatile boolean daemonize = false;
    public volatile int tcpBacklog = 511;
    /**
     * Event loops serving clients (each runs the commands it reads); 0 means one per core but one, at least one:
     * the kernel's network stack, the collector and the JIT need CPU too (measured in docs/jvm.md).
     */
    public volatile int ioThreads = 0;
    /** CPUs (taskset -c syntax) for the event loops and the cron, as Redis's server_cpulist; empty: any. */
    public volatile String serverCpuList = "";
    /** CPUs for the AOF's background thread (writes and fsyncs), as Redis's bio_cpulist; empty: any. */
    public volatile String bioCpuList = "";
    /** CPUs for the AOF rewrite, as Redis's aof_rewrite_cpulist; empty: any. */
    public volatile String aofRewriteCpuList = "";
    /** Absolute path of the config file read at start-up, or empty (INFO server's config_file). */
    public volatile String configFile = "";

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    /** One named setting: how to print it, how to set it, and whether CONFIG SET may change it. */
    public static final class Parameter {
        final String name;
        final boolean mutable;
        final Supplier<String> getter;
        final Setter setter;

        Parameter(String name, boolean mutable, Supplier<String> getter, Setter setter) {
            this.name = name;
            this.mutable = mutable;
            this.getter = getter;
            this.setter = setter;
        }

        public String name() {
            return name;
        }

        public boolean mutable() {
            return mutable;
        }

        public String value() {
            return getter.get();
        }
    }

    @FunctionalInterface
    interface Setter {
        void set(String value) throws ConfigException;
    }

    public ServerConfig() {
        intParam("port", false, () -> port, v -> port = range(v, 0, 65535));
        param("bind", false, () -> String.join(" ", bind), v -> bind = List.of(v.trim().split("\\s+")));
        boolParam("protected-mode", true, () -> protectedMode, v -> protectedMode = v);
        param("requirepass", true, () -> requirePass, v -> requirePass = v);
        intParam("maxclients", true, () -> maxClients, v -> maxClients = range(v, 1, Integer.MAX_VALUE));
        intParam("databases", false, () -> databases, v -> databases = range(v, 1, Integer.MAX_VALUE));
        intParam("timeout", true, () -> timeoutSeconds, v -> timeoutSeconds = rangeLong(v, 0, Integer.MAX_VALUE));
        intParam("tcp-keepalive", true, () -> tcpKeepAlive, v -> tcpKeepAlive = range(v, 0, Integer.MAX_VALUE));
        intParam("hz", true, () -> hz, v -> hz = Math.max(1, Math.min(500, range(v, 0, Integer.MAX_VALUE))));
        boolParam("appendonly", true, () -> appendOnly, v -> appendOnly = v);
        enumParam("appendfsync", true, () -> appendFsync, v -> appendFsync = v, "everysec", "always", "no");
        param("appendfilename", false, () -> appendFilename, v -> appendFilename = v);
        intParam("auto-aof-rewrite-percentage", true, () -> autoAofRewritePercentage,
                v -> autoAofRewritePercentage = range(v, 0, Integer.MAX_VALUE));
        memoryParam("auto-aof-rewrite-min-size", true, () -> autoAofRewriteMinSize,
                v -> autoAofRewriteMinSize = rangeLong(v, 0, Long.MAX_VALUE));
        param("dir", true, () -> dir, v -> dir = v);
        param("save", true, () -> save, v -> save = v.trim());
        memoryParam("proto-max-bulk-len", true, () -> protoMaxBulkLen,
                v -> protoMaxBulkLen = rangeLong(v, 1024 * 1024, Long.MAX_VALUE));
        memoryParam("client-query-buffer-limit", true, () -> clientQueryBufferLimit,
                v -> clientQueryBufferLimit = rangeLong(v, 1024 * 1024, Long.MAX_VALUE));
        parameters.put("client-output-buffer-limit", new Parameter("client-output-buffer-limit", true,
                () -> outputBufferLimits.toString(), v -> outputBufferLimits = outputBufferLimits.with(v)));
        memoryParam("maxmemory", true, () -> maxMemory, v -> maxMemory = rangeLong(v, 0, Long.MAX_VALUE));
        enumParam("maxmemory-policy", true, () -> maxMemoryPolicy, v -> maxMemoryPolicy = v, "volatile-lru",
                "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random",
                "noeviction");
        enumParam("loglevel", true, () -> logLevel, v -> logLevel = v, "debug", "verbose", "notice", "warning");
        param("logfile", false, () -> logFile, v -> logFile = v);
        param("pidfile", false, () -> pidFile, v -> pidFile = v);
        boolParam("daemonize", false, () -> daemonize, v -> daemonize = v);
        intParam("io-threads", false, () -> ioThreads, v -> ioThreads = range(v, 0, 128));
        intParam("tcp-backlog", false, () -> tcpBacklog, v -> tcpBacklog = range(v, 0, Integer.MAX_VALUE));
        cpuListParam("server_cpulist", () -> serverCpuList, v -> serverCpuList = v);
        cpuListParam("bio_cpulist", () -> bioCpuList, v -> bioCpuList = v);
        cpuListParam("aof_rewrite_cpulist", () -> aofRewriteCpuList, v -> aofRewriteCpuList = v);
    }

    /** How many event loops the node runs: io-threads, or its default for this machine. */
    public int eventLoops() {
        return ioThreads > 0 ? ioThreads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public Collection<Parameter> parameters() {
        return parameters.values();
    }

    public Parameter parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /** Sets a parameter by name, as the config file, the command line and CONFIG SET do. */
    public void set(String name, String value) throws ConfigException {
        Parameter parameter = parameter(name);
        if (parameter == null) {
            throw new ConfigException("Bad directive or wrong number of arguments");
        }
        parameter.setter.set(value);
    }

    /** Reads a redis.conf-style file: one directive per line, {@code #} comments, arguments quoted as in redis.conf. */
    public void loadFile(Path file) throws IOException, ConfigException {
        configFile = file.toAbsolutePath().toString();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[][] words = InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8));
            if (words == null || words.length < 2) {
                throw new ConfigException(file + ":" + (i + 1) + ": '" + line + "': Bad directive or wrong number of arguments");
            }
            List<String> args = new ArrayList<>();
            for (int w = 1; w < words.length; w++) {
                args.add(new String(words[w], StandardCharsets.UTF_8));
            }
            String name = new String(words[0], StandardCharsets.UTF_8);
            try {
                set(name, String.join(" ", args));
            } catch (ConfigException e) {
                throw new ConfigException(file + ":" + (i + 1) + ": '" + line + "': " + e.getMessage());
            }
        }
    }

    /**
     * Applies command-line arguments: an optional config file first, then {@code --name value [value ...]}
     * pairs, which override the file (as redis-server does).
     */
    public void applyArguments(String[] args) throws IOException, ConfigException {
        int i = 0;
        if (i < args.length && !args[i].startsWith("--")) {
            loadFile(Path.of(args[i++]));
        }
        while (i < args.length) {
            String option = args[i++];
            if (!option.startsWith("--") || option.length() == 2) {
                throw new ConfigException("unexpected argument '" + option + "' (expected --name value)");
            }
            List<String> values = new ArrayList<>();
            while (i < args.length && !args[i].startsWith("--")) {
                values.add(args[i++]);
            }
            try {
                set(option.substring(2), String.join(" ", values));
            } catch (ConfigException e) {
                throw new ConfigException("'" + option + " " + String.join(" ", values) + "': " + e.getMessage());
            }
        }
    }

    private void param(String name, boolean mutable, Supplier<String> getter, Consumer<String> setter) {
        parameters.put(name, new Parameter(name, mutable, getter, setter::accept));
    }

    private void intParam(String name, boolean mutable, Supplier<Number> getter, LongSetter setter) {
        parameters.put(name, new Parameter(name, mutable, () -> String.valueOf(getter.get()),
                v -> setter.set(parseInteger(v))));
    }

    private void memoryParam(String name, boolean mutable, Supplier<Number> getter, LongSetter setter) {
        parameters.put(name, new Parameter(name, mutable, () -> String.valueOf(getter.get()),
                v -> setter.set(parseMemory(v))));
    }

    private void boolParam(String name, boolean mutable, Supplier<Boolean> getter, Consumer<Boolean> setter) {
        parameters.put(name, new Parameter(name, mutable, () -> getter.get() ? "yes" : "no", v -> {
            String word = v.toLowerCase(Locale.ROOT);
            if (!word.equals("yes") && !word.equals("no")) {
                throw new ConfigException("argument must be 'yes' or 'no'");
            }
            setter.accept(word.equals("yes"));
        }));
    }

    private void enumParam(String name, boolean mutable, Supplier<String> getter, Consumer<String> setter,
                           String... allowed) {
        parameters.put(name, new Parameter(name, mutable, getter, v -> {
            String word = v.toLowerCase(Locale.ROOT);
            for (String option : allowed) {
                if (option.equals(word)) {
                    setter.accept(word);
                    return;
                }
            }
            throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", allowed));
        }));
    }

    /** A CPU list, checked when set: a typo must not go unnoticed until the node is slow (Redis ignores it). */
    private void cpuListParam(String name, Supplier<String> getter, Consumer<String> setter) {
        parameters.put(name, new Parameter(name, false, getter, v -> {
            try {
                CpuAffinity.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            setter.accept(v);
        }));
    }

    @FunctionalInterface
    private interface LongSetter {
        void set(long value) throws ConfigException;
    }

    private static int range(long value, long min, long max) throws ConfigException {
        return (int) rangeLong(value, min, max);
    }

    private static long rangeLong(long value, long min, long max) throws ConfigException {
        if (value < min || value > max) {
            throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
        }
        return value;
    }

    static long parseInteger(String text) throws ConfigException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("argument couldn't be parsed into an integer");
        }
    }

    /** Parses a memory amount as redis.conf writes it: 100, 1k (1000), 1kb (1024), 5m, 5mb, 1g, 1gb. */
    public static long parseMemory(String text) throws ConfigException {
        String value = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"},
                {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
        for (String[] candidate : units) {
            if (value.endsWith(candidate[0])) {
                unit = Long.parseLong(candidate[1]);
                value = value.substring(0, value.length() - candidate[0].length());
                break;
            }
        }
        try {
            long amount = Long.parseLong(value);
            if (amount < 0) {
                throw new ConfigException("argument must be a memory value");
            }
            return Math.multiplyExact(amount, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("argument must be a memory value");
        }
    }
}
