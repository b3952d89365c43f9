package io.fluxkv.server;

import io.fluxkv.server.config.ConfigException;
import io.fluxkv.server.config.ServerConfig;

import java.io.IOException;

/**
 * Starts a node: {@code java -jar flux-kv-server.jar [config-file] [--name value ...]}, the arguments of
 * redis-server. SIGTERM and SIGINT stop it gracefully.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config = new ServerConfig();
        try {
            config.applyArguments(args);
        } catch (IOException | ConfigException e) {
            System.err.println("*** FATAL CONFIG FILE ERROR *** " + e.getMessage());
            System.exit(1);
        }
        Node node = new Node(config);
        try {
            node.start();
        } catch (Exception e) {
            System.err.println("Flux-KV could not start: " + e.getMessage());
            node.close();
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "flux-shutdown"));
        node.awaitStop();
    }
}
