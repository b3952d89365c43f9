package io.fluxkv.protocol.resp;

/**
 * Emitted by {@link RequestDecoder} instead of a request when the input breaks the protocol. The connection must
 * answer {@code -ERR Protocol error: <detail>} and close once that reply is written, as Redis does.
 */
public record ProtocolError(String detail) {
    public String message() {
        return "Protocol error: " + detail;
    }
}
