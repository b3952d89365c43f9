package io.fluxkv.server.util;

/**
 * Whether a command argument is a given option word, ignoring ASCII case, the way Redis compares options: with
 * strcasecmp on the argument read as a C string, so that a NUL byte ends it ("NX\0junk" is NX). Words are ASCII
 * and may be given in any letter case; bytes outside ASCII never match.
 */
public final class Words {
    private Words() {
    }

    /** Whether {@code arg}, read up to its first NUL byte, is {@code word}, ignoring ASCII case. */
    public static boolean is(byte[] arg, String word) {
        int n = word.length();
        return (arg.length == n || (arg.length > n && arg[n] == 0)) && startsWith(arg, word);
    }

    /** Whether the first {@code word.length()} bytes of {@code arg} (there must be as many) spell {@code word}. */
    private static boolean startsWith(byte[] arg, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (lower(arg[i]) != lower(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
