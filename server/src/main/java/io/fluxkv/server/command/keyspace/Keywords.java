package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.Client;
import io.fluxkv.server.command.CommandException;
import io.fluxkv.server.command.Dispatcher;
import io.fluxkv.server.command.Errors;
import io.fluxkv.server.store.Database;
import io.fluxkv.server.util.Numbers;

/** Argument parsing shared by the keyspace commands: option keywords and database indexes. */
final class Keywords {
    private Keywords() {
    }

    /** Whether {@code arg} is {@code keyword} (given in lower case), ignoring ASCII case as strcasecmp does. */
    static boolean is(byte[] arg, String keyword) {
        if (arg.length != keyword.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Client bytes as an error message may quote them (cut at a NUL, as %s does). */
    static String quoted(byte[] arg) {
        return Dispatcher.printable(arg, Integer.MAX_VALUE);
    }

    /** The database an index argument names, with Redis's errors: not a 32-bit integer, or out of range. */
    static Database database(Client client, byte[] arg) {
        long index = Numbers.parseLong(arg);
        if (index != (int) index) {
            throw new CommandException("ERR value is out of range, value must between -2147483648 and 2147483647");
        }
        if (index < 0 || index >= client.node().store().databaseCount()) {
            throw new CommandException(Errors.DB_INDEX_OUT_OF_RANGE);
        }
        return client.node().store().database((int) index);
    }
}
