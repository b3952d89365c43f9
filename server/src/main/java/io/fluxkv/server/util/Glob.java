package io.fluxkv.server.util;

import java.nio.charset.StandardCharsets;

/**
 * Glob matching with Redis's rules (KEYS, SCAN MATCH, CONFIG GET, PUBSUB CHANNELS): {@code *}, {@code ?},
 * {@code [abc]}, {@code [^a-z]}, {@code \} to escape, on raw bytes — including stringmatchlen's quirks:
 * an empty subject matches only an empty pattern, an escape inside a class ignores NOCASE, a range compares bytes
 * as signed chars and swaps its ends before folding case, an unclosed class ends at the end of the pattern.
 * <p>
 * Iterative, backtracking only to the last {@code *}: Redis gives up on the outer stars once an inner one has
 * failed at every position (skipLongerMatches), which makes the two equivalent, and this needs no stack however
 * many stars a client sends.
 */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(String pattern, String subject, boolean ignoreCase) {
        return matches(pattern.getBytes(StandardCharsets.UTF_8), subject.getBytes(StandardCharsets.UTF_8),
                ignoreCase);
    }

    public static boolean matches(byte[] p, byte[] s, boolean nocase) {
        int pi = 0;
        int si = 0;
        int starNext = -1;
        int starSubject = -1;
        while (true) {
            boolean failed = false;
            while (pi < p.length && si < s.length) {
                if (p[pi] == '*') {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    starNext = ++pi;
                    starSubject = si;
                    continue;
                }
                int next = matchOne(p, pi, s[si], nocase);
                if (next < 0) {
                    failed = true;
                    break;
                }
                pi = next;
                si++;
                if (si == s.length) {
                    while (pi < p.length && p[pi] == '*') {
                        pi++;
                    }
                }
            }
            if (!failed && pi == p.length && si == s.length) {
                return true;
            }
            // Retry the rest after the last star one subject byte further on, while bytes remain.
            if (starNext < 0 || ++starSubject >= s.length) {
                return false;
            }
            pi = starNext;
            si = starSubject;
        }
    }

    /**
     * Matches the single-byte element at {@code p[pi]} ({@code ?}, a class, an escape or a literal) against
     * {@code c}; returns the pattern index after the element, or -1 when it does not match.
     */
    private static int matchOne(byte[] p, int pi, byte c, boolean nocase) {
        switch (p[pi]) {
            case '?':
                return pi + 1;
            case '[':
                return matchClass(p, pi + 1, c, nocase);
            case '\\':
                if (pi + 1 < p.length) {
                    pi++;
                }
                return equal(p[pi], c, nocase) ? pi + 1 : -1;
            default:
                return equal(p[pi], c, nocase) ? pi + 1 : -1;
        }
    }

    private static int matchClass(byte[] p, int pi, byte c, boolean nocase) {
        boolean not = pi < p.length && p[pi] == '^';
        if (not) {
            pi++;
        }
        boolean matched = false;
        while (true) {
            if (pi + 1 < p.length && p[pi] == '\\') {
                pi++;
                matched |= p[pi] == c;
            } else if (pi < p.length && p[pi] == ']') {
                break;
            } else if (pi >= p.length) {
                // Unclosed class: it ends with the pattern.
                pi--;
                break;
            } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                int start = p[pi];
                int end = p[pi + 2];
                if (start > end) {
                    int t = start;
                    start = end;
                    end = t;
                }
                int ch = c;
                if (nocase) {
                    start = lower(start);
                    end = lower(end);
                    ch = lower(ch);
                }
                pi += 2;
                matched |= ch >= start && ch <= end;
            } else {
                matched |= equal(p[pi], c, nocase);
            }
            pi++;
        }
        return matched != not ? pi + 1 : -1;
    }

    private static boolean equal(byte a, byte b, boolean nocase) {
        return nocase ? lower(a) == lower(b) : a == b;
    }

    /** tolower in the C locale: ASCII letters only; bytes stay signed as C's char is. */
    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
