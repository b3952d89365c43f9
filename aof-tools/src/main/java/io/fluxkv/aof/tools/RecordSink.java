package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;

import java.io.IOException;

/** Where a command's records go (a printer, an exporter, a counter); it may write, so it may fail. */
@FunctionalInterface
interface RecordSink {

    void accept(AofRecord record) throws IOException;
}
