package io.fluxkv.aof.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The glob of --key against redis-server's own KEYS, pattern by pattern, over the same keys. */
class GlobPatternTest {

    private static final List<byte[]> KEYS = List.of(
            b("hello"), b("hallo"), b("hxllo"), b("hllo"), b("heeeello"), b("h*llo"), b("h?llo"), b("h[a]llo"),
            b("a\\b"), b("user:1"), b("user:10"), b("user:2"), b("-"), b("]"), b("^"), b("a-b"), b("["),
            b("abc"), b("caf\u00e9"), new byte[] {(byte) 0xff, 0, 'k'}, new byte[] {'x', '\n', 'y'});

    private static final List<String> PATTERNS = List.of(
            "*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo", "user:*", "user:?",
            "h\\*llo", "h\\?llo", "h\\[a]llo", "[", "[a", "*[", "a\\\\b", "[]]", "[^]", "\\", "[\\]]", "**llo",
            "*l*o*", "h*", "*o", "[a-]", "?", "??k", "a[-]b", "[\\^]", "caf?*", "*\n*", "x?y", "h[a-ex]llo",
            "[^a-z]*", "user:1*0", "*a*b*c*", "");

    @TempDir
    Path dir;

    @Test
    void matchesWhatRedisKeysMatches() throws Exception {
        try (RedisServer redis = RedisServer.start(dir); Jedis jedis = redis.client()) {
            for (byte[] key : KEYS) {
                jedis.set(key, b("v"));
            }
            for (String pattern : PATTERNS) {
                GlobPattern glob = GlobPattern.of(pattern);
                Set<ByteBuffer> expected = jedis.keys(b(pattern)).stream().map(ByteBuffer::wrap)
                        .collect(Collectors.toSet());
                Set<ByteBuffer> actual = KEYS.stream().filter(glob::matches).map(ByteBuffer::wrap)
                        .collect(Collectors.toSet());
                assertThat(actual).as("pattern '%s'", pattern).isEqualTo(expected);
            }
        }
    }

    @Test
    void starMatchesTheEmptyKeyToo() {
        assertThat(GlobPattern.of("*").matches(new byte[0])).isTrue();
        assertThat(GlobPattern.of("?").matches(new byte[0])).isFalse();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
