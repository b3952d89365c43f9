package io.fluxkv.server.command.blocking;

import io.fluxkv.server.testing.DifferentialTestBase;
import org.junit.jupiter.api.Test;

/**
 * The blocking pops against redis-server 7.0.15 where the outcome does not depend on another client: data already
 * there, errors, short timeouts running out, and MULTI/EXEC (where nothing waits).
 */
class BlockingDifferentialTest extends DifferentialTestBase {
    @Test
    void listPopsWithDataAndAfterTimeouts() {
        all(c("RPUSH", "l2", "a", "b", "c"), c("BLPOP", "l1", "l2", "0"), c("BRPOP", "l1", "l2", "0"),
                c("BLPOP", "l1", "l2", "0"), c("EXISTS", "l2"), c("BLPOP", "l1", "0.05"), c("BRPOP", "l1", "0.01"));
        all(c("RPUSH", "src", "x", "y"), c("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"),
                c("BRPOPLPUSH", "src", "dst", "0"), c("LRANGE", "dst", "0", "-1"), c("EXISTS", "src"),
                c("BLMOVE", "src", "dst", "LEFT", "LEFT", "0.02"), c("BRPOPLPUSH", "src", "dst", "0.02"));
    }

    @Test
    void sortedSetPopsWithDataAndAfterTimeouts() {
        all(c("ZADD", "z", "1", "a", "2.5", "b", "3", "c"), c("BZPOPMIN", "none", "z", "0"),
                c("BZPOPMAX", "z", "0"), c("BZPOPMIN", "z", "0"), c("EXISTS", "z"), c("BZPOPMIN", "z", "0.02"),
                c("BZPOPMAX", "z", "none", "0.01"));
    }

    @Test
    void multiPopsWithDataErrorsAndTimeouts() {
        all(c("RPUSH", "l", "a", "b", "c"), c("BLMPOP", "0", "2", "none", "l", "LEFT", "COUNT", "2"),
                c("BLMPOP", "0", "1", "l", "RIGHT"), c("BLMPOP", "0.02", "1", "l", "LEFT"),
                c("BLMPOP", "0", "0", "l", "LEFT"), c("BLMPOP", "0", "5", "l", "LEFT"), c("BLMPOP", "0", "1", "l", "UP"),
                c("BLMPOP", "-1", "1", "l", "LEFT"), c("BLMPOP", "0", "1", "l", "LEFT", "COUNT", "0"));
        all(c("ZADD", "z", "1", "a", "2", "b", "3", "c"), c("BZMPOP", "0", "2", "none", "z", "MIN", "COUNT", "2"),
                c("BZMPOP", "0", "1", "z", "MAX"), c("BZMPOP", "0.02", "1", "z", "MIN"),
                c("BZMPOP", "0", "0", "z", "MIN"), c("BZMPOP", "0", "1", "z", "SIDEWAYS"),
                c("BZMPOP", "x", "1", "z", "MIN"));
    }

    @Test
    void errors() {
        all(c("SET", "s", "v"), c("BLPOP", "s", "0"), c("BRPOP", "missing", "s", "0"), c("BZPOPMIN", "s", "0"),
                c("BLMOVE", "s", "d", "LEFT", "LEFT", "0"), c("BLMOVE", "l", "d", "UP", "LEFT", "0"),
                c("BLPOP", "l", "-1"), c("BLPOP", "l", "abc"), c("BLPOP", "l", "1e400"), c("BLPOP", "l", "1e20"),
                c("BLPOP", "l", "-inf"), c("BLPOP", "l", "nan"), c("BLPOP", "l", "0x0.1"), c("BZPOPMAX", "z", "-0.5"),
                c("BLPOP", "l"), c("BRPOPLPUSH", "a", "b"), c("RPUSH", "d", "x"), c("BLPOP", "s", "d", "0"));
    }

    @Test
    void insideExecNothingWaits() {
        all(c("MULTI"), c("BLPOP", "empty", "0"), c("BLMOVE", "empty", "d", "LEFT", "LEFT", "0"),
                c("BZPOPMIN", "empty", "0"), c("RPUSH", "empty", "x"), c("BLPOP", "empty", "0"), c("EXEC"));
    }

    @Test
    void resp3() throws Exception {
        assertResp3RepliesMatch(new String[][] {
            {"BLPOP", "none", "0.01"}, {"BLMOVE", "none", "d", "LEFT", "LEFT", "0.01"}, {"ZADD", "z", "1.5", "m"},
            {"BZPOPMIN", "z", "0"}, {"BZPOPMAX", "z", "0.01"}, {"RPUSH", "l", "a"}, {"BRPOP", "l", "0"},
        });
    }
}
