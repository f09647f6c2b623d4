package org.lungseg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.lungseg.data.CaseReader;
import org.lungseg.data.Datasets;
import org.lungseg.export.ModelExport;
import org.lungseg.export.ParityCheck;
import org.lungseg.inference.ModelCard;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.train.CpuSettings;
import org.lungseg.train.HydrogenTorchConfig;
import org.lungseg.train.NetworkSample;
import org.lungseg.train.RunFolder;
import org.lungseg.train.SampleMaker;
import org.lungseg.train.TrainingConfig;
import org.lungseg.train.TrainingData;
import org.lungseg.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg train}: k-fold training of the 3D U-Net from a Hydrogen Torch YAML and flags,
 * on dataset folders and/or phantoms, ending with an ONNX export per fold that passed the parity
 * check, and {@code model.onnx} (the best fold) with its model card in the output folder.
 */
@Command(name = "train", description = "Train the 3D U-Net (k-fold) and export ONNX.")
final class TrainCommand implements Callable<Integer> {

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

    @Option(names = "--fold", paramLabel = "K|all", converter = FoldChoice.class,
            description = "Fold to train, or all (default: the config's selected_folds).")
    Integer fold;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "FOLD_DIR", description = "Start from the weights of another run's"
            + " fold folder (same --levels and --base-width; any grid), to fine-tune.")
    Path initFrom;

    /** Where the network trains. */
    enum Device { cpu, gpu, auto }

    @Option(names = "--device", defaultValue = "auto", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Device device;

    @Option(names = "--checkpoint-minutes", defaultValue = "10", description = "Also checkpoint mid-epoch this often (default ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(names = "--parity-scan", paramLabel = "SCAN", description = "A real scan for the export's parity check"
            + " (default: the repository's samples/cip-ct64.nii.gz, found from here or beside lungseg).")
    Path parityScan;

    @Option(names = "--stop-after-epochs", defaultValue = "0", description = "End this session after N epochs; continue later with --resume.")
    int stopAfterEpochs;

    @Option(names = "--epochs") Integer epochs;
    @Option(names = "--batch-size") Integer batchSize;
    @Option(names = "--learning-rate") Double learningRate;
    @Option(names = "--weight-decay") Double weightDecay;
    @Option(names = "--warmup-epochs") Double warmupEpochs;
    @Option(names = "--gradient-clip") Double gradientClip;
    @Option(names = "--levels", description = "U-Net resolutions (Hydrogen Torch number_of_blocks).") Integer levels;
    @Option(names = "--base-width", description = "Channels at full resolution, a multiple of 8 (default 8).") Integer baseWidth;
    @Option(names = "--grid", converter = GridChoice.class, description = "Network grid, e.g. 128 or 128x128x128 (x by y by z).") GridSize grid;
    @Option(names = "--crop", description = "${COMPLETION-CANDIDATES}.") Crop crop;
    @Option(names = "--seed") Long seed;
    @Option(names = "--workers", description = "Threads preparing batches (Hydrogen Torch number_of_workers; default 1).") Integer workers;
    @Option(names = "--folds", description = "k of k-fold.") Integer folds;
    /** Augmentation strategies (Hydrogen Torch's names). */
    enum Augmentation { Soft, None }

    @Option(names = "--augmentation", description = "${COMPLETION-CANDIDATES}.") Augmentation augmentation;
    @Option(names = "--classes", split = ",", paramLabel = "CLASS", description = "Classes to train, from left_lung,"
            + "right_lung,infection (default: those the data has ground truth for; phantoms have all three).")
    List<String> classes;
    @Option(names = "--rle-order", defaultValue = "FIRST_AXIS_FASTEST", description = "Flattening order of H2O rle_mask"
            + " codes: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}, numpy's Fortran order; an unverified"
            + " convention, see docs/training.md).")
    FlatteningOrder rleOrder;
    @Option(names = "--flip-lr", description = "Mirror left-right in augmentation, swapping the lung labels.") boolean flipLr;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        if (device != Device.gpu) {
            CpuSettings.warnings(System.getenv()).forEach(log::println);
        }
        if (data.isEmpty() && synthetic == 0 && syntheticCuts == 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --data DIR and/or --synthetic N");
        }
        Path paritySource = DemoScan.forParity(parityScan);
        RunFolder folder = new RunFolder(out);
        if (!resume) {
            folder.requireEmpty();
        }
        Map<Path, CaseReader> sources = new LinkedHashMap<>();
        for (Path d : data) {
            sources.put(d, Datasets.open(d, rleOrder));
        }
        TrainingConfig cfg = configure(log, trainedClasses(sources.values(), log));
        if (resume) {
            folder.requireSameConfig(cfg);
        }
        long start = System.nanoTime();
        ModelCard card = ModelCard.of(cfg.classes(), cfg.grid(), -1250, 250, cfg.threshold(), cfg.crop(), Map.of());
        TrainingData training = new TrainingData(new SampleMaker(card), log);
        sources.forEach(training::addFolder);
        if (synthetic > 0) {
            training.addPhantoms(synthetic, syntheticSeed, syntheticMaxSize);
        }
        if (syntheticCuts > 0) {
            training.addCutPhantoms(syntheticCuts, syntheticSeed + synthetic, syntheticMaxSize);
        }
        List<NetworkSample> samples = training.samples();
        log.printf(Locale.ROOT, "data: %s (%d cases)%n", training.summary(), samples.size());
        TrainingRun run = new TrainingRun(cfg, samples, new TrainingRun.Options(out, resume, device.name(), checkpointMinutes,
                stopAfterEpochs, initFrom), log);
        run.check();
        // Only a run accepted so far may describe the folder: a refused one leaves an earlier run's files as they were.
        folder.record(cfg, training.summary());
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
                Map<String, float[]> parityInputs = ModelExport.parityInputs(cfg, validation, paritySource);
                ModelExport.Exported exported = ModelExport.write(trained, cfg, training.summary(), parityInputs,
                        trained.dir());
                log.printf(Locale.ROOT, "fold %d: exported %s (%.1f MB), parity %s%n", f, exported.model(),
                        exported.bytes() / 1e6, ParityCheck.describe(exported.parity()));
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

    /**
     * {@code --classes}, or the classes the data has ground truth for: a lungs-only source trains
     * left_lung and right_lung, since it has no infection to learn from.
     */
    private List<String> trainedClasses(Iterable<CaseReader> sources, PrintWriter log) {
        if (classes != null) {
            return classes;
        }
        Set<String> found = new HashSet<>();
        boolean someWithoutInfection = false;
        for (CaseReader r : sources) {
            found.addAll(r.classes());
            someWithoutInfection |= !r.classes().contains(ModelCard.INFECTION);
        }
        if (synthetic > 0 || syntheticCuts > 0) {
            found.addAll(TrainingConfig.ALL_CLASSES);
        }
        List<String> trained = TrainingConfig.ALL_CLASSES.stream().filter(found::contains).toList();
        if (someWithoutInfection && trained.contains(ModelCard.INFECTION)) {
            log.println("warning: some sources have no infection masks; their cases count as free of infection");
        }
        return trained;
    }

    private TrainingConfig configure(PrintWriter log, List<String> trainedClasses) {
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
        if (workers != null) b.workers = workers;
        if (folds != null) b.folds = folds;
        if (augmentation != null) b.augmentation = augmentation.name();
        if (flipLr) b.flipLeftRight = true;
        if (crop != null) b.crop = crop;
        if (grid != null) b.grid = grid;
        if (fold != null) {
            b.selectedFolds = fold == FoldChoice.ALL ? IntStream.range(0, b.folds).boxed().toList() : List.of(fold);
        }
        b.classes = trainedClasses;
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A fold number, or {@code all} ({@link #ALL}). */
    static final class FoldChoice implements ITypeConverter<Integer> {
        static final int ALL = -1;

        @Override
        public Integer convert(String text) {
            if (text.equalsIgnoreCase("all")) {
                return ALL;
            }
            if (!text.matches("\\d{1,4}")) {
                throw new TypeConversionException("expected a fold number (0, 1, ...) or all, got '" + text + "'");
            }
            return Integer.parseInt(text);
        }
    }

    /** {@code 128} or {@code 128x128x96} (x by y by z). */
    static final class GridChoice implements ITypeConverter<GridSize> {
        @Override
        public GridSize convert(String text) {
            return parseGrid(text);
        }
    }

    static GridSize parseGrid(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.matches("\\d{1,4}")) {
            int s = Integer.parseInt(t);
            return new GridSize(s, s, s);
        }
        if (!t.matches("\\d{1,4}x\\d{1,4}x\\d{1,4}")) {
            throw new TypeConversionException("expected a grid like 128 or 128x128x96 (x by y by z), got '" + text + "'");
        }
        String[] p = t.split("x");
        return new GridSize(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }
}
