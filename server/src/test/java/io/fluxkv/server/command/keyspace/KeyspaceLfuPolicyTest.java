package io.fluxkv.server.command.keyspace;

import io.fluxkv.server.testing.NodeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OBJECT FREQ and IDLETIME under an LFU maxmemory policy, where their roles swap. */
class KeyspaceLfuPolicyTest {
    static NodeFixture node;
    static Jedis jedis;

    @BeforeAll
    static void start() {
        node = NodeFixture.start("maxmemory-policy", "allkeys-lfu");
        jedis = node.jedis();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void freqIsServedAndIdletimeRefused() {
        jedis.set("k", "v");
        // A new key's LFU counter in Redis (LFU_INIT_VAL).
        assertThat(jedis.objectFreq("k")).isEqualTo(5);
        assertThat(jedis.objectFreq("missing")).isNull();
        assertThatThrownBy(() -> jedis.objectIdletime("k")).hasMessage("ERR An LFU maxmemory policy is selected, "
                + "idle time not tracked. Please note that when switching between policies at runtime LRU and LFU "
                + "data will take some time to adjust.");
    }
}
