package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.command.server.Args;
import io.fluxkv.server.store.Database;

/** Argument helpers shared by the keyspace commands: quoting in errors and database indexes. */
final class Keywords {
    private Keywords() {
    }

    /** Client bytes as an error message may quote them (cut at a NUL, as %s does). */
    static String quoted(byte[] arg) {
        return Dispatcher.printable(arg, Integer.MAX_VALUE);
    }

    /** The database an index argument names, with Redis's errors: not a 32-bit integer, or out of range. */
    static Database database(Client client, byte[] arg) {
        return client.node().store().database(Args.databaseIndex(client, arg));
    }
}
