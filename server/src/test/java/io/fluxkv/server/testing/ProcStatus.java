package io.fluxkv.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fields of Linux's /proc/.../status files. */
public final class ProcStatus {
    private ProcStatus() {
    }

    /** The Cpus_allowed_list of a status file, e.g. "0-1": where the kernel may run that thread or process. */
    public static String allowedCpus(Path status) throws IOException {
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("Cpus_allowed_list:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    }
}
