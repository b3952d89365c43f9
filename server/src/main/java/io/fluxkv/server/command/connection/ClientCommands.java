package io.fluxkv.server.command.connection;

import io.fluxkv.protocol.command.CommandSpec;
import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.command.server.Args;
import io.fluxkv.server.command.server.HelpReply;
import io.fluxkv.server.util.Numbers;
import io.fluxkv.server.util.Words;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** CLIENT ID, SETNAME, GETNAME, SETINFO, LIST, INFO, KILL, NO-EVICT, REPLY and HELP, with Redis 7's replies. */
final class ClientCommands {
    private static final String[] HELP = {
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
    };

    private static final Comparator<Client> BY_ID = Comparator.comparingLong(Client::id);

    private ClientCommands() {
    }

    static void register(HandlerBinder binder) {
        binder.bind("client|id", (client, argv) -> client.reply().integer(client.id()));
        binder.bind("client|setname", (client, argv) -> {
            setName(client, argv[2]);
            client.reply().ok();
        });
        binder.bind("client|getname", ClientCommands::getName);
        binder.bind("client|setinfo", ClientCommands::setInfo);
        binder.bind("client|list", ClientCommands::list);
        binder.bind("client|info", (client, argv) -> client.reply().verbatim(describe(client) + "\n"));
        binder.bind("client|kill", ClientCommands::kill);
        binder.bind("client|no-evict", ClientCommands::noEvict);
        binder.bind("client|reply", ClientCommands::reply);
        binder.bind("client|help", (client, argv) -> HelpReply.write(client, argv, HELP));
    }

