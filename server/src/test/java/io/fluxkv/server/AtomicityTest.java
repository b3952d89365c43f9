package io.fluxkv.server;

import io.fluxkv.server.testing.NodeTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-key commands are atomic across shards: concurrent readers on other connections (served by other event
 * loops) never observe a state half-way through RENAME, SWAPDB or a multi-key DEL. Each scenario is bounded by
 * time and iteration count.
 */
class AtomicityTest extends NodeTest {
    private static final long RUN_MILLIS = 1500;

    /** Runs {@code writer} and {@code reader} loops on their own connections; a reader returns an error or null. */
    private static void race(WriterLoop writer, ReaderLoop reader) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> violation = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                for (int i = 0; i < 1_000_000 && !stop.get(); i++) {
                    writer.step(jedis, i);
                }
            }
        }));
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                    for (int i = 0; i < 1_000_000 && !stop.get(); i++) {
                        String problem = reader.check(jedis);
                        reads.incrementAndGet();
                        if (problem != null) {
                            violation.compareAndSet(null, problem);
                            stop.set(true);
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        Thread.sleep(RUN_MILLIS);
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(violation.get()).isNull();
        assertThat(reads.get()).as("reads performed").isGreaterThan(100);
    }

    interface WriterLoop {
        void step(Jedis jedis, int round);
    }

    interface ReaderLoop {
        String check(Jedis jedis);
    }

    @Test
    void renameIsNeverSeenHalfDone() throws InterruptedException {
        // "left" and "right" land in different shards; exactly one of them exists at any instant.
        node.jedis().set("left", "value");
        race((jedis, round) -> {
            if (round % 2 == 0) {
                jedis.rename("left", "right");
            } else {
                jedis.rename("right", "left");
            }
        }, jedis -> {
            long present = jedis.exists("left", "right");
            return present == 1 ? null : "EXISTS left right = " + present;
        });
    }

    @Test
    void multiKeyDeleteIsAllOrNothing() throws InterruptedException {
        String[] keys = new String[32];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "group:" + i;
        }
        race((jedis, round) -> {
            if (round % 2 == 0) {
                String[] pairs = new String[keys.length * 2];
                for (int i = 0; i < keys.length; i++) {
                    pairs[2 * i] = keys[i];
                    pairs[2 * i + 1] = "v";
                }
                jedis.mset(pairs);
            } else {
                jedis.del(keys);
            }
        }, jedis -> {
            long present = jedis.exists(keys);
            return present == 0 || present == keys.length ? null : "saw " + present + " of " + keys.length;
        });
    }

    @Test
    void transactionIsNeverSeenHalfApplied() throws InterruptedException {
        // Ten keys on different shards written in one MULTI/EXEC; a reader's MGET (itself atomic) must never see
        // two rounds mixed.
        String[] keys = new String[10];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "tx:" + i;
        }
        race((jedis, round) -> {
            Transaction transaction = jedis.multi();
            for (String key : keys) {
                transaction.set(key, Integer.toString(round));
            }
            transaction.exec();
        }, jedis -> {
            List<String> values = jedis.mget(keys);
            return values.stream().distinct().count() <= 1 ? null : "mixed rounds: " + values;
        });
    }

    @Test
    void watchMakesCheckAndSetSafeUnderContention() throws Exception {
        // The optimistic-locking pattern: WATCH, read, MULTI/SET, EXEC, retry on a null reply. With three clients
        // on different event loops, no increment may be lost and every successful EXEC must count once.
        int clients = 3;
        int increments = 150;
        AtomicLong conflicts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < clients; c++) {
            threads.add(new Thread(() -> {
                try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                    for (int done = 0; done < increments && System.nanoTime() < deadline; ) {
                        jedis.watch("counter");
                        String current = jedis.get("counter");
                        Transaction transaction = jedis.multi();
                        transaction.set("counter", Long.toString(current == null ? 1 : Long.parseLong(current) + 1));
                        if (transaction.exec() == null) {
                            conflicts.incrementAndGet();
                        } else {
                            done++;
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(failures).isEmpty();
        assertThat(jedis.get("counter")).isEqualTo(Integer.toString(clients * increments));
        assertThat(conflicts.get()).as("the clients did contend").isPositive();
    }

    @Test
    void swapdbExchangesWholeDatabases() throws InterruptedException {
        try (Jedis setup = node.jedis()) {
            for (int i = 0; i < 50; i++) {
                setup.set("k" + i, "db0");
            }
            setup.select(1);
            for (int i = 0; i < 50; i++) {
                setup.set("k" + i, "db1");
            }
        }
        race((jedis, round) -> jedis.swapDB(0, 1), jedis -> {
            // Both keys are read in one MGET (atomic across their shards); they must come from the same database.
            List<String> values = jedis.mget("k3", "k41");
            return values.get(0).equals(values.get(1)) ? null : "mixed databases: " + values;
        });
    }
}
