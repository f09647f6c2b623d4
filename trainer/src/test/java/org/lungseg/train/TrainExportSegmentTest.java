package org.lungseg.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.data.CaseReader;
import org.lungseg.data.Datasets;
import org.lungseg.data.H2oLayout;
import org.lungseg.data.LabelledCase;
import org.lungseg.export.ModelExport;
import org.lungseg.export.ParityCheck;
import org.lungseg.inference.ModelCard;
import org.lungseg.inference.SegmentationResult;
import org.lungseg.inference.Segmenter;
import org.lungseg.label.Label;
import org.lungseg.label.LabelMasks;
import org.lungseg.metrics.Overlap;
import org.lungseg.metrics.WholeLungMasks;
import org.lungseg.phantom.Phantom;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.inference.ModelCard.GridSize;

/**
 * The whole trainer on small phantoms: the loss falls and validation Dice rises far above chance
 * within a few dozen steps, the export passes the parity check, and the exported model segments a
 * phantom it never saw through the production Segmenter with the lungs on the correct sides.
 */
class TrainExportSegmentTest {

    @TempDir
    Path dir;

    /** A 3-level U-Net on 32^3 that learns the phantoms' lungs in 20 epochs. */
    private static TrainingConfig.Builder smallRun() {
        TrainingConfig.Builder b = new TrainingConfig.Builder();
        b.grid = new GridSize(32, 32, 32);
        b.levels = 3;
        b.baseWidth = 8;
        b.batchSize = 2;
        b.epochs = 20;
        b.learningRate = 5e-3;
        b.gradientClip = 1.0;
        b.folds = 4;
        b.augmentation = "None";
        return b;
    }

    @Test
    void trainsExportsAndSegments() throws Exception {
        TrainingConfig config = smallRun().build();
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log, true);
        ModelCard card = ModelCard.of(config.classes(), config.grid(), -1250, 250, 0.5, config.crop(), Map.of());
        TrainingData data = new TrainingData(new SampleMaker(card), out).addPhantoms(12, 500, 96);

        TrainingRun run = new TrainingRun(config, data.samples(), new TrainingRun.Options(dir, false, "cpu", 0, 0, null), out);
        try (TrainingRun.TrainedFold fold = run.trainFold(0)) {
            List<EpochRecord> h = fold.history();
            assertThat(h).hasSize(20);
            assertThat(h.get(h.size() - 1).trainLoss()).as(log.toString()).isLessThan(0.75 * h.get(0).trainLoss());
            // Lungs fill about a tenth of the grid: a chance-level Dice is about 0.1-0.2.
            assertThat(h.get(h.size() - 1).validationDice().get(0)).as(log.toString()).isGreaterThan(0.6);
            assertThat(h.get(h.size() - 1).validationDice().get(1)).as(log.toString()).isGreaterThan(0.6);
            assertThat(Files.readAllLines(fold.dir().resolve("training.jsonl"))).hasSize(20);
            assertThat(fold.dir().resolve("training.png")).isNotEmptyFile();

            Map<String, float[]> cases = Map.of("validation case", data.samples().get(fold.validationIndices().get(0)).image());
            Map<String, float[]> inputs = ModelExport.parityInputs(config, cases, RepoFiles.sampleScan());
            ModelExport.Exported exported = ModelExport.write(fold, config, data.summary(), inputs, dir.resolve("export"));
            assertThat(exported.parity()).extracting(ParityCheck.Finding::input)
                    .containsExactly(ModelExport.RANDOM, "validation case", ModelExport.REAL_SCAN + "cip-ct64.nii.gz");
            assertThat(exported.parity()).allSatisfy(f -> assertThat(f.maxAbsDifference()).isLessThan(ParityCheck.TOLERANCE));
            assertThat(Files.readString(exported.cardMarkdown())).contains("Parity").contains("phantoms");

            Phantom unseen = PhantomGenerator.generate(TrainingData.variety(9_999, 96));
            try (Segmenter segmenter = Segmenter.open(exported.model(), Segmenter.Options.defaults())) {
                assertThat(segmenter.card().property(ModelCard.TRAINING_DATA)).contains("12 phantoms");
                SegmentationResult result = segmenter.segment(unseen.ct());
                WholeLungMasks truth = WholeLungMasks.of(unseen.labels());
                var predicted = WholeLungMasks.of(result.labels());
                assertThat(Overlap.of(predicted.left(), truth.left()).dice()).as("left lung Dice").isGreaterThan(0.5);
                assertThat(Overlap.of(predicted.right(), truth.right()).dice()).as("right lung Dice").isGreaterThan(0.5);
                assertThat(LabelMasks.of(result.labels(), Label.LEFT_LUNG).count()).isPositive();
            }
        }
    }

    /**
     * H2O's own export: one class {@code lungs}, images named like {@code coronacases_org_004.nii.npy}.
     * The reader splits the lungs by side, the run trains left and right lung only (no infection
     * ground truth), and the Segmenter puts label 1 on the patient's left and 2 on the right.
     */
    @Test
    void trainsOnH2oLungsOnlyDataAndSegmentsTheSides() throws Exception {
        Path h2o = dir.resolve("covid_ct_image_semantic_segmentation_3d");
        H2oLayout.Writer writer = H2oLayout.writer(h2o, H2oLayout.Classes.LUNGS);
        for (int i = 0; i < 12; i++) {
            Phantom p = PhantomGenerator.generate(TrainingData.variety(500 + i, 96));
            writer.add(new LabelledCase(String.format(Locale.ROOT, "coronacases_org_%03d", i + 1), p.ct(), p.labels(), p.lungs()));
        }
        writer.finish();
        assertThat(h2o.resolve("images/coronacases_org_004.nii.npy")).isRegularFile();
        CaseReader reader = Datasets.open(h2o);
        TrainingConfig.Builder b = smallRun();
        b.classes = reader.classes();
        TrainingConfig config = b.build();
        assertThat(config.classes()).containsExactly(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG);
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log, true);
        ModelCard card = ModelCard.of(config.classes(), config.grid(), -1250, 250, 0.5, config.crop(), Map.of());
        TrainingData data = new TrainingData(new SampleMaker(card), out).addFolder(h2o, reader);

        TrainingRun run = new TrainingRun(config, data.samples(), new TrainingRun.Options(dir.resolve("run"), false, "cpu", 0, 0, null), out);
        try (TrainingRun.TrainedFold fold = run.trainFold(0)) {
            ModelExport.Exported exported = ModelExport.write(fold, config, data.summary(),
                    ModelExport.parityInputs(config, Map.of(), RepoFiles.sampleScan()), dir.resolve("lungs-export"));
            Phantom unseen = PhantomGenerator.generate(TrainingData.variety(9_999, 96));
            try (Segmenter segmenter = Segmenter.open(exported.model(), Segmenter.Options.defaults())) {
                assertThat(segmenter.card().classes()).containsExactly(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG);
                assertThat(segmenter.card().predictsInfection()).isFalse();
                SegmentationResult result = segmenter.segment(unseen.ct());
                long[] h = result.labels().histogram();
                assertThat(h[Label.INFECTION.value()]).as("no infection label from a lungs-only model").isZero();
                WholeLungMasks truth = WholeLungMasks.of(unseen.labels());
                var predicted = WholeLungMasks.of(result.labels());
                assertThat(Overlap.of(predicted.left(), truth.left()).dice()).as("left lung Dice\n" + log).isGreaterThan(0.5);
                assertThat(Overlap.of(predicted.right(), truth.right()).dice()).as("right lung Dice\n" + log).isGreaterThan(0.5);
            }
        }
    }
}
