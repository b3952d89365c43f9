package io.fluxkv.server;

import io.fluxkv.server.config.ConfigException;
import io.fluxkv.server.config.ServerConfig;

import sun.misc.Signal;

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
        // Like redis-server, SIGTERM and SIGINT mean a graceful stop and a zero exit status (a JVM shutdown hook
        // alone would exit with 128+signal); the hook still covers other ways the JVM may be asked to exit.
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> new Thread(node::close, "flux-shutdown").start());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "flux-shutdown-hook"));
        node.awaitStop();
        System.exit(node.exitStatus());
    }
}
