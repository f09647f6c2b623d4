package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lungseg export} of a tiny trained run: parity on a random image and a real scan, or no export. */
class ExportCommandTest {

    @TempDir
    static Path dir;

    /** The tiny run's command line into {@code out}, with {@code more} flags after it. */
    private static CliRun train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--synthetic", "3", "--synthetic-max-size", "96", "--out",
                out.toString(), "--device", "cpu", "--grid", "16", "--levels", "2", "--epochs", "1", "--batch-size", "1",
                "--folds", "3"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @BeforeAll
    static void trainATinyRun() {
        CliRun run = train(dir.resolve("run"));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    }

    /** A one-line input error (exit 2) without a stack trace. */
    private static void assertInputError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("lungseg: ").doesNotContain("failed:").contains(message)
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aRefusedResumeLeavesTheRunAsItWasAndItStillExports() throws Exception {
        Path runDir = dir.resolve("run");
        byte[] config = Files.readAllBytes(runDir.resolve("config.json"));
        byte[] data = Files.readAllBytes(runDir.resolve("data.txt"));
        List<String> log = Files.readAllLines(runDir.resolve("fold-0/training.jsonl"));

        assertInputError(train(runDir, "--resume", "--base-width", "16"), "baseWidth 8 there, 16 here");
        // Same flags, other data: the checkpoint's fingerprint refuses it before anything is written.
        CliRun otherData = CliRun.of("train", "--synthetic", "4", "--synthetic-max-size", "96", "--out", runDir.toString(),
                "--device", "cpu", "--grid", "16", "--levels", "2", "--epochs", "1", "--batch-size", "1", "--folds", "3",
                "--resume");
        assertInputError(otherData, "was made with another configuration or other data");
        assertInputError(train(runDir), runDir + " already holds a run: --resume it, or choose another --out");

        assertThat(Files.readAllBytes(runDir.resolve("config.json"))).isEqualTo(config);
        assertThat(Files.readAllBytes(runDir.resolve("data.txt"))).isEqualTo(data);
        assertThat(Files.readAllLines(runDir.resolve("fold-0/training.jsonl"))).isEqualTo(log);
        CliRun export = CliRun.of("export", "--run", runDir.toString(), "--out", dir.resolve("after-refusals").toString());
        assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
        assertThat(dir.resolve("after-refusals/model.onnx")).isNotEmptyFile();
    }

    @Test
    void aFoldWithoutACheckpointIsAnInputError() {
        CliRun run = CliRun.of("export", "--run", dir.resolve("run").toString(), "--fold", "1", "--out", dir.resolve("f1").toString());
        assertInputError(run, "no checkpoint for fold 1 in " + dir.resolve("run") + " (folds there: 0)");
        assertThat(dir.resolve("f1")).doesNotExist();
    }

    @Test
    void aConfigThatDoesNotFitTheCheckpointIsOneReadableLine() throws Exception {
        Path copy = dir.resolve("edited");
        Files.createDirectories(copy.resolve("fold-0/checkpoint"));
        try (var files = Files.list(dir.resolve("run/fold-0/checkpoint"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve("fold-0/checkpoint").resolve(f.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("run/config.json").toFile());
        config.put("baseWidth", 16);
        json.writeValue(copy.resolve("config.json").toFile(), config);

        CliRun run = CliRun.of("export", "--run", copy.toString());
        assertInputError(run, "the checkpoint of fold 0 in " + copy + " does not fit its config.json (2 levels, base width 16");
        assertThat(copy.resolve("fold-0/model.onnx")).doesNotExist();
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
