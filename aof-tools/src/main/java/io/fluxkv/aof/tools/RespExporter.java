package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes records as Redis commands in RESP (what redis-cli --pipe sends and what a Redis AOF holds). Records carry
 * their db where Redis carries a connection state, so a SELECT goes out whenever the db changes; a connection and
 * an AOF load both start in db 0.
 */
final class RespExporter implements RecordSink {

    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;
    private int selectedDb;

    RespExporter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void accept(AofRecord record) throws IOException {
        if (record.db() != selectedDb) {
            writeCommand(List.of(ascii("SELECT"), ascii(Integer.toString(record.db()))));
            selectedDb = record.db();
        }
        List<byte[]> command = new ArrayList<>(record.args().size() + 2);
        command.add(record.op().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        if (record.key() != null) {
            command.add(record.key());
        }
        command.addAll(record.args());
        writeCommand(command);
    }

    private void writeCommand(List<byte[]> parts) throws IOException {
        out.write(ascii("*" + parts.size() + "\r\n"));
        for (byte[] part : parts) {
            out.write(ascii("$" + part.length + "\r\n"));
            out.write(part);
            out.write(CRLF);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
