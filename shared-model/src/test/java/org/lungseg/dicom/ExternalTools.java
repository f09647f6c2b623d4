package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The independent command-line DICOM and codec tools the cross-checks run, where installed. */
final class ExternalTools {

    private ExternalTools() {
    }

    /** Skips the calling test, naming the tool and its package, when {@code tool} is not on the PATH. */
    static void require(String tool, String installedBy) {
        String path = System.getenv("PATH");
        boolean found = path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
        assumeTrue(found, tool + " is not installed (" + installedBy + ")");
    }

    /** Runs a command to completion (at most a minute) and returns its output; fails the test on a non-zero exit. */
    static String run(List<String> command) throws IOException, InterruptedException {
        // Output to a file, not a pipe read to its end, so that the time limit holds for a hung tool.
        Path log = Files.createTempFile("lungseg-tool", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(finished && p.exitValue() == 0).as(String.join(" ", command) + ": " + out).isTrue();
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
