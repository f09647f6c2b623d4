package org.lungseg.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.lungseg.inference.ModelCard;
import org.lungseg.inference.Preprocessor;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.train.EpochRecord;
import org.lungseg.train.StartingPoint;
import org.lungseg.train.TrainingConfig;
import org.lungseg.train.TrainingRun.TrainedFold;

/**
 * Exports a trained fold: the ONNX model with its card in {@code metadata_props}, checked against
 * the DJL network by {@link ParityCheck} before anything is written, and the model card as
 * Markdown and JSON beside it (data, folds, config, validation metrics, parity, hardware, duration).
 * Every model file knows how it was made.
 */
public final class ModelExport {

    /** What was written. */
    public record Exported(Path model, Path cardMarkdown, Path cardJson, List<ParityCheck.Finding> parity,
                           long bytes) {
    }

    private ModelExport() {
    }

    /**
     * @param trainingData   one line naming the data trained on
     * @param parityInputs   network-space images to compare DJL and ONNX Runtime on (random and real)
     */
    public static Exported write(TrainedFold fold, TrainingConfig config, String trainingData,
                                 Map<String, float[]> parityInputs, Path dir) {
        return write(fold, config, trainingData, parityInputs, dir, UnaryOperator.identity());
    }

    /**
     * As {@link #write(TrainedFold, TrainingConfig, String, Map, Path)}, with {@code graphEdit}
     * applied to the exported graph before the parity check: a test perturbs a weight there to see the
     * check refuse the export.
     */
    static Exported write(TrainedFold fold, TrainingConfig config, String trainingData, Map<String, float[]> parityInputs,
                          Path dir, UnaryOperator<byte[]> graphEdit) {
        if (!parityInputs.containsKey(RANDOM) || parityInputs.keySet().stream().noneMatch(k -> k.startsWith(REAL_SCAN))) {
            throw new IllegalStateException("export refused: the parity check needs a random image and a real scan, got "
                    + parityInputs.keySet());
        }
        EpochRecord last = fold.last();
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put(ModelCard.NAME, "lungseg-unet3d-b" + config.baseWidth() + "-fold" + fold.fold());
        audit.put(ModelCard.VERSION, "1");
        audit.put(ModelCard.CREATED, Instant.now().toString());
        audit.put(ModelCard.TRAINING_DATA, trainingData);
        StartingPoint.of(fold.dir().getParent()).ifPresent(s -> audit.put(ModelCard.STARTED_FROM, s));
        audit.put(ModelCard.FOLDS, "fold " + fold.fold() + " of " + config.folds() + "; validation cases: "
                + String.join(", ", fold.validationCases()));
        audit.put(ModelCard.EPOCHS, String.valueOf(last.epoch() + 1));
        audit.put(ModelCard.VALIDATION_METRICS, metrics(config, last));
        audit.put(ModelCard.CONFIG, json(config));
        audit.put(ModelCard.CODE_VERSION, codeVersion());
        ModelCard card = ModelCard.of(config.classes(), config.grid(), -1250, 250, config.threshold(), config.crop(), audit);
        byte[] onnx = graphEdit.apply(OnnxExporter.export(fold.net(), card));
        ModelCard.GridSize g = config.grid();
        List<ParityCheck.Finding> parity = ParityCheck.compare(fold.net(), fold.manager(), onnx, parityInputs,
                g.z(), g.y(), g.x());
        for (ParityCheck.Finding f : parity) {
            if (!(f.maxAbsDifference() <= ParityCheck.TOLERANCE)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "export refused: on %s ONNX Runtime and DJL"
                        + " differ by %.2e in probability (tolerance %.0e)", f.input(), f.maxAbsDifference(), ParityCheck.TOLERANCE));
            }
        }
        try {
            Files.createDirectories(dir);
            Path model = dir.resolve("model.onnx");
            Files.write(model, onnx);
            Map<String, Object> cardJson = new LinkedHashMap<>(card.toMetadata());
            cardJson.put("config", config);
            cardJson.put("history", fold.history());
            cardJson.put("parity", parity);
            // The fold's own training time: the sum of its epochs (a resumed fold counts every epoch once).
            double trainingSeconds = fold.history().stream().mapToDouble(EpochRecord::seconds).sum();
            String hardware = hardware();
            cardJson.put("hardware", hardware);
            cardJson.put("device", fold.manager().getDevice().toString());
            cardJson.put("trainingSeconds", Math.round(trainingSeconds));
            cardJson.put("onnxBytes", onnx.length);
            Path jsonPath = dir.resolve("model-card.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonPath.toFile(), cardJson);
            Path md = dir.resolve("model-card.md");
            Files.writeString(md, markdown(card, config, fold, parity, trainingSeconds, hardware, onnx.length));
            return new Exported(model, md, jsonPath, parity, onnx.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Name of the parity check's random input. */
    public static final String RANDOM = "random";
    /** Prefix of the parity check's real-scan input. */
    public static final String REAL_SCAN = "real scan ";

    /**
     * Inputs for the parity check: a seeded random image, then {@code cases} (network-space images
     * by name), then the real {@code scan} preprocessed as the Segmenter would. Export needs both
     * the random image and a real scan.
     */
    public static Map<String, float[]> parityInputs(TrainingConfig config, Map<String, float[]> cases, Path scan) {
        Map<String, float[]> inputs = new LinkedHashMap<>();
        float[] random = new float[config.grid().voxelCount()];
        SplittableRandom r = new SplittableRandom(config.seed());
        for (int i = 0; i < random.length; i++) {
            random[i] = (float) r.nextDouble();
        }
        inputs.put(RANDOM, random);
        inputs.putAll(cases);
        ModelCard card = ModelCard.of(config.classes(), config.grid(), -1250, 250, config.threshold(), config.crop(),
                Map.of());
        inputs.put(REAL_SCAN + scan.getFileName(), new Preprocessor(card).prepare(NiftiReader.read(scan)).image());
        return inputs;
    }

    private static String metrics(TrainingConfig config, EpochRecord last) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < config.classes().size(); c++) {
            b.append(String.format(Locale.ROOT, "%s IoU %.4f Dice %.4f; ", config.classes().get(c),
                    last.validationIou().get(c), last.validationDice().get(c)));
        }
        return b.append(String.format(Locale.ROOT, "mean IoU %.4f (network grid, threshold %.2f)", last.meanIou(),
                config.threshold())).toString();
    }

    private static String json(Object o) {
        try {
            return new ObjectMapper().writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String codeVersion() {
        String v = ModelExport.class.getPackage().getImplementationVersion();
        return "lungseg " + (v == null ? "development" : v);
    }

    /** The machine: CPU model, cores, RAM, OS and Java. */
    static String hardware() {
        long ram = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format(Locale.ROOT, "%s, %d cores, %.1f GB RAM, %s %s, Java %s", cpuModel(),
                Runtime.getRuntime().availableProcessors(), ram / 1e9, System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    /** The CPU's model name from /proc/cpuinfo (Linux), else "CPU". */
    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("CPU");
        } catch (IOException | UncheckedIOException e) {
            return "CPU";
        }
    }

    private static String markdown(ModelCard card, TrainingConfig config, TrainedFold fold,
                                   List<ParityCheck.Finding> parity, double seconds, String hardware, long bytes) {
        StringBuilder b = new StringBuilder();
        b.append("# Model card: ").append(card.property(ModelCard.NAME)).append("\n\n");
        b.append("A 3D U-Net (").append(config.levels()).append(" levels, base width ").append(config.baseWidth())
                .append(", instance norm) that segments ").append(String.join(", ", config.classes()))
                .append(" in chest CT, exported to ONNX (opset 17) for lungseg.\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "created", card.property(ModelCard.CREATED));
        row(b, "code", card.property(ModelCard.CODE_VERSION));
        row(b, "training data", card.property(ModelCard.TRAINING_DATA));
        if (card.properties().containsKey(ModelCard.STARTED_FROM)) {
            row(b, "started from", card.property(ModelCard.STARTED_FROM));
        }
        row(b, "folds", card.property(ModelCard.FOLDS));
        row(b, "network grid", card.grid() + " (RAS; x = W fastest)");
        row(b, "intensity", "HU window [-1250, 250] mapped to [0, 1]; 0..255 storage divided by 255");
        row(b, "threshold", String.valueOf(config.threshold()));
        row(b, "epochs", card.property(ModelCard.EPOCHS) + ", batch " + config.batchSize() + ", AdamW lr "
                + config.learningRate() + ", " + config.schedule() + " schedule, BCE " + config.bceWeight()
                + " + Dice " + config.diceWeight() + ", augmentation " + config.augmentation());
        row(b, "training time", String.format(Locale.ROOT, "%.1f min (this fold) on %s", seconds / 60, hardware));
        row(b, "device", fold.manager().getDevice().toString());
        row(b, "file size", String.format(Locale.ROOT, "%.1f MB", bytes / 1e6));
        b.append("\n## Validation by epoch (network grid)\n\n| epoch | train loss | val loss |");
        config.classes().forEach(c -> b.append(' ').append(c).append(" IoU |"));
        config.classes().forEach(c -> b.append(' ').append(c).append(" Dice |"));
        b.append(" mean IoU |\n|---|---|---|");
        config.classes().forEach(c -> b.append("---|---|"));
        b.append("---|\n");
        for (EpochRecord e : fold.history()) {
            b.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f |", e.epoch() + 1, e.trainLoss(), e.validationLoss()));
            e.validationIou().forEach(v -> b.append(String.format(Locale.ROOT, " %.4f |", v)));
            e.validationDice().forEach(v -> b.append(String.format(Locale.ROOT, " %.4f |", v)));
            b.append(String.format(Locale.ROOT, " %.4f |%n", e.meanIou()));
        }
        b.append("\n## Parity: ONNX Runtime against DJL\n\n| input | largest probability difference |\n|---|---|\n");
        for (ParityCheck.Finding f : parity) {
            b.append(String.format(Locale.ROOT, "| %s | %.2e |%n", f.input(), f.maxAbsDifference()));
        }
        b.append(String.format(Locale.ROOT, "%nExport is refused above %.0e.%n", ParityCheck.TOLERANCE));
        return b.toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("| ").append(key).append(" | ").append(value.replace("|", "/")).append(" |\n");
    }
}
