package org.lungseg.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.export.ModelExport;
import org.lungseg.inference.InferenceSession;
import org.lungseg.inference.ModelCard;
import org.lungseg.inference.ModelCard.GridSize;

class TrainingPiecesTest {

    @TempDir
    Path dir;

    @Test
    void theSeedYamlIsReadAsWrittenWithOneWarningPerKeyNotHonoured() {
        HydrogenTorchConfig.Result r = HydrogenTorchConfig.read(RepoFiles.seedConfig());
        TrainingConfig c = r.builder().build();
        assertThat(c.levels()).isEqualTo(5);
        assertThat(c.grid()).isEqualTo(new GridSize(128, 128, 128));
        assertThat(c.batchSize()).isEqualTo(4);
        assertThat(c.epochs()).isEqualTo(10);
        assertThat(c.learningRate()).isEqualTo(1e-3);
        assertThat(c.schedule()).isEqualTo("Cosine");
        assertThat(c.folds()).isEqualTo(5);
        assertThat(c.selectedFolds()).containsExactly(0);
        assertThat(c.threshold()).isEqualTo(0.5);
        assertThat(c.augmentation()).isEqualTo("Soft");
        assertThat(c.workers()).isEqualTo(4);
        assertThat(r.experimentName()).isEqualTo("69_covid_ct_image_semantic_segmentation_3d");
        assertThat(r.warnings()).hasSize(3);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("resnet18d").contains("pretrained"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("mixed_precision_training"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("seed -1"));
    }

    @Test
    void aYamlThatIsNotAnExperimentIsRefusedClearly() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "- just\n- a list\n");
        assertThatThrownBy(() -> HydrogenTorchConfig.read(bad)).hasMessageContaining("not a Hydrogen Torch experiment");
        Files.writeString(bad, "dataset:\n  validation_size: 1.5\n");
        assertThatThrownBy(() -> HydrogenTorchConfig.read(bad)).hasMessageContaining("validation_size");
    }

    @Test
    void yamlKeysAskingForWhatLungsegDoesNotDoWarnOnceEach() throws Exception {
        Path yaml = dir.resolve("asks.yaml");
        Files.writeString(yaml, """
                dataset:
                    image_column: scan
                    rle_mask_column: rle_mask
                    class_name_column: label
                    group_fold_column: patient
                environment:
                    gpus: ['0', '1']
                training:
                    evaluation_epochs: 2
                    save_best_checkpoint: true
                    calculate_train_metric: true
                    evaluate_before_training: true
                    train_validation_data: true
                """);
        List<String> warnings = HydrogenTorchConfig.read(yaml).warnings();
        assertThat(warnings).hasSize(9);
        for (String key : List.of("image_column scan", "class_name_column label", "group_fold_column patient", "gpus",
                "evaluation_epochs 2", "save_best_checkpoint", "calculate_train_metric", "evaluate_before_training",
                "train_validation_data")) {
            assertThat(warnings).filteredOn(w -> w.contains(key)).as(key).hasSize(1);
        }
        assertThat(warnings).noneMatch(w -> w.contains("rle_mask_column"));
    }

    @Test
    void yamlKeysLungsegIgnoresOrDoesNotKnowWarnOnceEach() throws Exception {
        Path yaml = dir.resolve("asks-more.yaml");
        Files.writeString(yaml, """
                environment:
                    mixed_precision_inference: true
                    number_of_seeds_per_run: 3
                    seeed: 7
                logging:
                    logger: Neptune
                    log_grad_norm: true
                prediction:
                    metric: Dice
                training:
                    loss_function: FocalLovasz
                    focal_weight: 0.5
                    lovasz_weight: 2.0
                    build_scoring_pipelines: false
                    epoch: 3
                trainning:
                    epochs: 3
                """);
        List<String> warnings = HydrogenTorchConfig.read(yaml).warnings();
        List<String> expected = List.of("mixed_precision_inference", "number_of_seeds_per_run 3", "logger Neptune",
                "log_grad_norm", "metric Dice", "loss_function FocalLovasz", "focal_weight 0.5", "lovasz_weight 2.0",
                "build_scoring_pipelines false", "environment.seeed (not a Hydrogen Torch key; did you mean seed?)",
                "training.epoch (not a Hydrogen Torch key; did you mean epochs?)",
                "trainning (not a Hydrogen Torch section; did you mean training?)");
        assertThat(warnings).as(String.join("\n", warnings)).hasSize(expected.size());
        for (String key : expected) {
            assertThat(warnings).filteredOn(w -> w.contains(key)).as(key).hasSize(1);
        }
        assertThat(HydrogenTorchConfig.read(yaml).builder().epochs).as("a misspelt key sets nothing").isEqualTo(10);

        // The same weights under the seed's BCEDice are inert in Hydrogen Torch too: no warning.
        Files.writeString(yaml, "training:\n    loss_function: BCEDice\n    focal_weight: 1.0\n    lovasz_weight: 1.0\n");
        assertThat(HydrogenTorchConfig.read(yaml).warnings()).isEmpty();
    }

    @Test
    void foldsGroupByCaseCoverEveryCaseOnceAndDependOnlyOnNamesAndSeed() {
        List<String> names = IntStream.range(0, 23).mapToObj(i -> "case-" + i).toList();
        Folds a = new Folds(names, 5, 7);
        List<String> reversed = new java.util.ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        Folds b = new Folds(reversed, 5, 7);
        Set<String> validated = new HashSet<>();
        for (int f = 0; f < 5; f++) {
            List<String> val = a.names(a.validation(f));
            assertThat(val.size()).isBetween(4, 5);
            assertThat(a.names(a.training(f))).doesNotContainAnyElementsOf(val);
            assertThat(validated.addAll(val)).isTrue();
            assertThat(new HashSet<>(b.names(b.validation(f)))).isEqualTo(new HashSet<>(val));
        }
        assertThat(validated).hasSize(23);
        assertThat(new Folds(names, 5, 8).names(new Folds(names, 5, 8).validation(0)))
                .isNotEqualTo(a.names(a.validation(0)));
    }

    @Test
    void mirroredAugmentationSwapsTheLungChannels() {
        int n = 16;
        float[] image = new float[n * n * n];
        byte[] targets = new byte[3 * n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < 4; x++) {
                    targets[(z * n + y) * n + x] = 1; // channel 0 (left lung) at low x
                }
            }
        }
        SoftAugmentation mirror = new SoftAugmentation(n, n, n, true, new int[] {0, 1});
        NetworkSample s = new NetworkSample("t", image, targets);
        boolean sawMirror = false;
        for (long seed = 0; seed < 20; seed++) {
            NetworkSample out = mirror.apply(s, new SplittableRandom(seed));
            double left = centroidX(out.targets(), 0, n);
            double right = centroidX(out.targets(), 1, n);
            if (Double.isNaN(left)) {
                // mirrored: the block moved to high x and became the other channel
                assertThat(right).isGreaterThan(n / 2.0);
                sawMirror = true;
            } else {
                assertThat(left).isLessThan(n / 2.0);
                assertThat(right).isNaN();
            }
        }
        assertThat(sawMirror).isTrue();
    }

    private static double centroidX(byte[] targets, int channel, int n) {
        int vox = n * n * n;
        double sum = 0;
        int count = 0;
        for (int i = 0; i < vox; i++) {
            if (targets[channel * vox + i] != 0) {
                sum += i % n;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Stopping after an epoch and resuming gives exactly the run that never stopped. */
    @Test
    void resumeContinuesExactly() {
        TrainingConfig.Builder b = tinyRun();
        b.epochs = 3;
        TrainingConfig config = b.build();
        PrintWriter out = new PrintWriter(new StringWriter(), true);
        List<NetworkSample> samples = phantoms(config, out);

        List<EpochRecord> straight;
        try (var fold = trainFold(config, samples, "a", null, out)) {
            straight = fold.history();
        }
        try (var fold = new TrainingRun(config, samples, new TrainingRun.Options(dir.resolve("b"), false, "cpu", 0, 1, null), out)
                .trainFold(0)) {
            assertThat(fold.history()).hasSize(1);
            assertThat(fold.complete(config)).isFalse();
        }
        List<EpochRecord> resumed;
        try (var fold = new TrainingRun(config, samples, new TrainingRun.Options(dir.resolve("b"), true, "cpu", 0, 0, null), out)
                .trainFold(0)) {
            resumed = fold.history();
        }
        assertThat(resumed).hasSize(3);
        for (int e = 0; e < 3; e++) {
            assertThat(resumed.get(e).trainLoss()).as("epoch %d train loss", e)
                    .isCloseTo(straight.get(e).trainLoss(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(resumed.get(e).validationLoss()).as("epoch %d validation loss", e)
                    .isCloseTo(straight.get(e).validationLoss(), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    /**
     * A run that fails mid-epoch (one training case is broken, so the batch holding it cannot be
     * made) resumes from its mid-epoch checkpoint (--checkpoint-minutes tiny) and, with the case
     * repaired, ends exactly as the run that never stopped.
     */
    @Test
    void aRunStoppedMidEpochResumesFromItsMidEpochCheckpointExactly() {
        TrainingConfig.Builder b = tinyRun();
        b.epochs = 2;
        TrainingConfig config = b.build();
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log, true);
        List<NetworkSample> samples = phantoms(config, out);
        List<EpochRecord> straight;
        try (var fold = trainFold(config, samples, "a", null, out)) {
            straight = fold.history();
        }
        List<String> names = samples.stream().map(NetworkSample::name).toList();
        boolean resumedMidEpoch = false;
        for (int broken : new Folds(names, config.folds(), config.seed()).training(0)) {
            List<NetworkSample> withBroken = new java.util.ArrayList<>(samples);
            NetworkSample s = samples.get(broken);
            withBroken.set(broken, new NetworkSample(s.name(), new float[1], s.targets()));
            Path run = dir.resolve("b" + broken);
            assertThatThrownBy(() -> new TrainingRun(config, withBroken, new TrainingRun.Options(run, false, "cpu", 1e-9, 0, null), out)
                    .trainFold(0)).isInstanceOf(RuntimeException.class);
            int before = log.getBuffer().length();
            List<EpochRecord> resumed;
            try (var fold = new TrainingRun(config, samples, new TrainingRun.Options(run, true, "cpu", 0, 0, null), out)
                    .trainFold(0)) {
                resumed = fold.history();
            }
            if (!log.getBuffer().substring(before).contains("resuming at epoch 1, batch 1 of 2")) {
                continue; // the broken case was in the epoch's first batch: nothing was checkpointed yet
            }
            resumedMidEpoch = true;
            assertThat(resumed).hasSize(2);
            for (int e = 0; e < 2; e++) {
                assertThat(resumed.get(e).trainLoss()).as("epoch %d train loss", e)
                        .isCloseTo(straight.get(e).trainLoss(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(resumed.get(e).validationLoss()).as("epoch %d validation loss", e)
                        .isCloseTo(straight.get(e).validationLoss(), org.assertj.core.data.Offset.offset(1e-6));
            }
            break;
        }
        assertThat(resumedMidEpoch).as(log.toString()).isTrue();
    }

    /** --init-from starts a run, at another grid, from a finished run's weights; another network is refused. */
    @Test
    void aRunStartsFromAnotherRunsWeights() {
        TrainingConfig.Builder b = tinyRun();
        b.epochs = 1;
        TrainingConfig small = b.build();
        PrintWriter out = new PrintWriter(new StringWriter(), true);
        List<NetworkSample> samples = phantoms(small, out);
        float[] trained;
        try (var fold = trainFold(small, samples, "a", null, out)) {
            trained = fold.net().head().getParameters().get("weight").getArray().toFloatArray();
        }
        b.grid = new GridSize(32, 32, 32);
        b.learningRate = 0; // the weights stay as loaded
        TrainingConfig larger = b.build();
        List<NetworkSample> samples32 = phantoms(larger, out);
        Path from = dir.resolve("a").resolve("fold-0");
        try (var fold = trainFold(larger, samples32, "c", from, out)) {
            assertThat(fold.net().head().getParameters().get("weight").getArray().toFloatArray()).containsExactly(trained);
        }
        // The lineage travels: c records where it started, and a run from c records both starts.
        assertThat(StartingPoint.of(dir.resolve("c"))).hasValueSatisfying(s -> assertThat(s)
                .startsWith(from + " after 1 epoch(s)").doesNotContain("which started from"));
        try (var fold = trainFold(larger, samples32, "e", dir.resolve("c").resolve("fold-0"), out)) {
            ModelExport.write(fold, larger, "tiny phantoms", ModelExport.parityInputs(larger, Map.of(), RepoFiles.sampleScan()),
                    dir.resolve("export"));
        }
        ModelCard card;
        try (InferenceSession session = InferenceSession.open(dir.resolve("export/model.onnx"), InferenceSession.Options.cpu())) {
            card = session.card();
        }
        assertThat(card.property(ModelCard.STARTED_FROM)).startsWith(dir.resolve("c").resolve("fold-0") + " after 1 epoch(s)")
                .contains("; which started from " + from + " after 1 epoch(s)").contains("on the same data");
        assertThat(dir.resolve("export/model-card.md")).content().contains("| started from | " + dir.resolve("c"));
        b.baseWidth = 16;
        TrainingConfig wider = b.build();
        assertThatThrownBy(() -> trainFold(wider, samples32, "d", from, out)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--init-from")
                .hasMessageContaining("--base-width");
    }

    @Test
    void twoBatchWorkersPrepareExactlyTheBatchesOfOne() throws Exception {
        TrainingConfig config = tinyRun().build();
        List<NetworkSample> samples = phantoms(config, new PrintWriter(new StringWriter()));
        List<List<Integer>> batches = List.of(List.of(0, 1), List.of(2, 3), List.of(4, 5), List.of(1, 3), List.of(5, 0));
        var g = config.grid();
        SoftAugmentation augmentation = new SoftAugmentation(g.x(), g.y(), g.z(), true, new int[] {0, 1});
        List<BatchFeeder.Batch> one = new java.util.ArrayList<>();
        try (BatchFeeder feeder = new BatchFeeder(samples, batches, 1, augmentation, 99, 1)) {
            for (int b = 1; b < batches.size(); b++) {
                one.add(feeder.next());
            }
        }
        try (BatchFeeder feeder = new BatchFeeder(samples, batches, 1, augmentation, 99, 2)) {
            for (int b = 1; b < batches.size(); b++) {
                BatchFeeder.Batch two = feeder.next();
                assertThat(two.images()).as("batch %d", b).isEqualTo(one.get(b - 1).images());
                assertThat(two.targets()).as("batch %d", b).isEqualTo(one.get(b - 1).targets());
            }
        }
    }

    /** Trains fold 0 into {@code dir/name} in one go, from {@code initFrom}'s weights when not null. */
    private TrainingRun.TrainedFold trainFold(TrainingConfig config, List<NetworkSample> samples, String name, Path initFrom,
                                              PrintWriter out) {
        return new TrainingRun(config, samples, new TrainingRun.Options(dir.resolve(name), false, "cpu", 0, 0, initFrom), out)
                .trainFold(0);
    }

    /** A 2-level, base-8 U-Net on 16^3, batch 2, 3 folds: seconds per epoch. */
    private static TrainingConfig.Builder tinyRun() {
        TrainingConfig.Builder b = new TrainingConfig.Builder();
        b.grid = new GridSize(16, 16, 16);
        b.levels = 2;
        b.baseWidth = 8;
        b.batchSize = 2;
        b.folds = 3;
        return b;
    }

    /** Six phantoms made for {@code config}'s grid. */
    private static List<NetworkSample> phantoms(TrainingConfig config, PrintWriter out) {
        ModelCard card = ModelCard.of(config.classes(), config.grid(), -1250, 250, 0.5, config.crop(), Map.of());
        return new TrainingData(new SampleMaker(card), out).addPhantoms(6, 77, 64).samples();
    }
}
