package org.lungseg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.lungseg.export.ModelExport;
import org.lungseg.inference.ModelCard;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.train.CpuSettings;
import org.lungseg.train.HydrogenTorchConfig;
import org.lungseg.train.NetworkSample;
import org.lungseg.train.SampleMaker;
import org.lungseg.train.TrainingConfig;
import org.lungseg.train.TrainingData;
import org.lungseg.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg train}: k-fold training of the 3D U-Net from a Hydrogen Torch YAML and flags,
 * on dataset folders and/or phantoms, ending with an ONNX export per fold that passed the parity
 * check, and {@code model.onnx} (the best fold) with its model card in the output folder.
 */
@Command(name = "train", description = "Train the 3D U-Net (k-fold) and export ONNX.")
final class TrainCommand implements Callable<Integer> {

    /** A real scan for the parity check, when run from the repository root. */
    static final Path DEMO_SCAN = Path.of("samples", "cip-ct64.nii.gz");

    @Option(names = "--config", paramLabel = "YAML", description = "Hydrogen Torch experiment YAML, e.g. configs/hydrogen-torch-69_covid_ct_image_semantic_segmentation_3d.yaml.")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Labelled cases: COVID-19-CT-Seg layout, H2O layout (train.pq + images/), or folders of ct/lungs NIfTI pairs. Repeatable.")
    List<Path> data = new ArrayList<>();

    @Option(names = "--synthetic", paramLabel = "N", description = "Add N phantoms of every variety, made on the fly.")
    int synthetic;

    @Option(names = "--synthetic-cuts", paramLabel = "N", description = "Add N more phantoms cut to a smaller field"
            + " of view: one lung, a slab of 2 to 8 slices, or the lung bases with the upper abdomen.")
    int syntheticCuts;

    @Option(names = "--synthetic-seed", defaultValue = "1000", description = "Seed of the first phantom (default ${DEFAULT-VALUE}).")
    long syntheticSeed;

    @Option(names = "--synthetic-max-size", defaultValue = "256", description = "Largest phantom in-plane size (default ${DEFAULT-VALUE}).")
    int syntheticMaxSize;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder: checkpoints, logs, charts, models.")
    Path out;

