package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lungseg export} of a tiny trained run: parity on a random image and a real scan, or no export. */
class ExportCommandTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void trainATinyRun() {
        CliRun run = CliRun.of("train", "--synthetic", "3", "--synthetic-max-size", "96", "--out", dir.resolve("run").toString(),
                "--device", "cpu", "--grid", "16", "--levels", "2", "--epochs", "1", "--batch-size", "1", "--folds", "3");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    }

    @Test
    void exportsWithParityOnRandomAndTheShippedRealScanFromAnyWorkingDirectory() {
        Path out = dir.resolve("export");
        CliRun run = CliRun.of("export", "--run", dir.resolve("run").toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        // Tests run in trainer/, where samples/ is not: the scan is found beside lungseg's classes.
        assertThat(run.out()).contains("parity random ").contains("real scan cip-ct64.nii.gz ")
                .contains("tolerance 1e-04").doesNotContain("Finding[");
        assertThat(out.resolve("model.onnx")).isNotEmptyFile();
        assertThat(out.resolve("model-card.md")).content().contains("real scan cip-ct64.nii.gz");
    }

    @Test
    void aMissingParityScanIsAnInputError() {
        CliRun run = CliRun.of("export", "--run", dir.resolve("run").toString(), "--out", dir.resolve("x").toString(),
                "--scan", "/nonexistent.nii.gz");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("lungseg: --scan /nonexistent.nii.gz: no such file");
        assertThat(dir.resolve("x/model.onnx")).doesNotExist();
    }
}
