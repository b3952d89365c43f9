package io.fluxkv.server.command.transaction;

import io.fluxkv.server.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

/** MULTI, EXEC and DISCARD against redis-server 7.0.15, byte for byte, including every error path. */
class TransactionDifferentialTest extends DifferentialTestBase {
    private void all(String[]... commands) {
        for (String[] command : commands) {
            d.check(command);
        }
    }

    private static String[] c(String... words) {
        return words;
    }

    @Test
    void queuedCommandsRunTogetherAtExec() {
        all(c("MULTI"), c("SET", "a", "1"), c("INCR", "a"), c("GET", "a"), c("MGET", "a", "b"), c("EXEC"),
                c("GET", "a"));
        all(c("MULTI"), c("EXEC"));
        all(c("MULTI"), c("PING"), c("ECHO", "x"), c("DBSIZE"), c("EXEC"));
    }

    @Test
    void errorsOutsideAndAroundTransactions() {
        all(c("EXEC"), c("DISCARD"), c("MULTI"), c("MULTI"), c("SET", "k", "v"), c("EXEC"), c("GET", "k"));
        all(c("MULTI", "extra"), c("EXEC", "extra"), c("DISCARD", "extra"));
    }

    @Test
    void aCommandRefusedWhileQueueingAbortsExec() {
        all(c("MULTI"), c("SET", "b", "1"), c("NOSUCHCOMMAND", "x"), c("EXEC"), c("GET", "b"));
        all(c("MULTI"), c("GET"), c("SET", "b", "2"), c("EXEC"), c("GET", "b"));
        all(c("MULTI"), c("CONFIG", "NOSUCH"), c("EXEC"));
        // The abort also ends the transaction: the next command runs at once.
        all(c("SET", "c", "1"));
    }

    @Test
    void runtimeErrorsInsideExecDoNotStopTheOthers() {
        all(c("SET", "s", "text"), c("MULTI"), c("INCR", "s"), c("SET", "t", "1"), c("LPUSH", "s", "x"),
                c("GET", "t"), c("EXEC"));
    }

    @Test
    void discardAndResetDropTheQueue() {
        all(c("MULTI"), c("SET", "k", "v"), c("DISCARD"), c("GET", "k"));
        all(c("MULTI"), c("SET", "k", "v"), c("RESET"), c("GET", "k"), c("EXEC"));
    }

    @Test
    void resp3() throws Exception {
        assertResp3RepliesMatch(new String[][] {
            {"MULTI"}, {"SET", "a", "1"}, {"GET", "a"}, {"GET", "missing"}, {"HGETALL", "missing"}, {"EXEC"},
            {"EXEC"},
        });
    }
}
