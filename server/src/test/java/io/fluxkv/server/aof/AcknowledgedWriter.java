package io.fluxkv.server.aof;

import redis.clients.jedis.Jedis;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client thread for the crash tests: writes SET k&lt;id&gt;:&lt;i&gt; v&lt;i&gt;, INCR c&lt;id&gt; and RPUSH
 * l&lt;id&gt; &lt;i&gt; in turn, and counts each only once the node has acknowledged it. When the node dies the
 * thread ends; {@link #assertSurvived} then checks every acknowledged write against a restarted node, allowing
 * only the one write per command kind that was in flight at the kill.
 */
final class AcknowledgedWriter extends Thread {
    private final int id;
    private final int port;
    private volatile long sets;
    private volatile long incrs;
    private volatile long pushes;
    private volatile boolean stopped;

    AcknowledgedWriter(int id, int port) {
        super("acknowledged-writer-" + id);
        this.id = id;
        this.port = port;
        setDaemon(true);
    }

    @Override
    public void run() {
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            for (long i = 0; !stopped; i++) {
                jedis.set("k" + id + ":" + i, "v" + i);
                sets = i + 1;
                jedis.incr("c" + id);
                incrs = i + 1;
                jedis.rpush("l" + id, Long.toString(i));
                pushes = i + 1;
            }
        } catch (RuntimeException nodeGone) {
            // killed under us: what was acknowledged is counted
        }
    }

    long acknowledged() {
        return pushes;
    }

    /** Stops writing (if the node still runs) and waits for the thread. */
    void finish() throws InterruptedException {
        stopped = true;
        join(15_000);
        assertThat(isAlive()).as("writer %d ended", id).isFalse();
    }

    /** Every acknowledged write is in the (restarted) node; at most one more of each kind. */
    void assertSurvived(Jedis jedis) {
        long s = sets;
        long c = incrs;
        long p = pushes;
        assertThat(p).as("writer %d made progress", id).isPositive();
        for (long from = 0; from < s; from += 1000) {
            int count = (int) Math.min(1000, s - from);
            String[] keys = new String[count];
            for (int i = 0; i < count; i++) {
                keys[i] = "k" + id + ":" + (from + i);
            }
            List<String> values = jedis.mget(keys);
            for (int i = 0; i < count; i++) {
                assertThat(values.get(i)).as("acknowledged SET %s", keys[i]).isEqualTo("v" + (from + i));
            }
        }
        String counter = jedis.get("c" + id);
        assertThat(counter == null ? 0 : Long.parseLong(counter)).as("c%d, %d INCRs acknowledged", id, c)
                .isBetween(c, c + 1);
        long length = jedis.llen("l" + id);
        assertThat(length).as("l%d, %d RPUSHes acknowledged", id, p).isBetween(p, p + 1);
        List<String> list = jedis.lrange("l" + id, 0, p - 1);
        for (int i = 0; i < p; i++) {
            assertThat(list.get(i)).as("l%d[%d]", id, i).isEqualTo(Integer.toString(i));
        }
    }
}
