package io.fluxkv.aof.tools;

import io.fluxkv.server.aof.AofCorruptException;
import io.fluxkv.server.aof.AofReader;
import io.fluxkv.server.aof.AofTornTailException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole file once, handing every committed record to a sink, and reports the first problem instead of
 * throwing it: every command wants the good records and then a verdict. A file that is not an AOF at all (bad
 * header) still throws.
 */
final class AofScanner {

    private AofScanner() {
    }

    static ScanResult scan(Path file, RecordSink sink, Progress progress) throws IOException {
        long fileLength = Files.size(file);
        TransactionGate gate = new TransactionGate(sink);
        try (InputStream in = Files.newInputStream(file)) {
            AofReader reader = new AofReader(in);
            Damage damage;
            try {
                reader.readHeader();
                gate.drain(reader, progress);
                damage = gate.isOpen() ? Damage.unterminatedTransaction(gate) : null;
            } catch (AofTornTailException e) {
                damage = Damage.torn(e, gate);
            } catch (AofCorruptException e) {
                damage = Damage.corrupt(e, gate);
            } finally {
                progress.hide();
            }
            long goodLength = damage == null ? reader.position() : damage.goodLength();
            return new ScanResult(gate.recordsPassed(), goodLength, fileLength, damage);
        }
    }
}
