package io.fluxkv.server.config;

import java.util.Locale;

/**
 * client-output-buffer-limit: per client class (normal, replica, pubsub) a hard limit (disconnect at once) and a
 * soft limit (disconnect when exceeded for longer than the given seconds); 0 disables a limit.
 */
public record OutputBufferLimits(Limit normal, Limit replica, Limit pubsub) {
    public static final OutputBufferLimits DEFAULTS = new OutputBufferLimits(new Limit(0, 0, 0),
            new Limit(256L * 1024 * 1024, 64L * 1024 * 1024, 60), new Limit(32L * 1024 * 1024, 8L * 1024 * 1024, 60));

    public record Limit(long hardBytes, long softBytes, long softSeconds) {
    }

    /** Applies "class hard soft seconds [class hard soft seconds ...]", changing only the classes named. */
    public OutputBufferLimits with(String spec) throws ConfigException {
        String[] words = spec.trim().split("\\s+");
        if (words.length % 4 != 0) {
            throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
        }
        Limit n = normal;
        Limit r = replica;
        Limit p = pubsub;
        for (int i = 0; i < words.length; i += 4) {
            Limit limit = new Limit(ServerConfig.parseMemory(words[i + 1]), ServerConfig.parseMemory(words[i + 2]),
                    ServerConfig.parseInteger(words[i + 3]));
            if (limit.softSeconds < 0) {
                throw new ConfigException("Negative number of seconds in soft limit is invalid");
            }
            switch (words[i].toLowerCase(Locale.ROOT)) {
                case "normal" -> n = limit;
                case "replica", "slave" -> r = limit;
                case "pubsub" -> p = limit;
                default -> throw new ConfigException("Invalid client class specified in buffer limit configuration.");
            }
        }
        return new OutputBufferLimits(n, r, p);
    }

    @Override
    public String toString() {
        return "normal " + format(normal) + " slave " + format(replica) + " pubsub " + format(pubsub);
    }

    private static String format(Limit limit) {
        return limit.hardBytes + " " + limit.softBytes + " " + limit.softSeconds;
    }
}
