package org.lungseg.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.volume.InvalidScanException;

/**
 * Reads an H2O Hydrogen Torch experiment YAML (3D image semantic segmentation) as lungseg's
 * training configuration. Keys lungseg honours set the config; keys it cannot honour, such as a
 * pretrained timm encoder, give one warning each saying what lungseg does instead. The file is
 * read as written: nothing in it has to be edited first.
 */
public final class HydrogenTorchConfig {

    private final JsonNode root;
    private final TrainingConfig.Builder builder;
    private final List<String> warnings = new ArrayList<>();
    private final String source;

    private HydrogenTorchConfig(JsonNode root, String source, TrainingConfig.Builder builder) {
        this.root = root;
        this.source = source;
        this.builder = builder;
    }

    /** The settings of {@code yaml} on top of lungseg's defaults, and the warnings for keys not honoured. */
    public static Result read(Path yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        } catch (IOException e) {
            throw new InvalidScanException(yaml + ": not a readable YAML file (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidScanException(yaml + ": not a Hydrogen Torch experiment (no top-level mapping)");
        }
        HydrogenTorchConfig c = new HydrogenTorchConfig(root, yaml.getFileName().toString(), new TrainingConfig.Builder());
        c.map();
        return new Result(c.builder, List.copyOf(c.warnings), root.path("experiment_name").asText(""));
    }

    /** What a YAML file gave: a builder to apply flags to, and warnings to show once each. */
    public record Result(TrainingConfig.Builder builder, List<String> warnings, String experimentName) {
    }

