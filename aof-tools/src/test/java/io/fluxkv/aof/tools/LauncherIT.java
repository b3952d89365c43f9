package io.fluxkv.aof.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar run the way users run it: {@code scripts/flux-kv aof <subcommand> ...}. The exit codes must
 * come through the launcher unchanged, and binary output must reach stdout intact.
 */
class LauncherIT {

    @TempDir
    Path dir;

    @Test
    void checkGivesTheDocumentedExitCodes() throws Exception {
        Path valid = AofFiles.write(dir.resolve("valid.aof"), AofFiles.sets(3));
        Path torn = AofFiles.write(dir.resolve("torn.aof"), AofFiles.sets(3));
        AofFiles.appendRaw(torn, "{\"ts\":1");
        Path corrupt = AofFiles.write(dir.resolve("corrupt.aof"), AofFiles.sets(3));
        AofFiles.replaceLine(corrupt, 2, "not json");

        Launched ok = launch("aof", "check", valid);
        assertThat(ok.exitCode()).as("%s", ok).isEqualTo(0);
        assertThat(ok.stdout()).isEqualTo(valid + ": valid: 3 records, " + Files.size(valid)
                + " bytes, last good offset " + Files.size(valid) + "\n");
        assertThat(ok.stderr()).as("the jar exists: no build").isEmpty();
        assertThat(launch("aof", "check", torn).exitCode()).isEqualTo(1);
        assertThat(launch("aof", "check", corrupt).exitCode()).isEqualTo(2);
        assertThat(launch("aof", "check", dir.resolve("missing.aof")).exitCode()).isEqualTo(66);
        assertThat(launch("aof", "check").exitCode()).isEqualTo(64);
    }

    @Test
    void fixThenCheckRepairsATornFile() throws Exception {
        Path torn = AofFiles.write(dir.resolve("torn.aof"), AofFiles.sets(3));
        long goodLength = Files.size(torn);
        AofFiles.appendRaw(torn, "{\"ts\":1");

        Launched fix = launch("aof", "fix", torn);

        assertThat(fix.exitCode()).as("%s", fix).isEqualTo(0);
        assertThat(Files.size(torn)).isEqualTo(goodLength);
        assertThat(launch("aof", "check", torn).exitCode()).isEqualTo(0);
    }

    @Test
    void exportToStandardOutputIsByteForByteTheOutputFile() throws Exception {
        Path aof = AofFiles.write(dir.resolve("bin.aof"), AofFiles.binarySets(new Random(7), 300));
        Path resp = dir.resolve("bin.resp");

        Launched toStdout = launch("aof", "export-resp", aof);
        Launched toFile = launch("aof", "export-resp", aof, "-o", resp);

        assertThat(toStdout.exitCode()).as("%s", toStdout).isEqualTo(0);
        assertThat(toFile.exitCode()).as("%s", toFile).isEqualTo(0);
        assertThat(toFile.stdout()).isEmpty();
        assertThat(toStdout.stdoutBytes()).isEqualTo(Files.readAllBytes(resp));
    }

    private Launched launch(Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("flux.root") + "/scripts/flux-kv"));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        Path stdout = dir.resolve("stdout");
        Path stderr = dir.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("FLUX_KV_AOF_TOOLS_JAR", System.getProperty("flux.aof-tools.jar"));
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("launcher did not finish: " + command);
        }
        return new Launched(process.exitValue(), Files.readAllBytes(stdout), Files.readString(stderr));
    }

    private record Launched(int exitCode, byte[] stdoutBytes, String stderr) {

        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr;
        }
    }
}
