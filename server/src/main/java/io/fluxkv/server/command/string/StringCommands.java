package io.fluxkv.server.command.string;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.HandlerBinder;
import io.fluxkv.server.store.Entry;

/** String commands (Redis's t_string.c). */
public final class StringCommands {
    private StringCommands() {
    }

    public static void register(HandlerBinder binder) {
        binder.bind("get", StringCommands::get);
        binder.bind("set", StringCommands::set);
    }

    static void get(Client client, byte[][] argv) {
        Entry entry = client.db().lookup(argv[1]);
        if (entry == null) {
            client.reply().nullBulk();
        } else if (entry.value() instanceof byte[] value) {
            client.reply().bulk(value);
        } else {
            client.reply().error("WRONGTYPE Operation against a key holding the wrong kind of value");
        }
    }

    static void set(Client client, byte[][] argv) {
        client.db().put(argv[1], argv[2]);
        client.reply().ok();
    }
}
