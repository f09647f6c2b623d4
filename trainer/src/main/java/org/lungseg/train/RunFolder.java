package org.lungseg.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lungseg.volume.InvalidScanException;

/**
 * A run's {@code --out} folder and the two files that say how its checkpoints were made,
 * {@value #CONFIG} and {@value #DATA}. A fresh run may only start in an empty folder and a resumed
 * one only with the configuration it started with, so those files always describe the
 * checkpoints beside them and {@code lungseg export} can rebuild the network from them.
 */
public final class RunFolder {

    public static final String CONFIG = "config.json";
    public static final String DATA = "data.txt";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Refuses to start a fresh run over an earlier one: its log would be appended to, its checkpoints replaced. */
    public void requireEmpty() {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidScanException("--out " + dir + " is a file, not a folder");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new InvalidScanException(dir + " already holds a run: --resume it, or choose another --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses to resume with a configuration other than the recorded one, naming the settings that
     * differ; a folder with no {@value #CONFIG} yet (a run stopped before it began) resumes anything.
     */
    public void requireSameConfig(TrainingConfig config) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            return;
        }
        JsonNode recorded = readTree();
        JsonNode given = tree(config);
        List<String> differences = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode was = recorded.path(e.getKey());
            if (!was.equals(e.getValue())) {
                differences.add(e.getKey() + " " + (was.isMissingNode() ? "unset" : was) + " there, " + e.getValue() + " here");
            }
        }
        if (!differences.isEmpty()) {
            throw new InvalidScanException("--resume: " + dir + " was started with another configuration ("
                    + String.join("; ", differences) + "); resume with the same config and flags, or choose another --out");
        }
    }

    /** Writes {@value #CONFIG} and {@value #DATA}; call only once the run has been accepted. */
    public void record(TrainingConfig config, String dataSummary) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(CONFIG).toFile(), config);
            Files.writeString(dir.resolve(DATA), dataSummary + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /** The recorded configuration; a folder without one is not a run. */
    public TrainingConfig config() {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new InvalidScanException(dir + " is not a lungseg train run (no " + CONFIG + ")");
        }
        try {
            return JSON.treeToValue(readTree(), TrainingConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidScanException(dir.resolve(CONFIG) + " is not a lungseg training configuration: " + e.getMessage(), e);
        }
    }

    /** The recorded one-line summary of the data, or a pointer to the folder when there is none. */
    public String data() {
        Path file = dir.resolve(DATA);
        try {
            return Files.isRegularFile(file) ? Files.readString(file).trim() : "see the run folder";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The config as {@value #CONFIG} would hold it once read back, so numbers compare as read. */
    private static JsonNode tree(TrainingConfig config) {
        try {
            return JSON.readTree(JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readTree() {
        try {
            return JSON.readTree(dir.resolve(CONFIG).toFile());
        } catch (IOException e) {
            throw new InvalidScanException(dir.resolve(CONFIG) + " is not readable JSON: " + e.getMessage(), e);
        }
    }
}
