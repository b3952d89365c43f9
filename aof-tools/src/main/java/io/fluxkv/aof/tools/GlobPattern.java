package io.fluxkv.aof.tools;

import java.nio.charset.StandardCharsets;

/**
 * Redis's glob (KEYS, SCAN MATCH) over raw bytes: {@code *} any run, {@code ?} one byte, {@code [abc]},
 * {@code [^abc]}, {@code [a-z]} (ends in either order), {@code \} makes the next byte literal, also inside a class;
 * a class left open runs to the end of the pattern. Range ends compare as unsigned bytes (Redis compares C chars,
 * which differs only for ranges with an end above 0x7f). Every token but {@code *} matches exactly one byte, so on a
 * mismatch it is enough to let the last {@code *} swallow one more byte: no recursion, at most pattern length
 * times key length steps.
 */
final class GlobPattern {

    private final byte[] pattern;

    GlobPattern(byte[] pattern) {
        this.pattern = pattern;
    }

    static GlobPattern of(String pattern) {
        return new GlobPattern(pattern.getBytes(StandardCharsets.UTF_8));
    }

    boolean matches(byte[] s) {
        int p = 0;
        int i = 0;
        int afterStar = -1;
        int starMatchEnd = -1;
        while (i < s.length) {
            if (p < pattern.length && pattern[p] == '*') {
                afterStar = ++p;
                starMatchEnd = i;
                continue;
            }
            int next = p < pattern.length ? matchOne(p, s[i]) : -1;
            if (next >= 0) {
                p = next;
                i++;
            } else if (afterStar >= 0) {
                p = afterStar;
                i = ++starMatchEnd;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /** Where the pattern goes on if the one-byte token at {@code p} matches {@code c}, else -1. */
    private int matchOne(int p, byte c) {
        switch (pattern[p]) {
            case '?':
                return p + 1;
            case '[':
                return matchClass(p + 1, c);
            case '\\':
                if (p + 1 < pattern.length) {
                    p++;
                }
                return pattern[p] == c ? p + 1 : -1;
            default:
                return pattern[p] == c ? p + 1 : -1;
        }
    }

    private int matchClass(int p, byte c) {
        boolean negated = p < pattern.length && pattern[p] == '^';
        if (negated) {
            p++;
        }
        boolean match = false;
        while (p < pattern.length && pattern[p] != ']') {
            if (pattern[p] == '\\' && p + 1 < pattern.length) {
                p++;
                match |= pattern[p] == c;
            } else if (p + 2 < pattern.length && pattern[p + 1] == '-') {
                int from = Math.min(pattern[p] & 0xff, pattern[p + 2] & 0xff);
                int to = Math.max(pattern[p] & 0xff, pattern[p + 2] & 0xff);
                match |= (c & 0xff) >= from && (c & 0xff) <= to;
                p += 2;
            } else {
                match |= pattern[p] == c;
            }
            p++;
        }
        if (match == negated) {
            return -1;
        }
        return p < pattern.length ? p + 1 : p;
    }
}
