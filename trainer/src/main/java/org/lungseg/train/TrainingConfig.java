package org.lungseg.train;

import java.util.List;
import org.lungseg.inference.ModelCard;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.train.net.UNetSpec;

/**
 * Everything that decides how a model is trained. Read from a Hydrogen Torch experiment YAML
 * ({@link HydrogenTorchConfig}), then overridden by command-line flags.
 *
 * @param levels         U-Net resolutions (Hydrogen Torch's {@code number_of_blocks})
 * @param baseWidth      channels at full resolution (lungseg's own; Hydrogen Torch takes them from its encoder)
 * @param grid           network grid, x (W) by y (H) by z (D)
 * @param crop           what a scan is cropped to before it is resized to the grid
 * @param classes        output channels in order, from {@code left_lung}, {@code right_lung}, {@code infection}:
 *                       the classes the data has ground truth for, unless {@code --classes} says otherwise
 * @param batchSize      volumes per step
 * @param epochs         passes over the training fold
 * @param learningRate   peak learning rate
 * @param weightDecay    AdamW's decoupled weight decay
 * @param schedule       {@code Cosine} or {@code Constant}
 * @param warmupEpochs   linear warm-up length, in epochs (may be fractional)
 * @param bceWeight      weight of binary cross-entropy in the loss
 * @param diceWeight     weight of soft Dice in the loss
 * @param gradientClip   largest global gradient norm, 0 for none
 * @param threshold      probability threshold for metrics and masks
 * @param folds          k of k-fold validation ({@code round(1 / validation_size)})
 * @param selectedFolds  folds to train, e.g. [0], or every fold
 * @param seed           seed of initialisation, fold split, shuffling and augmentation
 * @param augmentation   {@code Soft} or {@code None}
 * @param flipLeftRight  mirror left-right in augmentation, swapping the lung channels
 * @param workers        threads preparing batches ahead of the training step
 * @param dropLastBatch  skip a last, smaller batch in each epoch
 */
public record TrainingConfig(int levels, int baseWidth, GridSize grid, Crop crop, List<String> classes,
                             int batchSize, int epochs, double learningRate, double weightDecay,
                             String schedule, double warmupEpochs, double bceWeight, double diceWeight,
                             double gradientClip, double threshold, int folds, List<Integer> selectedFolds,
                             long seed, String augmentation, boolean flipLeftRight, int workers,
                             boolean dropLastBatch) {

    public static final List<String> ALL_CLASSES = List.of(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG, ModelCard.INFECTION);
    public static final List<String> AUGMENTATIONS = List.of("Soft", "None");

    public TrainingConfig {
        classes = List.copyOf(classes);
        selectedFolds = List.copyOf(selectedFolds);
        new UNetSpec(levels, baseWidth, classes.size()); // refuses a U-Net shape before any data loads
        if (!classes.containsAll(List.of(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG)) || !ALL_CLASSES.containsAll(classes)) {
            throw new IllegalArgumentException("classes must include left_lung and right_lung, from " + ALL_CLASSES
                    + ", got " + classes);
        }
        if (!AUGMENTATIONS.contains(augmentation)) {
            throw new IllegalArgumentException("augmentation must be one of " + AUGMENTATIONS + ", got " + augmentation);
        }
        int multiple = 1 << (levels - 1);
        for (int a = 0; a < 3; a++) {
            if (grid.dim(a) % multiple != 0) {
                throw new IllegalArgumentException("a " + levels + "-level U-Net needs grid sides divisible by "
                        + multiple + ", got " + grid);
            }
        }
        if (batchSize < 1 || epochs < 1 || folds < 2 || workers < 1) {
            throw new IllegalArgumentException("batch size, epochs and workers must be at least 1 and folds at least 2");
        }
        for (int f : selectedFolds) {
            if (f < 0 || f >= folds) {
                throw new IllegalArgumentException("fold " + f + " does not exist with " + folds + " folds");
            }
        }
    }

    /** The seed experiment's settings (Hydrogen Torch use case 69) with lungseg's base width 8. */
    public static TrainingConfig defaults() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.levels = levels;
        b.baseWidth = baseWidth;
        b.grid = grid;
        b.crop = crop;
        b.classes = classes;
        b.batchSize = batchSize;
        b.epochs = epochs;
        b.learningRate = learningRate;
        b.weightDecay = weightDecay;
        b.schedule = schedule;
        b.warmupEpochs = warmupEpochs;
        b.bceWeight = bceWeight;
        b.diceWeight = diceWeight;
        b.gradientClip = gradientClip;
        b.threshold = threshold;
        b.folds = folds;
        b.selectedFolds = selectedFolds;
        b.seed = seed;
        b.augmentation = augmentation;
        b.flipLeftRight = flipLeftRight;
        b.workers = workers;
        b.dropLastBatch = dropLastBatch;
        return b;
    }

    /** Settings being gathered from a YAML file and flags; starts at the seed experiment's values. */
    public static final class Builder {
        public int levels = 5;
        public int baseWidth = 8;
        public GridSize grid = new GridSize(128, 128, 128);
        public Crop crop = Crop.NONE;
        public List<String> classes = ALL_CLASSES;
        public int batchSize = 4;
        public int epochs = 10;
        public double learningRate = 1e-3;
        public double weightDecay = 0;
        public String schedule = "Cosine";
        public double warmupEpochs = 0;
        public double bceWeight = 1;
        public double diceWeight = 1;
        public double gradientClip = 0;
        public double threshold = 0.5;
        public int folds = 5;
        public List<Integer> selectedFolds = List.of(0);
        public long seed = 42;
        public String augmentation = "Soft";
        public boolean flipLeftRight;
        public int workers = 1;
        public boolean dropLastBatch = true;

        public TrainingConfig build() {
            return new TrainingConfig(levels, baseWidth, grid, crop, classes, batchSize, epochs, learningRate,
                    weightDecay, schedule, warmupEpochs, bceWeight, diceWeight, gradientClip, threshold, folds,
                    selectedFolds, seed, augmentation, flipLeftRight, workers, dropLastBatch);
        }
    }
}