    /** CLIENT SETNAME and HELLO SETNAME: printable ASCII without spaces, so CLIENT LIST stays splittable. */
    static void setName(Client client, byte[] name) {
        if (!printableWord(name)) {
            throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        client.name(Args.text(name));
    }

    private static boolean printableWord(byte[] value) {
        for (byte b : value) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    private static void getName(Client client, byte[][] argv) {
        if (client.name().isEmpty()) {
            client.reply().nullBulk();
        } else {
            client.reply().bulk(client.name());
        }
    }

    private static void setInfo(Client client, byte[][] argv) {
        boolean libName = Words.is(argv[2], "lib-name");
        if (!libName && !Words.is(argv[2], "lib-ver")) {
            throw new CommandException("ERR Unrecognized option '" + Args.text(argv[2]) + "'");
        }
        if (!printableWord(argv[3])) {
            throw new CommandException("ERR " + Args.text(argv[2])
                    + " cannot contain spaces, newlines or special characters.");
        }
        if (libName) {
            client.libName(Args.text(argv[3]));
        } else {
            client.libVersion(Args.text(argv[3]));
        }
        client.reply().ok();
    }

    private static void list(Client client, byte[][] argv) {
        List<Client> selected = new ArrayList<>();
        if (argv.length == 4 && Words.is(argv[2], "type")) {
            Predicate<Client> type = typeFilter(argv[3]);
            client.node().clients().all().stream().filter(type).forEach(selected::add);
            selected.sort(BY_ID);
        } else if (argv.length > 3 && Words.is(argv[2], "id")) {
            for (int i = 3; i < argv.length; i++) {
                long id = Numbers.parseLong(argv[i], "ERR Invalid client ID");
                Client other = client.node().clients().byId(id);
                if (other != null) {
                    selected.add(other);
                }
            }
        } else if (argv.length != 2) {
            throw Errors.syntax();
        } else {
            selected.addAll(client.node().clients().all());
            selected.sort(BY_ID);
        }
        StringBuilder text = new StringBuilder(selected.size() * 300);
        for (Client other : selected) {
            text.append(describe(other)).append('\n');
        }
        client.reply().verbatim(text.toString());
    }

    /** Every connection is a normal client here: no replication links, and pub/sub state is not tracked yet. */
    private static Predicate<Client> typeFilter(byte[] name) {
        if (Words.is(name, "normal")) {
            return c -> true;
        }
        if (Words.is(name, "master") || Words.is(name, "replica") || Words.is(name, "slave")
                || Words.is(name, "pubsub")) {
            return c -> false;
        }
        throw new CommandException("ERR Unknown client type '" + Args.text(name) + "'");
    }

    /** One CLIENT LIST line, with Redis 7.2's fields in Redis's order. */
    static String describe(Client c) {
        long now = System.currentTimeMillis();
        Channel channel = c.channel();
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        long omem = pending == null ? 0 : pending.totalPendingWriteBytes();
        String flags = (c.closingAfterReply() ? "c" : "") + (c.noEvict() ? "e" : "");
        String events = (channel.config().isAutoRead() ? "r" : "") + (channel.isWritable() ? "" : "w");
        CommandSpec last = c.lastCommand();
        return "id=" + c.id()
                + " addr=" + c.remoteAddress()
                + " laddr=" + c.localAddress()
                + " fd=" + c.fd()
                + " name=" + c.name()
                + " age=" + (now - c.createdAt()) / 1000
                + " idle=" + (now - c.lastInteraction()) / 1000
                + " flags=" + (flags.isEmpty() ? "N" : flags)
                + " db=" + c.databaseIndex()
                // Sizes read from another thread: a moment stale at worst.
                + " sub=" + c.subscriptions().channelCount() + " psub=" + c.subscriptions().patternCount()
                + " ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0"
                + " obl=0 oll=0 omem=" + omem
                + " tot-mem=" + omem
                + " events=" + events
                + " cmd=" + (last == null ? "NULL" : last.fullName())
                + " user=default redir=-1"
                + " resp=" + c.reply().protocol()
                + " lib-name=" + c.libName()
                + " lib-ver=" + c.libVersion();
    }

    private static void kill(Client client, byte[][] argv) {
        String addr = null;
        String laddr = null;
        Predicate<Client> type = c -> true;
        long id = 0;
        boolean skipMe = true;
        if (argv.length == 3) {
            // The old form: CLIENT KILL ip:port, which may name the caller itself.
            addr = Args.text(argv[2]);
            skipMe = false;
        } else {
            for (int i = 2; i < argv.length; i += 2) {
                boolean more = argv.length > i + 1;
                if (Words.is(argv[i], "id") && more) {
                    long[] value = new long[1];
                    if (!Numbers.parseLong(argv[i + 1], value) || value[0] < 1) {
                        throw new CommandException("ERR client-id should be greater than 0");
                    }
                    id = value[0];
                } else if (Words.is(argv[i], "type") && more) {
                    type = typeFilter(argv[i + 1]);
                } else if (Words.is(argv[i], "addr") && more) {
                    addr = Args.text(argv[i + 1]);
                } else if (Words.is(argv[i], "laddr") && more) {
                    laddr = Args.text(argv[i + 1]);
                } else if (Words.is(argv[i], "user") && more) {
                    if (!Args.text(argv[i + 1]).equals("default")) {
                        throw new CommandException("ERR No such user '" + Args.text(argv[i + 1]) + "'");
                    }
                } else if (Words.is(argv[i], "skipme") && more) {
                    if (Words.is(argv[i + 1], "yes")) {
                        skipMe = true;
                    } else if (Words.is(argv[i + 1], "no")) {
                        skipMe = false;
                    } else {
                        throw Errors.syntax();
                    }
                } else {
                    throw Errors.syntax();
                }
            }
        }
        int killed = 0;
        for (Client other : client.node().clients().all()) {
            if ((addr != null && !addr.equals(other.remoteAddress()))
                    || (laddr != null && !laddr.equals(other.localAddress()))
                    || !type.test(other) || (id != 0 && other.id() != id) || (other == client && skipMe)) {
                continue;
            }
            if (other == client) {
                // Closed only after this reply has been flushed, as Redis does.
                client.closeAfterReply();
            } else {
                other.kill();
            }
            killed++;
        }
        if (argv.length == 3) {
            if (killed == 0) {
                throw new CommandException("ERR No such client");
            }
            client.reply().ok();
        } else {
            client.reply().integer(killed);
        }
    }

    private static void noEvict(Client client, byte[][] argv) {
        if (Words.is(argv[2], "on")) {
            client.noEvict(true);
        } else if (Words.is(argv[2], "off")) {
            client.noEvict(false);
        } else {
            throw Errors.syntax();
        }
        client.reply().ok();
    }

    /** The connection drops the replies the chosen mode suppresses; see ClientConnection. */
    private static void reply(Client client, byte[][] argv) {
        if (Words.is(argv[2], "on")) {
            client.repliesOn();
            client.reply().ok();
        } else if (Words.is(argv[2], "off")) {
            client.repliesOff();
        } else if (Words.is(argv[2], "skip")) {
            client.skipNextReply();
        } else {
            throw Errors.syntax();
        }
    }
}
