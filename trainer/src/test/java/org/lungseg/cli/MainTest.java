package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.inference.TestModels;
import org.lungseg.testing.RealData;

/** Main's exit codes: 1 for a failure that is not the user's input, 2 (with a hint) for a bad command line. */
class MainTest {

    @TempDir
    Path dir;

    /**
     * A disk that fills while the mask is written: the scan, model and options were all fine, so
     * this is our failure (exit 1), not bad input. Linux's /dev/full fails every write with ENOSPC.
     */
    @Test
    void aFullDiskIsAFailureWithOneLineAndTheTraceOnlyWithVerbose() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        Path model = dir.resolve("finder.onnx");
        Files.write(model, TestModels.darkInsideBody(TestModels.card(new GridSize(32, 32, 32))));
        String scan = RealData.file("cip-ct64/ct.nii.gz").toString();

        CliRun run = CliRun.of("segment", scan, "--model", model.toString(), "--out", full.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("lungseg: failed: cannot write /dev/full: ");
        assertThat(run.out()).isEmpty();

        CliRun verbose = CliRun.of("segment", scan, "--model", model.toString(), "--out", full.toString(), "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(verbose.err()).startsWith("lungseg: failed: cannot write /dev/full: ")
                .contains("java.io.UncheckedIOException").contains("\tat org.lungseg.nifti.NiftiWriter");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithAHelpHint() {
        CliRun run = CliRun.of("nosuch");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().lines()).containsExactly("lungseg: Unmatched argument at index 0: 'nosuch'",
                "Try 'lungseg --help'.");
    }

    @Test
    void aSubcommandsHintNamesTheSubcommand() {
        CliRun run = CliRun.of("benchmark", "io", "--nosuch");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().lines()).last().isEqualTo("Try 'lungseg benchmark io --help'.");
    }
}
