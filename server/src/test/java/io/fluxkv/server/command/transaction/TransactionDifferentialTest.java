package io.fluxkv.server.command.transaction;

import io.fluxkv.server.testing.DifferentialTestBase;
import io.fluxkv.server.testing.RawConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** MULTI, EXEC, DISCARD and WATCH against redis-server 7.0.15, byte for byte, including every error path. */
class TransactionDifferentialTest extends DifferentialTestBase {
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

    /**
     * Runs a script of steps on two connections to each server, {"A", command...} or {"B", command...}, or
     * {"sleep", millis}, and compares every reply with redis-server's.
     */
    private void script(String[]... steps) throws Exception {
        flushBoth();
        try (RawConnection redisA = redis.raw(); RawConnection redisB = redis.raw();
             RawConnection nodeA = node.raw(); RawConnection nodeB = node.raw()) {
            for (String[] step : steps) {
                if (step[0].equals("sleep")) {
                    Thread.sleep(Long.parseLong(step[1]));
                    continue;
                }
                String[] command = java.util.Arrays.copyOfRange(step, 1, step.length);
                boolean a = step[0].equals("A");
                String expected = (a ? redisA : redisB).command(command).readReplyString();
                String actual = (a ? nodeA : nodeB).command(command).readReplyString();
                assertThat(actual).as("%s: %s", step[0], String.join(" ", command)).isEqualTo(expected);
            }
        }
    }

    @Test
    void watchedKeyChangedByAnotherClientFailsExec() throws Exception {
        script(c("A", "SET", "k", "1"), c("A", "WATCH", "k"), c("B", "INCR", "k"), c("A", "MULTI"),
                c("A", "GET", "k"), c("A", "EXEC"), c("A", "GET", "k"));
        // The watches are gone after that EXEC: the next transaction goes through.
        script(c("A", "WATCH", "k"), c("A", "SET", "k", "own"), c("A", "MULTI"), c("A", "GET", "k"),
                c("A", "EXEC"), c("A", "MULTI"), c("A", "GET", "k"), c("A", "EXEC"));
    }

    @Test
    void writesThatChangeNothingDoNotFailExec() throws Exception {
        script(c("A", "SET", "k", "1"), c("A", "WATCH", "k", "missing"), c("B", "SET", "k", "2", "NX"),
                c("B", "DEL", "missing"), c("B", "GET", "k"), c("B", "INCR", "other"), c("A", "MULTI"),
                c("A", "INCR", "k"), c("A", "EXEC"));
        script(c("A", "WATCH", "k"), c("A", "UNWATCH"), c("B", "SET", "k", "x"), c("A", "MULTI"),
                c("A", "GET", "k"), c("A", "EXEC"));
        script(c("A", "MULTI"), c("A", "WATCH", "k"), c("A", "SET", "k", "v"), c("A", "EXEC"));
    }

    @Test
    void expiryAndFlushCountAsChanges() throws Exception {
        // Expired after WATCH: a change. Already expired when watched: not one.
        script(c("A", "SET", "e", "v", "PX", "50"), c("A", "WATCH", "e"), c("sleep", "120"), c("A", "MULTI"),
                c("A", "GET", "e"), c("A", "EXEC"));
        script(c("A", "SET", "e", "v", "PX", "20"), c("sleep", "60"), c("A", "WATCH", "e"), c("A", "MULTI"),
                c("A", "GET", "e"), c("A", "EXEC"));
        script(c("A", "SET", "f", "1"), c("A", "WATCH", "f"), c("B", "FLUSHALL"), c("A", "MULTI"),
                c("A", "GET", "f"), c("A", "EXEC"));
        script(c("A", "WATCH", "nothing"), c("B", "SET", "x", "1"), c("B", "FLUSHDB"), c("A", "MULTI"),
                c("A", "PING"), c("A", "EXEC"));
    }
}
