package io.fluxkv.server.net;

import io.fluxkv.server.testing.NodeTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * redis-cli as a person uses it: interactive, in a terminal (a tmux pane), where it shows the arguments of the
 * command being typed as a hint and answers "help <command>" — both built from the node's COMMAND DOCS.
 */
class RedisCliInteractiveTest extends NodeTest {
    private final String session = "fluxkv-cli-" + ProcessHandle.current().pid();

    @AfterEach
    void killSession() throws Exception {
        tmux("kill-session", "-t", session);
    }

    @Test
    void hintsHelpAndCommandsWorkInteractively() throws Exception {
        assertThat(tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "30",
                "redis-cli -p " + node.port())).isZero();
        awaitScreen("127.0.0.1:" + node.port() + ">");

        tmux("send-keys", "-t", session, "SET ");
        // The hint is the argument syntax of SET from COMMAND DOCS, shown after what was typed.
        awaitScreen("SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
                + "PXAT unix-time-milliseconds|KEEPTTL]");

        tmux("send-keys", "-t", session, "greeting \"hello world\"", "Enter");
        awaitScreen("OK");
        tmux("send-keys", "-t", session, "GET greeting", "Enter");
        awaitScreen("\"hello world\"");
        assertThat(jedis.get("greeting")).isEqualTo("hello world");

        tmux("send-keys", "-t", session, "help GETEX", "Enter");
        awaitScreen("summary: Returns the string at a key and changes its expiry.");
        awaitScreen("group: string");
    }

    private String awaitScreen(String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = capture();
            if (screen.contains(expected)) {
                return screen;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("redis-cli never showed '" + expected + "'; screen:\n" + screen);
    }

    private String capture() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        return out;
    }

    private static int tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
