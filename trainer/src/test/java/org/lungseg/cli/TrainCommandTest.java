package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lungseg.testing.RealData;
import org.lungseg.train.RepoFiles;

/** {@code lungseg train} on the command line: the seed config as written, and flags refused before data loads. */
class TrainCommandTest {

    @TempDir
    Path dir;

    /**
     * The shipped seed YAML unedited on a synthetic data set in H2O's own layout (one class
     * {@code lungs}); only the size of the run is overridden so it takes seconds on a CPU.
     */
    @Test
    void theSeedConfigTrainsOnH2oLayoutDataEndToEnd() throws Exception {
        Path h2o = dir.resolve("covid_ct_image_semantic_segmentation_3d");
        CliRun synth = CliRun.of("synth", "--layout", "h2o", "--h2o-classes", "lungs", "--cases", "6", "--size", "64x64x48",
                "--prefix", "coronacases_org_", "--out", h2o.toString());
        assertThat(synth.exitCode()).as(synth.err()).isZero();
        assertThat(h2o.resolve("images/coronacases_org_004.nii.npy")).isRegularFile();

        Path out = dir.resolve("run");
        CliRun run = CliRun.of("train", "--config", RepoFiles.seedConfig().toString(), "--data", h2o.toString(),
                "--out", out.toString(), "--device", "cpu", "--grid", "16", "--levels", "2", "--epochs", "2",
                "--batch-size", "2");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<String> warnings = run.out().lines().filter(l -> l.startsWith("warning: " + RepoFiles.seedConfig().getFileName())).toList();
        assertThat(warnings).as(run.out()).hasSize(3);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("resnet18d"))
                .anySatisfy(w -> assertThat(w).contains("mixed_precision_training"))
                .anySatisfy(w -> assertThat(w).contains("seed -1"));
        assertThat(run.out()).contains("6 cases from covid_ct_image_semantic_segmentation_3d (H2oLayout)")
                .contains("real scan cip-ct64.nii.gz").contains("tolerance 1e-04");