    @Option(names = "--fold", paramLabel = "K|all", description = "Fold to train, or all (default: the config's selected_folds).")
    String fold;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "FOLD_DIR", description = "Start from the weights of another run's"
            + " fold folder (same --levels and --base-width; any grid), to fine-tune.")
    Path initFrom;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--checkpoint-minutes", defaultValue = "10", description = "Also checkpoint mid-epoch this often (default ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(names = "--stop-after-epochs", defaultValue = "0", description = "End this session after N epochs; continue later with --resume.")
    int stopAfterEpochs;

    @Option(names = "--epochs") Integer epochs;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--learning-rate") Double learningRate;
    @Option(names = "--weight-decay") Double weightDecay;
    @Option(names = "--warmup-epochs") Double warmupEpochs;
    @Option(names = "--gradient-clip") Double gradientClip;
    @Option(names = "--levels", description = "U-Net resolutions (Hydrogen Torch number_of_blocks).") Integer levels;
    @Option(names = "--base-width", description = "Channels at full resolution (default 8).") Integer baseWidth;
    @Option(names = "--grid", description = "Network grid, e.g. 128 or 128x128x128 (x by y by z).") String grid;
    @Option(names = "--crop", description = "none or body.") String crop;
    @Option(names = "--seed") Long seed;
    @Option(names = "--folds", description = "k of k-fold.") Integer folds;
    @Option(names = "--augmentation", description = "Soft or None.") String augmentation;
    @Option(names = "--flip-lr", description = "Mirror left-right in augmentation, swapping the lung labels.") boolean flipLr;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        if (!device.equalsIgnoreCase("gpu")) {
            CpuSettings.warnings(System.getenv()).forEach(log::println);
        }
        if (data.isEmpty() && synthetic == 0 && syntheticCuts == 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --data DIR and/or --synthetic N");
        }
        TrainingConfig cfg = configure(log);
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("config.json").toFile(), cfg);
        long start = System.nanoTime();
        ModelCard card = ModelCard.of(cfg.classes(), cfg.grid(), -1250, 250, cfg.threshold(), cfg.crop(), Map.of());
        TrainingData training = new TrainingData(new SampleMaker(card), log);
        for (Path d : data) {
            training.addFolder(d);
        }
        if (synthetic > 0) {
            training.addPhantoms(synthetic, syntheticSeed, syntheticMaxSize);
        }
        if (syntheticCuts > 0) {
            training.addCutPhantoms(syntheticCuts, syntheticSeed + synthetic, syntheticMaxSize);
        }
        List<NetworkSample> samples = training.samples();
        log.printf(Locale.ROOT, "data: %s (%d cases)%n", training.summary(), samples.size());
        Files.writeString(out.resolve("data.txt"), training.summary() + "\n");
        TrainingRun run = new TrainingRun(cfg, samples, new TrainingRun.Options(out, resume, device, checkpointMinutes,
                stopAfterEpochs, initFrom), log);
        double bestIou = -1;
        Path best = null;
        for (int f : cfg.selectedFolds()) {
            try (TrainingRun.TrainedFold trained = run.trainFold(f)) {
                if (!trained.complete(cfg)) {
                    log.printf(Locale.ROOT, "fold %d: stopped after epoch %d of %d; continue with --resume%n", f,
                            trained.history().size(), cfg.epochs());
                    return Main.EXIT_OK;
                }
                Map<String, float[]> validation = new LinkedHashMap<>();
                if (!trained.validationIndices().isEmpty()) {
                    NetworkSample s = samples.get(trained.validationIndices().get(0));
                    validation.put("validation case " + s.name(), s.image());
                }
                Map<String, float[]> parityInputs = ModelExport.parityInputs(cfg, validation, DEMO_SCAN);
                ModelExport.Exported exported = ModelExport.write(trained, cfg, training.summary(), parityInputs,
                        (System.nanoTime() - start) / 1e9, trained.dir());
                log.printf(Locale.ROOT, "fold %d: exported %s (%.1f MB), parity %s%n", f, exported.model(),
                        exported.bytes() / 1e6, exported.parity());
                if (trained.last().meanIou() > bestIou) {
                    bestIou = trained.last().meanIou();
                    best = trained.dir();
                }
            }
        }
        for (String file : List.of("model.onnx", "model-card.md", "model-card.json")) {
            Files.copy(best.resolve(file), out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        log.printf(Locale.ROOT, "model: %s (best fold %s, validation mean IoU %.4f) in %.1f min%n", out.resolve("model.onnx"),
                best.getFileName(), bestIou, (System.nanoTime() - start) / 60e9);
        return Main.EXIT_OK;
    }

    private TrainingConfig configure(PrintWriter log) {
        TrainingConfig.Builder b;
        if (config != null) {
            HydrogenTorchConfig.Result read = HydrogenTorchConfig.read(config);
            read.warnings().forEach(w -> log.println("warning: " + w));
            b = read.builder();
        } else {
            b = new TrainingConfig.Builder();
        }
        if (epochs != null) b.epochs = epochs;
        if (batchSize != null) b.batchSize = batchSize;
        if (learningRate != null) b.learningRate = learningRate;
        if (weightDecay != null) b.weightDecay = weightDecay;
        if (warmupEpochs != null) b.warmupEpochs = warmupEpochs;
        if (gradientClip != null) b.gradientClip = gradientClip;
        if (levels != null) b.levels = levels;
        if (baseWidth != null) b.baseWidth = baseWidth;
        if (seed != null) b.seed = seed;
        if (folds != null) b.folds = folds;
        if (augmentation != null) b.augmentation = augmentation;
        if (flipLr) b.flipLeftRight = true;
        if (crop != null) b.crop = Crop.valueOf(crop.toUpperCase(Locale.ROOT));
        if (grid != null) b.grid = parseGrid(grid);
        if (fold != null) {
            b.selectedFolds = fold.equalsIgnoreCase("all") ? IntStream.range(0, b.folds).boxed().toList()
                    : List.of(Integer.parseInt(fold));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static GridSize parseGrid(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x");
        if (p.length == 1) {
            int s = Integer.parseInt(p[0]);
            return new GridSize(s, s, s);
        }
        if (p.length != 3) {
            throw new IllegalArgumentException("grid must look like 128 or 128x128x128: " + text);
        }
        return new GridSize(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }
}
