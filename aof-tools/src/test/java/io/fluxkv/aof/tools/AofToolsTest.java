package io.fluxkv.aof.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line itself: help, and usage errors mapped to exit code 64 whoever detects them. */
class AofToolsTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheSubcommandsAndTheExitCodes() {
        ToolRun run = ToolRun.of("--help");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("check", "fix", "cat", "tail", "stats", "export-resp", "Exit codes:",
                "64   usage error", "66   FILE missing or unreadable");
    }

    @Test
    void subcommandHelpIsInherited() {
        ToolRun run = ToolRun.of("fix", "-h");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Usage: aof-tools fix").contains("--dry-run");
    }

    @Test
    void usageErrorsExitWith64() throws IOException {
        Path file = AofFiles.write(dir.resolve("ok.aof"), AofFiles.sets(1));

        assertThat(ToolRun.of().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ToolRun.of().stderr()).contains("Missing subcommand").contains("Usage: aof-tools");
        assertThat(ToolRun.of("rewrite", file, file).exitCode()).as("OUT = FILE").isEqualTo(ExitCodes.USAGE);
        assertThat(ToolRun.of("check").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ToolRun.of("check", file, "extra").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ToolRun.of("cat", "--db", "zero", file).exitCode()).isEqualTo(ExitCodes.USAGE);
        ToolRun negative = ToolRun.of("tail", "-n", "-1", file);
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.stderr()).contains("-n must be >= 0");
    }

    @Test
    void aDirectoryIsNotAnInputFile() {
        ToolRun run = ToolRun.of("stats", dir);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_INPUT);
        assertThat(run.stderr()).isEqualTo("aof-tools stats: " + dir + ": not a readable file\n");
    }
}
