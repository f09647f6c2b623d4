package org.lungseg.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.lungseg.inference.ModelCard;
import org.lungseg.train.net.UNet3d;
import org.lungseg.train.net.UNetSpec;
import org.lungseg.volume.InvalidScanException;

/**
 * Trains the selected folds of a k-fold run on samples already in network space: per epoch a
 * shuffled pass over the training fold with batches prepared ahead on another thread, then a
 * validation pass (loss, IoU and Dice per class at the threshold). Each epoch is logged as a JSON
 * line and charted, and a checkpoint is written at the end of each epoch and every few minutes,
 * from which {@code --resume} continues exactly.
 */
public final class TrainingRun {

    /**
     * Where and how to run.
     *
     * @param stopAfterEpochs end this session after so many epochs (0: run to the end); the run
     *                        continues later with {@code resume}
     * @param initFrom        a fold folder of another run whose checkpoint's weights start this one
     *                        (to fine-tune, say at a larger grid: the network is fully
     *                        convolutional), or null for He initialisation; ignored when resuming
     */
    public record Options(Path outDir, boolean resume, String device, double checkpointMinutes, int stopAfterEpochs,
                          Path initFrom) {
    }

    /** A trained fold: its network (open until the caller closes {@link #manager()}), history and validation cases. */
    public record TrainedFold(int fold, UNet3d net, NDManager manager, List<EpochRecord> history,
                              List<String> validationCases, List<Integer> validationIndices, Path dir)
            implements AutoCloseable {
        /** Whether every configured epoch has run (a session stopped early has not). */
        public boolean complete(TrainingConfig config) {
            return history.size() >= config.epochs();
        }

        public EpochRecord last() {
            return history.get(history.size() - 1);
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /** Non-finite gradients are skipped a few times (docs/training.md); more means the run diverged. */
    private static final int MAX_SKIPPED_STEPS = 25;

    private final TrainingConfig config;
    private final List<NetworkSample> samples;
    private final Options options;
    private final PrintWriter out;
    private final Folds folds;
    private final String fingerprint;

    public TrainingRun(TrainingConfig config, List<NetworkSample> samples, Options options, PrintWriter out) {
        this.config = config;
        this.samples = samples;
        this.options = options;
        this.out = out;
        List<String> names = samples.stream().map(NetworkSample::name).toList();
        this.folds = new Folds(names, config.folds(), config.seed());
        this.fingerprint = Integer.toHexString((config.toString() + names).hashCode());
    }

    public Folds folds() {
        return folds;
    }

    public Device device() {
        boolean gpu = Engine.getInstance().getGpuCount() > 0;
        return switch (options.device().toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.cpu();
            case "gpu", "cuda" -> {
                if (!gpu) {
                    throw new IllegalStateException("--device gpu: PyTorch sees no GPU here. Build with -Pcuda on a"
                            + " CUDA 12 node, or use --device cpu");
                }
                yield Device.gpu();
            }
            default -> gpu ? Device.gpu() : Device.cpu();
        };
    }

    /** Trains fold {@code f}; the caller closes the returned fold. */
    public TrainedFold trainFold(int f) {
        Path dir = options.outDir().resolve("fold-" + f);
        List<Integer> trainIdx = folds.training(f);
        List<Integer> valIdx = folds.validation(f);
        int batch = config.batchSize();
        int stepsPerEpoch = stepsPerEpoch(f);
        Device device = device();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Files.createDirectories(dir);
            Engine.getInstance().setRandomSeed((int) (config.seed() + f));
            ModelCard.GridSize g = config.grid();
            UNet3d net = new UNet3d(new UNetSpec(config.levels(), config.baseWidth(), config.classes().size()));
            // He initialisation: Gaussian, fan-in, magnitude 2, for ReLU networks.
            net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, new Shape(batch, 1, g.z(), g.y(), g.x()));
            requireGradients(net);
            AdamW optimizer = new AdamW(net.getParameters(), manager, config.weightDecay(), config.gradientClip());
            LearningRateSchedule schedule = new LearningRateSchedule(config.schedule(), config.learningRate(),
                    Math.round(config.warmupEpochs() * stepsPerEpoch), (long) config.epochs() * stepsPerEpoch);
            Checkpoint checkpoint = new Checkpoint(dir.resolve("checkpoint"));
            Checkpoint.State state = Checkpoint.State.fresh(fingerprint, folds.names(valIdx));
            if (options.initFrom() != null && !(options.resume() && checkpoint.exists())) {
                StartingPoint.record(options.outDir(), initialiseFrom(options.initFrom(), net, manager));
                out.printf(Locale.ROOT, "fold %d: starting from the weights of %s%n", f, options.initFrom());
            }
            if (options.resume() && checkpoint.exists()) {
                state = checkpoint.load(net, optimizer, manager, fingerprint);
                requireGradients(net);
                out.printf(Locale.ROOT, "fold %d: resuming at epoch %d, batch %d of %d%n", f, state.epoch() + 1,
                        state.batchInEpoch(), stepsPerEpoch);
            }
            out.printf(Locale.ROOT, "fold %d: %d training and %d validation cases, %d steps per epoch, on %s%n",
                    f, trainIdx.size(), valIdx.size(), stepsPerEpoch, device);
            List<EpochRecord> history = new ArrayList<>(state.history());
            int[] lungChannels = lungChannels();
            SoftAugmentation augmentation = config.augmentation().equalsIgnoreCase("None") ? null
                    : new SoftAugmentation(g.x(), g.y(), g.z(), config.flipLeftRight(), lungChannels);
            BceDiceLoss loss = new BceDiceLoss(config.bceWeight(), config.diceWeight());
            ParameterStore store = new ParameterStore(manager, false);
            int lastEpoch = options.stopAfterEpochs() > 0
                    ? Math.min(config.epochs(), state.epoch() + options.stopAfterEpochs()) : config.epochs();
            for (int epoch = state.epoch(); epoch < lastEpoch; epoch++) {
                long epochStart = System.nanoTime();
                List<List<Integer>> batches = epochBatches(trainIdx, epoch, batch);
                double lossSum = state.trainLossSum();
                int steps = state.trainSteps();
                long wait = state.waitNanos();
                long stepTime = state.stepNanos();
                long lastCheckpoint = System.nanoTime();
                double lr = 0;
                try (BatchFeeder feeder = new BatchFeeder(samples, batches, state.batchInEpoch(), augmentation,
                        BatchFeeder.mix(config.seed(), f, epoch), config.workers())) {
                    for (int b = state.batchInEpoch(); b < batches.size(); b++) {
                        long t0 = System.nanoTime();
                        BatchFeeder.Batch data = feeder.next();
                        long t1 = System.nanoTime();
                        lr = schedule.at(optimizer.steps());
                        lossSum += trainStep(net, store, manager, optimizer, loss, data, lr);
                        steps++;
                        wait += t1 - t0;
                        stepTime += System.nanoTime() - t0;
                        progress(f, epoch, b + 1, batches.size(), lossSum / steps, stepTime / 1e9 / steps);
                        if (options.checkpointMinutes() > 0 && b + 1 < batches.size()
                                && System.nanoTime() - lastCheckpoint > options.checkpointMinutes() * 60e9) {
                            checkpoint.save(net, optimizer, new Checkpoint.State(epoch, b + 1, lossSum, steps, wait,
                                    stepTime, history, fingerprint, folds.names(valIdx)));
                            lastCheckpoint = System.nanoTime();
                        }
                    }
                }
                EpochRecord record = validate(f, epoch, net, manager, loss, valIdx, optimizer.steps(),
                        lossSum / Math.max(1, steps), lr, (System.nanoTime() - epochStart) / 1e9,
                        stepTime / 1e9 / Math.max(1, steps), stepTime == 0 ? 0 : (double) wait / stepTime);
                history.add(record);
                log(dir, record);
                TrainingChart.write(history, config.classes(), "fold " + f, dir.resolve("training.png"));
                state = new Checkpoint.State(epoch + 1, 0, 0, 0, 0, 0, history, fingerprint, folds.names(valIdx));
                checkpoint.save(net, optimizer, state);
                out.printf(Locale.ROOT, "fold %d epoch %d/%d: train loss %.4f, validation loss %.4f, IoU %s (mean %.4f), Dice %s,"
                                + " lr %.2e, %.1f s/step, %.0f%% waiting for data, %.0f s, %d steps skipped so far%n",
                        f, epoch + 1, config.epochs(), record.trainLoss(), record.validationLoss(),
                        format(record.validationIou()), record.meanIou(), format(record.validationDice()), lr, record.secondsPerStep(),
                        100 * record.dataWaitShare(), record.seconds(), optimizer.skippedSteps());
            }
            return new TrainedFold(f, net, manager, history, folds.names(valIdx), valIdx, dir);
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            manager.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The network of fold {@code f} as its last checkpoint left it, to export again; the caller
     * closes the returned fold.
     */
    public static TrainedFold restore(Path outDir, TrainingConfig config, int f) {
        Path dir = outDir.resolve("fold-" + f);
        Checkpoint checkpoint = new Checkpoint(dir.resolve("checkpoint"));
        if (!checkpoint.exists()) {
            throw new InvalidScanException("no checkpoint for fold " + f + " in " + outDir + " (folds there: "
                    + trainedFolds(outDir) + ")");
        }
        NDManager manager = NDManager.newBaseManager(Device.cpu());
        try {
            ModelCard.GridSize g = config.grid();
            UNet3d net = new UNet3d(new UNetSpec(config.levels(), config.baseWidth(), config.classes().size()));
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, g.z(), g.y(), g.x()));
            Map<String, Shape> expected = shapes(net);
            String misfit = "the checkpoint of fold " + f + " in " + outDir + " does not fit its " + RunFolder.CONFIG
                    + " (" + config.levels() + " levels, base width " + config.baseWidth() + ", "
                    + config.classes().size() + " classes): ";
            Checkpoint.State state;
            try {
                state = checkpoint.loadWeights(net, manager);
            } catch (IllegalStateException e) {
                throw new InvalidScanException(misfit + e.getMessage(), e);
            }
            // DJL loads weights of any shape; unchecked, the first forward pass fails in the engine's own words
            // ("shape '[1, 16, 1, 1, 1]' is invalid ..."), which name no file or setting.
            shapeMismatch(net, expected).ifPresent(m -> {
                throw new InvalidScanException(misfit + m);
            });
            if (state.history().isEmpty()) {
                throw new InvalidScanException("fold " + f + " in " + outDir + " has not finished an epoch yet");
            }
            return new TrainedFold(f, net, manager, state.history(), state.validationCases(), List.of(), dir);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The fold folders of a run that hold a checkpoint, e.g. "0, 2", or "none". */
    private static String trainedFolds(Path outDir) {
        try (var entries = Files.list(outDir)) {
            List<String> folds = entries.filter(p -> p.getFileName().toString().startsWith("fold-"))
                    .filter(p -> new Checkpoint(p.resolve("checkpoint")).exists())
                    .map(p -> p.getFileName().toString().substring("fold-".length())).sorted().toList();
            return folds.isEmpty() ? "none" : String.join(", ", folds);
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** Each parameter's shape, by name. */
    private static Map<String, Shape> shapes(UNet3d net) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        net.getParameters().forEach(p -> shapes.put(p.getKey(), p.getValue().getArray().getShape()));
        return shapes;
    }

    /** The first parameter whose loaded shape is not the one {@code expected}, in words. */
    private static Optional<String> shapeMismatch(UNet3d net, Map<String, Shape> expected) {
        for (var p : net.getParameters()) {
            Shape want = expected.get(p.getKey());
            if (!p.getValue().getArray().getShape().equals(want)) {
                return Optional.of("parameter " + p.getKey() + " is " + p.getValue().getArray().getShape()
                        + " there, " + want + " here");
            }
        }
        return Optional.empty();
    }

    /** Training steps in an epoch of fold {@code f}; a fold with too few cases for one batch is refused. */
    private int stepsPerEpoch(int f) {
        int cases = folds.training(f).size();
        int batch = config.batchSize();
        int steps = config.dropLastBatch() ? cases / batch : (cases + batch - 1) / batch;
        if (steps == 0) {
            throw new InvalidScanException("fold " + f + " has " + cases + " training cases, fewer than the batch size "
                    + batch + "; lower --batch-size or add cases");
        }
        return steps;
    }

    /**
     * Everything that can refuse the run, checked before it writes anything: the device, a batch
     * for every selected fold, and when resuming, that every selected fold's checkpoint was made
     * with this configuration and these cases.
     */
    public void check() {
        device();
        for (int f : config.selectedFolds()) {
            stepsPerEpoch(f);
            if (!options.resume()) {
                continue;
            }
            Checkpoint checkpoint = new Checkpoint(options.outDir().resolve("fold-" + f).resolve("checkpoint"));
            if (checkpoint.exists() && !checkpoint.state().configFingerprint().equals(fingerprint)) {
                throw new InvalidScanException("--resume: the checkpoint of fold " + f + " in " + options.outDir()
                        + " was made with another configuration or other data; resume with the same flags and data,"
                        + " or choose another --out");
            }
        }
    }

    /** Loads another run's weights, refusing a network of another shape by name; returns their lineage. */
    private static String initialiseFrom(Path foldDir, UNet3d net, NDManager manager) {
        Map<String, Shape> shapes = shapes(net);
        String lineage = StartingPoint.describe(foldDir);
        Checkpoint source = new Checkpoint(foldDir.resolve("checkpoint"));
        try {
            source.loadWeights(net, manager);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("--init-from " + foldDir + ": " + e.getMessage()
                    + "; it must have the same --levels and --base-width", e);
        }
        shapeMismatch(net, shapes).ifPresent(m -> {
            throw new IllegalArgumentException("--init-from " + foldDir + " has another network: " + m
                    + "; give the same --levels and --base-width");
        });
        requireGradients(net);
        return lineage;
    }

    private static void requireGradients(UNet3d net) {
        net.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
    }

    /** The left and right lung channels, for the mirror augmentation to swap; null without both. */
    private int[] lungChannels() {
        int left = config.classes().indexOf(ModelCard.LEFT_LUNG);
        int right = config.classes().indexOf(ModelCard.RIGHT_LUNG);
        return left >= 0 && right >= 0 ? new int[] {left, right} : null;
    }

    private List<List<Integer>> epochBatches(List<Integer> trainIdx, int epoch, int batch) {
        List<Integer> order = new ArrayList<>(trainIdx);
        Collections.shuffle(order, new Random(BatchFeeder.mix(config.seed(), epoch, 7)));
        List<List<Integer>> batches = new ArrayList<>();
        for (int i = 0; i + (config.dropLastBatch() ? batch : 1) <= order.size(); i += batch) {
            batches.add(order.subList(i, Math.min(order.size(), i + batch)));
        }
        return batches;
    }

    private double trainStep(UNet3d net, ParameterStore store, NDManager manager, AdamW optimizer,
                             BceDiceLoss loss, BatchFeeder.Batch data, double lr) {
        ModelCard.GridSize g = config.grid();
        int classes = config.classes().size();
        optimizer.zeroGradients();
        double value;
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(data.images(), new Shape(data.size(), 1, g.z(), g.y(), g.x()));
            NDArray y = step.create(data.targets(), new Shape(data.size(), classes, g.z(), g.y(), g.x()))
                    .toType(DataType.FLOAT32, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(store, new NDList(x), true).head();
                NDArray l = loss.compute(logits, y);
                gc.backward(l);
                value = l.getFloat();
            }
        }
        if (!Double.isFinite(value)) {
            throw new IllegalStateException("the training loss became " + value + "; lower --learning-rate or set"
                    + " --gradient-clip (see docs/training.md)");
        }
        if (Double.isNaN(optimizer.step(lr)) && optimizer.skippedSteps() > MAX_SKIPPED_STEPS) {
            throw new IllegalStateException(optimizer.skippedSteps() + " steps had non-finite gradients and were"
                    + " skipped; on CPU run with ONEDNN_MAX_CPU_ISA=AVX2 as ./lungseg does (see docs/training.md)");
        }
        return value;
    }

    private EpochRecord validate(int f, int epoch, UNet3d net, NDManager manager, BceDiceLoss loss,
                                 List<Integer> valIdx, long step, double trainLoss, double lr, double seconds,
                                 double secondsPerStep, double waitShare) {
        ModelCard.GridSize g = config.grid();
        int classes = config.classes().size();
        ClassOverlap overlap = new ClassOverlap(classes);
        double lossSum = 0;
        ParameterStore store = new ParameterStore(manager, false);
        for (int i : valIdx) {
            NetworkSample s = samples.get(i);
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(s.image(), new Shape(1, 1, g.z(), g.y(), g.x()));
                NDArray y = sub.create(s.targets(), new Shape(1, classes, g.z(), g.y(), g.x())).toType(DataType.FLOAT32, false);
                NDArray logits = net.forward(store, new NDList(x), false).head();
                lossSum += loss.compute(logits, y).getFloat();
                overlap.add(Activation.sigmoid(logits).toFloatArray(), s.targets(), config.threshold());
            }
        }
        List<Double> iou = overlap.iou();
        return new EpochRecord(f, epoch, step, trainLoss, lossSum / Math.max(1, valIdx.size()), iou, overlap.dice(),
                ClassOverlap.mean(iou), lr, seconds, secondsPerStep, waitShare);
    }

    private long lastProgress;

    private void progress(int f, int epoch, int done, int total, double meanLoss, double secondsPerStep) {
        long now = System.nanoTime();
        if (done < total && now - lastProgress < 10e9) {
            return;
        }
        lastProgress = now;
        int width = 24;
        int filled = (int) Math.round(width * (double) done / total);
        double remaining = ((long) (config.epochs() - epoch - 1) * total + (total - done)) * secondsPerStep;
        out.printf(Locale.ROOT, "fold %d epoch %d/%d [%s%s] %d/%d loss %.4f, %.1f s/step, ETA %s%n", f, epoch + 1,
                config.epochs(), "=".repeat(filled), " ".repeat(width - filled), done, total, meanLoss,
                secondsPerStep, eta(remaining));
        out.flush();
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toList().toString();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void log(Path dir, EpochRecord record) throws IOException {
        Files.writeString(dir.resolve("training.jsonl"), JSON.writeValueAsString(record) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
