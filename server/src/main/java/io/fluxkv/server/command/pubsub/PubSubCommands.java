package io.fluxkv.server.command.pubsub;

import io.fluxkv.protocol.resp.RespWriter;
import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.command.pubsub.PubSubRegistry.Kind;
import io.fluxkv.server.command.server.HelpReply;

import java.util.List;

/** SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH and PUBSUB, with Redis 7.0's replies. */
public final class PubSubCommands {
    // Redis 7.0.15's help, less the sharded subcommands this node does not serve.
    private static final String[] HELP = {
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
    };

    private PubSubCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("subscribe", (client, argv) -> subscribe(client, argv, Kind.CHANNEL));
        binder.bind("psubscribe", (client, argv) -> subscribe(client, argv, Kind.PATTERN));
        binder.bind("unsubscribe", (client, argv) -> unsubscribe(client, argv, Kind.CHANNEL));
        binder.bind("punsubscribe", (client, argv) -> unsubscribe(client, argv, Kind.PATTERN));
        binder.bind("publish", PubSubCommands::publish);
        binder.bind("pubsub|channels", PubSubCommands::channels);
        binder.bind("pubsub|numsub", PubSubCommands::numsub);
        binder.bind("pubsub|numpat", (client, argv) -> client.reply().integer(registry(client).patternCount()));
        binder.bind("pubsub|help", (client, argv) -> HelpReply.write(client, argv, HELP));
    }

    private static PubSubRegistry registry(Client client) {
        return client.node().pubSub();
    }

    /** One confirmation per name, each with the client's subscription count after it. */
    private static void subscribe(Client client, byte[][] argv, Kind kind) {
        for (int i = 1; i < argv.length; i++) {
            registry(client).subscribe(client, kind, new Name(argv[i]));
            confirm(client, kind.subscribed, argv[i]);
        }
    }

    /** Without arguments every subscription of the kind goes; with none to drop the reply still names nil. */
    private static void unsubscribe(Client client, byte[][] argv, Kind kind) {
        if (argv.length > 1) {
            for (int i = 1; i < argv.length; i++) {
                registry(client).unsubscribe(client, kind, new Name(argv[i]));
                confirm(client, kind.unsubscribed, argv[i]);
            }
            return;
        }
        List<Name> all = List.copyOf(kind.of(client.subscriptions()));
        if (all.isEmpty()) {
            confirm(client, kind.unsubscribed, null);
        }
        for (Name name : all) {
            registry(client).unsubscribe(client, kind, name);
            confirm(client, kind.unsubscribed, name.bytes());
        }
    }

    private static void confirm(Client client, byte[] what, byte[] name) {
        RespWriter reply = client.reply();
        reply.pushHeader(3);
        reply.bulk(what);
        if (name == null) {
            reply.nullBulk();
        } else {
            reply.bulk(name);
        }
        reply.integer(client.subscriptions().count());
    }

    private static void publish(Client client, byte[][] argv) {
        client.reply().integer(registry(client).publish(client, argv[1], argv[2]));
    }

    private static void channels(Client client, byte[][] argv) {
        if (argv.length > 3) {
            throw subcommandSyntaxError(argv);
        }
        List<byte[]> names = registry(client).channels(argv.length == 3 ? argv[2] : null);
        client.reply().arrayHeader(names.size());
        for (byte[] name : names) {
            client.reply().bulk(name);
        }
    }

    private static void numsub(Client client, byte[][] argv) {
        client.reply().arrayHeader((argv.length - 2) * 2L);
        for (int i = 2; i < argv.length; i++) {
            client.reply().bulk(argv[i]);
            client.reply().integer(registry(client).subscribers(argv[i]));
        }
    }

    private static CommandException subcommandSyntaxError(byte[][] argv) {
        return new CommandException("ERR unknown subcommand or wrong number of arguments for '"
                + Dispatcher.printable(argv[1], 128) + "'. Try PUBSUB HELP.");
    }
}
