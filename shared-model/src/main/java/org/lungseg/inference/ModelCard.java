package org.lungseg.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an ONNX model says about itself in its {@code metadata_props}, parsed and checked: the
 * channel classes, the network grid, the intensity window, the orientation, the probability
 * threshold, the optional crop, and the audit trail (training data, folds, epochs, metrics, config,
 * code version, date). The trainer's exporter writes {@link #toMetadata()}; inference refuses a
 * model whose card is missing or malformed, because guessing any of these silently gives wrong
 * masks. Keys and formats are documented in {@code docs/inference.md}.
 *
 * @param classes    channel names in channel order, from {@link #LEFT_LUNG}, {@link #RIGHT_LUNG},
 *                   {@link #INFECTION}; both lungs are required
 * @param grid       the network grid, RAS x (tensor W) by y (H) by z (D)
 * @param windowLow  HU mapped to 0
 * @param windowHigh HU mapped to 1
 * @param threshold  probability above which a voxel belongs to a class
 * @param crop       what the scan is cropped to before resizing to the grid
 * @param properties every metadata entry, including the audit trail, sorted by key
 */
public record ModelCard(List<String> classes, GridSize grid, double windowLow, double windowHigh,
                        double threshold, Crop crop, Map<String, String> properties) {

    public static final String CLASSES = "classes";
    public static final String GRID = "grid";
    public static final String INTENSITY_WINDOW = "intensity_window";
    public static final String ORIENTATION = "orientation";
    public static final String THRESHOLD = "threshold";
    public static final String CROP = "crop";
    public static final String NAME = "name";
    public static final String VERSION = "version";
    public static final String CREATED = "created";
    public static final String TRAINING_DATA = "training_data";
    /** For a fine-tuned model: the run whose weights it started from, and that run's own start. */
    public static final String STARTED_FROM = "started_from";
    public static final String FOLDS = "folds";
    public static final String EPOCHS = "epochs";
    public static final String VALIDATION_METRICS = "validation_metrics";
    public static final String CONFIG = "config";
    public static final String CODE_VERSION = "code_version";

    public static final String LEFT_LUNG = "left_lung";
    public static final String RIGHT_LUNG = "right_lung";
    public static final String INFECTION = "infection";
    /** The only orientation lungseg's network space uses (DESIGN.md). */
    public static final String RAS = "RAS";

    private static final List<String> KNOWN_CLASSES = List.of(LEFT_LUNG, RIGHT_LUNG, INFECTION);
    private static final int MAX_GRID_SIDE = 1024;

    /** Network grid size: x (tensor W, fastest), y (H), z (D). */
    public record GridSize(int x, int y, int z) {

        public GridSize {
            if (x <= 0 || y <= 0 || z <= 0 || x > MAX_GRID_SIDE || y > MAX_GRID_SIDE || z > MAX_GRID_SIDE) {
                throw new IllegalArgumentException("grid sides must be 1.." + MAX_GRID_SIDE + ", got " + x + "x" + y + "x" + z);
            }
        }

        public int dim(int axis) {
            return axis == 0 ? x : axis == 1 ? y : z;
        }

        public int voxelCount() {
            return x * y * z;
        }

        @Override
        public String toString() {
            return x + "x" + y + "x" + z;
        }
    }

    /** What the scan is cropped to, in RAS, before it is resized to the network grid. */
    public enum Crop {
        /** The whole scan is resized (Hydrogen Torch's pipeline). */
        NONE,
        /** The bounding box of the body (voxels above -500 HU) is resized. */
        BODY;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ModelCard {
        classes = List.copyOf(classes);
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /**
     * A card for a new model (the exporter's side); {@code audit} holds the audit entries such as
     * {@link #TRAINING_DATA} or {@link #VALIDATION_METRICS}.
     */
    public static ModelCard of(List<String> classes, GridSize grid, double windowLow, double windowHigh,
                               double threshold, Crop crop, Map<String, String> audit) {
        Map<String, String> props = new LinkedHashMap<>(audit);
        props.put(CLASSES, String.join(",", classes));
        props.put(GRID, grid.toString());
        props.put(INTENSITY_WINDOW, number(windowLow) + "," + number(windowHigh));
        props.put(ORIENTATION, RAS);
        props.put(THRESHOLD, number(threshold));
        props.put(CROP, crop.key());
        return parse(props, "new model card");
    }

    /** The lungseg default: both lungs and infection on 128^3, window [-1250, 250], threshold 0.5. */
    public static ModelCard standard(GridSize grid, Crop crop, Map<String, String> audit) {
        return of(KNOWN_CLASSES, grid, -1250, 250, 0.5, crop, audit);
    }

    /** Parses and checks a model's {@code metadata_props}; {@code source} names the model in messages. */
    public static ModelCard parse(Map<String, String> metadata, String source) {
        List<String> missing = new ArrayList<>();
        for (String key : List.of(CLASSES, GRID, INTENSITY_WINDOW, ORIENTATION, THRESHOLD)) {
            if (metadata.get(key) == null || metadata.get(key).isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidModelException(source + " lacks the lungseg model card: metadata_props "
                    + (missing.size() == 5 ? "are missing" : "miss " + String.join(", ", missing))
                    + ". A lungseg model carries " + CLASSES + ", " + GRID + ", " + INTENSITY_WINDOW + ", "
                    + ORIENTATION + " and " + THRESHOLD + " (see docs/inference.md); export it with"
                    + " `lungseg export` rather than guessing how it was trained.");
        }
        List<String> classes = parseClasses(metadata.get(CLASSES), source);
        GridSize grid = parseGrid(metadata.get(GRID), source);
        double[] window = parseWindow(metadata.get(INTENSITY_WINDOW), source);
        String orientation = metadata.get(ORIENTATION).trim();
        if (!RAS.equalsIgnoreCase(orientation)) {
            throw new InvalidModelException(source + ": orientation '" + orientation
                    + "' is not supported; lungseg models work in RAS");
        }
        double threshold = parseNumber(metadata.get(THRESHOLD), THRESHOLD, source);
        if (!(threshold > 0 && threshold < 1)) {
            throw new InvalidModelException(source + ": threshold " + threshold + " is not a probability in (0, 1)");
        }
        Crop crop = parseCrop(metadata.getOrDefault(CROP, Crop.NONE.key()), source);
        return new ModelCard(classes, grid, window[0], window[1], threshold, crop, metadata);
    }

    /** The metadata_props that describe this card, for the exporter to write. */
    public Map<String, String> toMetadata() {
        return properties;
    }

    /** Channel of a class name, or -1 if the model does not predict it. */
    public int channel(String className) {
        return classes.indexOf(className);
    }

    public int channelCount() {
        return classes.size();
    }

    public boolean predictsInfection() {
        return channel(INFECTION) >= 0;
    }

    /** A property of the audit trail, or "" when absent. */
    public String property(String key) {
        return properties.getOrDefault(key, "");
    }

    private static List<String> parseClasses(String text, String source) {
        List<String> classes = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN_CLASSES.contains(name)) {
                throw new InvalidModelException(source + ": unknown class '" + part.trim() + "' in " + CLASSES
                        + "; lungseg knows " + KNOWN_CLASSES);
            }
            if (classes.contains(name)) {
                throw new InvalidModelException(source + ": class '" + name + "' appears twice in " + CLASSES);
            }
            classes.add(name);
        }
        if (!classes.contains(LEFT_LUNG) || !classes.contains(RIGHT_LUNG)) {
            throw new InvalidModelException(source + ": " + CLASSES + " '" + text + "' must name both "
                    + LEFT_LUNG + " and " + RIGHT_LUNG);
        }
        return classes;
    }

    private static GridSize parseGrid(String text, String source) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 3) {
                return new GridSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(source + ": " + GRID + " '" + text + "' is not a grid such as 128x128x128 ("
                    + e.getMessage() + ")");
        }
        throw new InvalidModelException(source + ": " + GRID + " '" + text + "' is not a grid such as 128x128x128");
    }

    private static double[] parseWindow(String text, String source) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new InvalidModelException(source + ": " + INTENSITY_WINDOW + " '" + text
                    + "' is not a pair of HU such as -1250,250");
        }
        double low = parseNumber(parts[0], INTENSITY_WINDOW, source);
        double high = parseNumber(parts[1], INTENSITY_WINDOW, source);
        if (!(low < high)) {
            throw new InvalidModelException(source + ": " + INTENSITY_WINDOW + " '" + text + "' is empty or reversed");
        }
        return new double[] {low, high};
    }

    private static Crop parseCrop(String text, String source) {
        for (Crop c : Crop.values()) {
            if (c.key().equalsIgnoreCase(text.trim())) {
                return c;
            }
        }
        throw new InvalidModelException(source + ": " + CROP + " '" + text + "' is not one of none, body");
    }

    private static double parseNumber(String text, String key, String source) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidModelException(source + ": " + key + " holds '" + text + "', not a number");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