        assertThat(out.resolve("model.onnx")).isNotEmptyFile();
        assertThat(out.resolve("model-card.md")).content().contains("left_lung Dice |").contains("right_lung Dice |")
                .doesNotContain("infection").contains("Parity").contains("GB RAM").contains("| device | cpu");
        JsonNode card = new ObjectMapper().readTree(out.resolve("model-card.json").toFile());
        assertThat(card.get("classes").asText()).isEqualTo("left_lung,right_lung");
        assertThat(card.at("/config/batchSize").asInt()).isEqualTo(2);
        assertThat(card.at("/config/workers").asInt()).as("number_of_workers of the YAML").isEqualTo(4);
        assertThat(card.get("hardware").asText()).contains("cores").contains("GB RAM");
        assertThat(card.get("device").asText()).startsWith("cpu");
        assertThat(card.at("/config/folds").asInt()).as("validation_size 0.2 of the YAML").isEqualTo(5);
        List<String> log = Files.readAllLines(out.resolve("fold-0/training.jsonl"));
        assertThat(log).hasSize(2);
        for (String line : log) {
            assertThat(new ObjectMapper().readTree(line).has("trainLoss")).as(line).isTrue();
        }
    }

    @Test
    void fewerCasesThanFoldsIsAnInputErrorThatWritesNothing() {
        Path out = dir.resolve("run");
        CliRun run = CliRun.of("train", "--synthetic", "4", "--synthetic-max-size", "96", "--out", out.toString(),
                "--device", "cpu", "--grid", "16", "--levels", "2");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("lungseg: 5-fold validation needs at least 5 cases, got 4");
        assertThat(out.resolve("config.json")).doesNotExist();
        assertThat(out.resolve("data.txt")).doesNotExist();
    }

    @Test
    void aFoldWithFewerCasesThanTheBatchIsAnInputErrorThatWritesNothing() {
        Path out = dir.resolve("run");
        CliRun run = CliRun.of("train", "--synthetic", "5", "--synthetic-max-size", "96", "--out", out.toString(),
                "--device", "cpu", "--grid", "16", "--levels", "2", "--batch-size", "8");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("lungseg: fold 0 has 4 training cases, fewer than the batch size 8;"
                + " lower --batch-size or add cases");
        assertThat(out.resolve("config.json")).doesNotExist();
    }

    @Test
    void aFreshRunIntoAFolderHoldingFilesIsRefusedBeforeDataLoads() throws Exception {
        Path out = Files.createDirectories(dir.resolve("run"));
        Files.writeString(out.resolve("notes.txt"), "an earlier run's notes\n");
        CliRun run = CliRun.of("train", "--synthetic", "1", "--out", out.toString(), "--device", "cpu");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("lungseg: " + out + " already holds a run: --resume it, or choose another --out");
        assertThat(run.out()).doesNotContain("phantoms:");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("notes.txt");
        }
    }

    /**
     * {@code --fold all} on three kinds of source at once: H2O lungs-only data, the real CT pairs of
     * ../shared/data/real and a phantom. Every fold exports its own model, the run's model is the
     * fold with the highest validation mean IoU, and the lungs-only source is warned about.
     */
    @Test
    void foldAllOnMixedSourcesExportsEveryFoldAndKeepsTheBest() throws Exception {
        RealData.file("cip-ct64/lungs.nii.gz");
        Path h2o = dir.resolve("h2o");
        CliRun synth = CliRun.of("synth", "--layout", "h2o", "--h2o-classes", "lungs", "--cases", "3", "--size", "48x48x32",
                "--out", h2o.toString());
        assertThat(synth.exitCode()).as(synth.err()).isZero();

        Path out = dir.resolve("mixed");
        CliRun run = CliRun.of("train", "--data", h2o.toString(), "--data", RealData.root().toString(), "--synthetic", "1",
                "--synthetic-max-size", "96", "--fold", "all", "--folds", "3", "--out", out.toString(), "--device", "cpu",
                "--grid", "16", "--levels", "2", "--epochs", "1", "--batch-size", "2");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("warning: some sources have no infection masks; their cases count as free of infection");
        assertThat(run.out().lines().filter(l -> l.matches("fold \\d epoch 1/1: .*, Dice \\[.*"))).as(run.out()).hasSize(3);

        ObjectMapper json = new ObjectMapper();
        int best = -1;
        double bestIou = -1;
        for (int f = 0; f < 3; f++) {
            assertThat(out.resolve("fold-" + f + "/model.onnx")).isNotEmptyFile();
            List<String> log = Files.readAllLines(out.resolve("fold-" + f + "/training.jsonl"));
            double iou = json.readTree(log.get(log.size() - 1)).get("meanIou").asDouble();
            if (iou > bestIou) {
                bestIou = iou;
                best = f;
            }
        }
        assertThat(run.out()).contains("(best fold fold-" + best + ", validation mean IoU");
        assertThat(Files.readAllBytes(out.resolve("model.onnx"))).isEqualTo(Files.readAllBytes(out.resolve("fold-" + best + "/model.onnx")));
        JsonNode card = json.readTree(out.resolve("model-card.json").toFile());
        assertThat(card.get("classes").asText()).isEqualTo("left_lung,right_lung,infection");
        assertThat(card.get("training_data").asText()).contains("H2oLayout").contains("PairedFolders").contains("1 phantoms");
    }

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of(List.of("--device", "tpu"), "cpu, gpu, auto"),
                Arguments.of(List.of("--augmentation", "Heavy"), "Soft, None"),
                Arguments.of(List.of("--crop", "foo"), "NONE, BODY"),
                Arguments.of(List.of("--fold", "abc"), "a fold number (0, 1, ...) or all"),
                Arguments.of(List.of("--fold", "7"), "fold 7 does not exist with 5 folds"),
                Arguments.of(List.of("--grid", "12x"), "a grid like 128 or 128x128x96"),
                Arguments.of(List.of("--base-width", "12"), "multiple of 8"),
                Arguments.of(List.of("--classes", "infection"), "left_lung and right_lung"),
                Arguments.of(List.of("--rle-order", "zigzag"), "FIRST_AXIS_FASTEST, LAST_AXIS_FASTEST"));
    }

    @ParameterizedTest
    @MethodSource("badFlags")
    void aBadFlagIsAUsageErrorNamingWhatIsAcceptedBeforeAnyDataLoads(List<String> flag, String accepted) {
        List<String> args = new ArrayList<>(List.of("train", "--synthetic", "1", "--out", dir.resolve("run").toString()));
        args.addAll(flag);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        String first = run.err().lines().findFirst().orElse("");
        assertThat(first).startsWith("lungseg: ").contains(accepted);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).as("no phantom was made").doesNotContain("phantoms:");
    }
}
