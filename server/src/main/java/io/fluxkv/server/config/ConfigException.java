package io.fluxkv.server.config;

/** A configuration value that cannot be accepted; the message is the reason shown to the user. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
