package io.fluxkv.server.command.connection;

import io.fluxkv.server.Client;
import io.fluxkv.server.Node;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.command.server.Args;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Connection commands: PING, ECHO, QUIT, SELECT, AUTH, HELLO, RESET (CLIENT is in {@link ClientCommands}). */
public final class ConnectionCommands {
    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];
    private static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    private ConnectionCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("ping", ConnectionCommands::ping);
        binder.bind("echo", (client, argv) -> client.reply().bulk(argv[1]));
        binder.bind("quit", ConnectionCommands::quit);
        binder.bind("select", ConnectionCommands::select);
        binder.bind("auth", ConnectionCommands::auth);
        binder.bind("hello", ConnectionCommands::hello);
        binder.bind("reset", ConnectionCommands::reset);
        ClientCommands.register(binder);
    }

    static void ping(Client client, byte[][] argv) {
        if (argv.length > 2) {
            client.reply().error("ERR wrong number of arguments for 'ping' command");
        } else if (client.subscribedResp2()) {
            // A RESP2 subscriber reads only arrays, so PING answers in the shape of a message.
            client.reply().arrayHeader(2);
            client.reply().bulk(PONG);
            client.reply().bulk(argv.length == 2 ? argv[1] : EMPTY);
        } else if (argv.length == 2) {
            client.reply().bulk(argv[1]);
        } else {
            client.reply().simple("PONG");
        }
    }

    static void quit(Client client, byte[][] argv) {
        client.reply().ok();
        client.closeAfterReply();
    }

    static void select(Client client, byte[][] argv) {
        client.select(Args.databaseIndex(client, argv[1]));
        client.reply().ok();
    }

    static void auth(Client client, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        byte[] user;
        if (argv.length == 2) {
            if (client.node().config().requirePass.isEmpty()) {
                throw new CommandException("ERR AUTH <password> called without any password configured for the "
                        + "default user. Are you sure your configuration is correct?");
            }
            user = DEFAULT_USER;
        } else {
            user = argv[1];
        }
        if (!authenticate(client, user, argv[argv.length - 1])) {
            throw new CommandException(WRONGPASS);
        }
        client.reply().ok();
    }

    /**
     * Checks credentials against the only user there is, "default", whose password is requirepass (any password
     * when requirepass is empty, as for Redis's nopass user), and marks the client authenticated on success.
     */
    private static boolean authenticate(Client client, byte[] user, byte[] password) {
        String required = client.node().config().requirePass;
        boolean ok = MessageDigest.isEqual(user, DEFAULT_USER)
                && (required.isEmpty() || MessageDigest.isEqual(password, required.getBytes(StandardCharsets.UTF_8)));
        if (ok) {
            client.authenticated(true);
        }
        return ok;
    }

    static void hello(Client client, byte[][] argv) {
        long version = 0;
        int next = 1;
        if (argv.length >= 2) {
            long[] parsed = new long[1];
            if (!Numbers.parseLong(argv[next++], parsed)) {
                throw new CommandException("ERR Protocol version is not an integer or out of range");
            }
            version = parsed[0];
            if (version < 2 || version > 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
        }
        // Options take effect one by one, as in Redis: an AUTH before a bad option still counts.
        for (int i = next; i < argv.length; i++) {
            int more = argv.length - 1 - i;
            if (Words.is(argv[i], "auth") && more >= 2) {
                if (!authenticate(client, argv[i + 1], argv[i + 2])) {
                    throw new CommandException(WRONGPASS);
                }
                i += 2;
            } else if (Words.is(argv[i], "setname") && more >= 1) {
                ClientCommands.setName(client, argv[i + 1]);
                i++;
            } else {
                throw new CommandException("ERR Syntax error in HELLO option '" + Args.text(argv[i]) + "'");
            }
        }
        if (client.authRequired()) {
            throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and "
                    + "select the RESP protocol version at the same time");
        }
        if (version != 0) {
            client.protocol((int) version);
        }
        var reply = client.reply();
        reply.mapHeader(7);
        reply.bulk("server");
        reply.bulk("redis");
        reply.bulk("version");
        reply.bulk(Node.VERSION);
        reply.bulk("proto");
        reply.integer(reply.protocol());
        reply.bulk("id");
        reply.integer(client.id());
        reply.bulk("mode");
        reply.bulk("standalone");
        reply.bulk("role");
        reply.bulk("master");
        reply.bulk("modules");
        reply.arrayHeader(0);
    }

    static void reset(Client client, byte[][] argv) {
        client.reset();
        client.reply().simple("RESET");
    }
}
