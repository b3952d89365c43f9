package io.fluxkv.server.aof;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

/** Names and settings shared by {@link AofWriter} and {@link AofReader}; see docs/aof-format.md. */
final class AofFormat {

    static final int VERSION = 1;

    static final String HEADER_MAGIC = "flux-aof";
    static final String HEADER_CREATED = "created";

    static final String TS = "ts";
    static final String DB = "db";
    static final String OP = "op";
    static final String KEY = "key";
    static final String ARGS = "args";
    static final String B64 = "b64";

    /** Standard alphabet, '=' padding, no line breaks (a line break would end the record). */
    static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS;

    /** Values may be as large as the server allows, far above Jackson's default string limit. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private AofFormat() {
    }

    /**
     * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Anything
     * looser would not survive the trip through a Java String on the reading side.
     */
    static boolean isValidUtf8(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int trail;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                trail = 1;
            } else if (c == 0xE0) {
                trail = 2;
                lo = 0xA0;
            } else if (c == 0xED) {
                trail = 2;
                hi = 0x9F;
            } else if (c >= 0xE1 && c <= 0xEF) {
                trail = 2;
            } else if (c == 0xF0) {
                trail = 3;
                lo = 0x90;
            } else if (c == 0xF4) {
                trail = 3;
                hi = 0x8F;
            } else if (c >= 0xF1 && c <= 0xF3) {
                trail = 3;
            } else {
                return false;
            }
            if (i + trail >= n) {
                return false;
            }
            int c1 = b[i + 1] & 0xFF;
            if (c1 < lo || c1 > hi) {
                return false;
            }
            for (int k = 2; k <= trail; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += trail + 1;
        }
        return true;
    }
}
