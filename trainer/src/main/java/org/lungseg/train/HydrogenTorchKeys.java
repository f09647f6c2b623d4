package org.lungseg.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of a Hydrogen Torch 3D semantic segmentation experiment, section by section, as its
 * exported YAML (the seed's) has them. A key outside them, most often a misspelt one, would
 * otherwise be dropped without a word; {@link #unknown} names each one and the known key it
 * probably meant.
 */
final class HydrogenTorchKeys {

    /** Top-level scalars; every other top-level key is a section. */
    private static final Set<String> TOP_LEVEL = Set.of("experiment_name");

    private static final Map<String, Set<String>> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("architecture", Set.of("decoder", "drop_path_rate", "drop_rate", "encoder", "number_of_blocks",
                "pretrained"));
        SECTIONS.put("augmentation", Set.of("augmentations_strategy", "custom_inference_augmentations",
                "custom_train_augmentations", "mix_concentration", "mix_image", "mix_iterations", "mix_probability",
                "mix_target"));
        SECTIONS.put("dataset", Set.of("class_name_column", "data_folder", "data_folder_test", "data_sample",
                "data_sample_choice", "group_fold_column", "image_column", "rle_mask_column", "selected_folds",
                "test_dataframe", "train_dataframe", "validation_dataframe", "validation_size", "validation_strategy"));
        SECTIONS.put("environment", Set.of("gpus", "mixed_precision_inference", "mixed_precision_training",
                "number_of_seeds_per_run", "number_of_workers", "seed"));
        SECTIONS.put("image", Set.of("image_channels", "image_depth", "image_height", "image_normalization",
                "image_width"));
        SECTIONS.put("logging", Set.of("log_grad_norm", "logger", "neptune_project"));
        SECTIONS.put("prediction", Set.of("metric", "probability_threshold", "test_time_augmentations"));
        SECTIONS.put("training", Set.of("automatically_adjust_batch_size", "batch_size", "bce_weight",
                "build_scoring_pipelines", "calculate_train_metric", "dice_weight", "differential_learning_rate",
                "differential_learning_rate_layers", "drop_last_batch", "epochs", "evaluate_before_training",
                "evaluation_epochs", "focal_weight", "grad_accumulation", "gradient_clip", "learning_rate",
                "loss_function", "lovasz_weight", "optimizer", "save_best_checkpoint", "schedule",
                "train_validation_data", "warmup_epochs", "weight_decay"));
    }

    private HydrogenTorchKeys() {
    }

    /** One message per key of {@code root} that no Hydrogen Torch experiment has, e.g. {@code training.epoch}. */
    static List<String> unknown(JsonNode root) {
        List<String> messages = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (TOP_LEVEL.contains(section)) {
                continue;
            }
            Set<String> known = SECTIONS.get(section);
            if (known == null) {
                messages.add(section + " (not a Hydrogen Torch section" + suggestion(section, SECTIONS.keySet()) + "): ignored");
                continue;
            }
            for (Iterator<String> keys = root.path(section).fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!known.contains(key)) {
                    messages.add(section + "." + key + " (not a Hydrogen Torch key" + suggestion(key, known) + "): ignored");
                }
            }
        }
        return messages;
    }

    /** "; did you mean K?" for the known key within two edits of {@code key}, else nothing. */
    private static String suggestion(String key, Set<String> known) {
        return known.stream().sorted().filter(k -> editDistance(key, k) <= 2)
                .min(java.util.Comparator.comparingInt(k -> editDistance(key, k)))
                .map(k -> "; did you mean " + k + "?").orElse("");
    }

    /** Levenshtein distance. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