    private void map() {
        HydrogenTorchKeys.unknown(root).forEach(this::warn);
        JsonNode arch = root.path("architecture");
        if (!arch.path("decoder").asText("Unet").equalsIgnoreCase("Unet")) {
            warn("architecture.decoder " + arch.path("decoder").asText() + ": lungseg trains a U-Net decoder");
        }
        if (arch.has("encoder")) {
            warn("architecture.encoder " + arch.path("encoder").asText() + (arch.path("pretrained").asBoolean() ? " (pretrained)" : "")
                    + ": lungseg's 3D U-Net has its own convolutional encoder (instance norm, ReLU) trained from scratch,"
                    + " since timm's 2D weights are neither 3D nor available offline; --base-width sets its width");
        }
        intValue(arch, "number_of_blocks", v -> builder.levels = v);
        nonZero(arch, "drop_rate", "dropout is not used");
        nonZero(arch, "drop_path_rate", "stochastic depth is not used");

        JsonNode aug = root.path("augmentation");
        if (aug.has("augmentations_strategy")) {
            String strategy = aug.path("augmentations_strategy").asText();
            if (strategy.equalsIgnoreCase("Soft") || strategy.equalsIgnoreCase("None")) {
                builder.augmentation = strategy.substring(0, 1).toUpperCase(Locale.ROOT) + strategy.substring(1).toLowerCase(Locale.ROOT);
            } else {
                warn("augmentation.augmentations_strategy " + strategy + ": lungseg offers Soft and None; using Soft");
            }
        }
        if (!aug.path("mix_image").asText("Disabled").equalsIgnoreCase("Disabled")) {
            warn("augmentation.mix_image " + aug.path("mix_image").asText() + ": image mixing is not implemented; off");
        }
        // custom_*_augmentations in the seed only resize to the image size, which preprocessing always does.

        JsonNode dataset = root.path("dataset");
        if (dataset.has("validation_strategy") && !dataset.path("validation_strategy").asText().equalsIgnoreCase("kfold")) {
            warn("dataset.validation_strategy " + dataset.path("validation_strategy").asText()
                    + ": lungseg validates by k-fold grouped by case");
        }
        if (dataset.has("validation_size")) {
            double size = dataset.path("validation_size").asDouble();
            if (!(size > 0 && size < 1)) {
                throw new InvalidScanException(source + ": dataset.validation_size must lie between 0 and 1, got " + size);
            }
            builder.folds = Math.max(2, (int) Math.round(1 / size));
        }
        if (dataset.has("selected_folds")) {
            List<Integer> folds = new ArrayList<>();
            for (JsonNode f : dataset.path("selected_folds")) {
                folds.add(Integer.parseInt(f.asText().trim()));
            }
            builder.selectedFolds = folds;
        }
        nonOne(dataset, "data_sample", "every case is used");
        // lungseg's H2O reader reads H2O's own column names and groups folds by case.
        for (String[] column : new String[][] {{"image_column", "image"}, {"rle_mask_column", "rle_mask"},
                {"class_name_column", "class_id"}, {"group_fold_column", "image"}}) {
            if (dataset.has(column[0]) && !dataset.path(column[0]).asText().equals(column[1])) {
                warn("dataset." + column[0] + " " + dataset.path(column[0]).asText() + ": lungseg reads the column "
                        + column[1] + (column[0].equals("group_fold_column") ? " and groups folds by case" : ""));
            }
        }

        JsonNode env = root.path("environment");
        if (env.path("mixed_precision_training").asBoolean(false)) {
            warn("environment.mixed_precision_training: DJL offers no automatic mixed precision; lungseg trains in float32");
        }
        intValue(env, "number_of_workers", v -> builder.workers = Math.max(1, v));
        if (env.path("gpus").size() > 1) {
            warn("environment.gpus " + env.path("gpus") + ": lungseg trains on one device (--device); run folds in"
                    + " parallel as separate jobs (infra's fold Job)");
        }
        if (env.path("mixed_precision_inference").asBoolean(false)) {
            warn("environment.mixed_precision_inference: lungseg's exported model computes in float32");
        }
        nonOne(env, "number_of_seeds_per_run", "lungseg trains one seed per run; start another run with --seed");
        if (env.has("seed") && env.path("seed").asLong() >= 0) {
            builder.seed = env.path("seed").asLong();
        } else if (env.has("seed")) {
            warn("environment.seed -1 (random): lungseg keeps runs reproducible and uses seed " + builder.seed
                    + "; --seed chooses another");
        }

        JsonNode image = root.path("image");
        if (image.has("image_width") || image.has("image_height") || image.has("image_depth")) {
            builder.grid = new GridSize(image.path("image_width").asInt(builder.grid.x()),
                    image.path("image_height").asInt(builder.grid.y()), image.path("image_depth").asInt(builder.grid.z()));
        }
        if (image.path("image_channels").asInt(1) != 1) {
            throw new InvalidScanException(source + ": image.image_channels must be 1 for CT, got "
                    + image.path("image_channels").asInt());
        }
        if (!image.path("image_normalization").asText("Simple").equalsIgnoreCase("Simple")) {
            warn("image.image_normalization " + image.path("image_normalization").asText()
                    + ": lungseg maps the CT window [-1250, 250] HU to [0, 1]");
        }

        JsonNode logging = root.path("logging");
        if (!logging.path("logger").asText("None").equalsIgnoreCase("None")) {
            warn("logging.logger " + logging.path("logger").asText() + ": lungseg logs to training.jsonl and"
                    + " training.png in the run folder, to no external service");
        }
        if (logging.path("log_grad_norm").asBoolean(false)) {
            warn("logging.log_grad_norm: gradient norms are not logged (non-finite steps are counted in the epoch line)");
        }

        JsonNode prediction = root.path("prediction");
        if (!prediction.path("metric").asText("IoU").equalsIgnoreCase("IoU")) {
            warn("prediction.metric " + prediction.path("metric").asText() + ": lungseg reports IoU and Dice per class"
                    + " and picks the best fold by mean IoU");
        }
        if (prediction.has("probability_threshold")) {
            builder.threshold = prediction.path("probability_threshold").asDouble();
        }
        if (prediction.path("test_time_augmentations").size() > 0) {
            warn("prediction.test_time_augmentations: not applied");
        }

        JsonNode training = root.path("training");
        intValue(training, "batch_size", v -> builder.batchSize = v);
        intValue(training, "epochs", v -> builder.epochs = v);
        doubleValue(training, "learning_rate", v -> builder.learningRate = v);
        doubleValue(training, "weight_decay", v -> builder.weightDecay = v);
        doubleValue(training, "bce_weight", v -> builder.bceWeight = v);
        doubleValue(training, "dice_weight", v -> builder.diceWeight = v);
        doubleValue(training, "gradient_clip", v -> builder.gradientClip = v);
        doubleValue(training, "warmup_epochs", v -> builder.warmupEpochs = v);
        if (training.has("drop_last_batch")) {
            builder.dropLastBatch = training.path("drop_last_batch").asBoolean();
        }
        if (training.has("schedule")) {
            String schedule = training.path("schedule").asText();
            if (schedule.equalsIgnoreCase("Cosine") || schedule.equalsIgnoreCase("Constant")) {
                builder.schedule = schedule;
            } else {
                warn("training.schedule " + schedule + ": lungseg offers Cosine and Constant; using Cosine");
            }
        }
        if (training.has("loss_function") && !training.path("loss_function").asText().equalsIgnoreCase("BCEDice")) {
            warn("training.loss_function " + training.path("loss_function").asText()
                    + ": lungseg trains with BCEDice (bce_weight, dice_weight)");
        }
        String lossFunction = training.path("loss_function").asText("BCEDice");
        for (String term : new String[] {"focal", "lovasz"}) {
            // Hydrogen Torch applies a term's weight only when loss_function names that term.
            String key = term + "_weight";
            if (lossFunction.toLowerCase(Locale.ROOT).contains(term) && training.path(key).asDouble(0) != 0) {
                warn("training." + key + " " + training.path(key).asDouble() + ": lungseg has no " + term
                        + " loss term; its loss is bce_weight x BCE + dice_weight x Dice");
            }
        }
        if (!training.path("build_scoring_pipelines").asBoolean(true)) {
            warn("training.build_scoring_pipelines false: lungseg always exports its scoring pipeline, model.onnx"
                    + " with its model card");
        }
        if (training.has("optimizer") && !training.path("optimizer").asText().equalsIgnoreCase("AdamW")) {
            warn("training.optimizer " + training.path("optimizer").asText() + ": lungseg uses AdamW");
        }
        if (training.path("grad_accumulation").asInt(1) != 1) {
            warn("training.grad_accumulation: not implemented; every batch is one step");
        }
        if (training.path("differential_learning_rate_layers").size() > 0) {
            warn("training.differential_learning_rate_layers: one learning rate for all layers");
        }
        if (training.path("evaluation_epochs").asDouble(1) != 1) {
            warn("training.evaluation_epochs " + training.path("evaluation_epochs").asText()
                    + ": lungseg validates after every epoch");
        }
        flag(training, "save_best_checkpoint", "lungseg exports each fold's last epoch (the history shows every epoch)");
        flag(training, "calculate_train_metric", "lungseg logs the training loss, and IoU and Dice on validation only");
        flag(training, "evaluate_before_training", "the first validation is after epoch 1");
        flag(training, "train_validation_data", "the validation fold is never trained on");
        if (training.path("automatically_adjust_batch_size").asBoolean(false)) {
            warn("training.automatically_adjust_batch_size: the batch size is used as given");
        }
    }

    private void warn(String message) {
        warnings.add(source + ": " + message);
    }

    private static void intValue(JsonNode node, String key, java.util.function.IntConsumer target) {
        if (node.has(key)) {
            target.accept(node.path(key).asInt());
        }
    }

    private static void doubleValue(JsonNode node, String key, Consumer<Double> target) {
        if (node.has(key)) {
            target.accept(node.path(key).asDouble());
        }
    }

    /** One warning when a boolean key asks for something lungseg does not do. */
    private void flag(JsonNode node, String key, String consequence) {
        if (node.path(key).asBoolean(false)) {
            warn("training." + key + " true: " + consequence);
        }
    }

    private void nonZero(JsonNode node, String key, String consequence) {
        if (node.path(key).asDouble(0) != 0) {
            warn(key + " " + node.path(key).asDouble() + ": " + consequence);
        }
    }

    private void nonOne(JsonNode node, String key, String consequence) {
        if (node.has(key) && node.path(key).asDouble(1) != 1) {
            warn(key + " " + node.path(key).asDouble() + ": " + consequence);
        }
    }
}
