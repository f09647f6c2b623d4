package org.lungseg.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a fine-tuned run's weights came from ({@code lungseg train --init-from}): the other run's
 * fold, how far it had trained, its network and data, and that run's own starting point, so that
 * a model card traces its lineage back to random weights. Kept in the run folder as
 * {@value #FILE}; the exporter copies it into the model card.
 */
public final class StartingPoint {

    public static final String FILE = "started-from.txt";

    private StartingPoint() {
    }

    /**
     * Describes fold folder {@code foldDir} of another run, one line per ancestor (that fold first,
     * then where its run started, and so on), each as the fold, its epochs and network, a tab and
     * its data. Refuses a folder without a checkpoint.
     */
    public static String describe(Path foldDir) {
        Checkpoint checkpoint = new Checkpoint(foldDir.resolve("checkpoint"));
        if (!checkpoint.exists()) {
            throw new IllegalArgumentException("--init-from " + foldDir + ": no checkpoint there (give a run's fold-N folder)");
        }
        Checkpoint.State state = checkpoint.state();
        StringBuilder b = new StringBuilder(foldDir.toString());
        b.append(String.format(Locale.ROOT, " after %d epoch(s)", state.history().size()));
        if (state.batchInEpoch() > 0) {
            b.append(String.format(Locale.ROOT, " and %d step(s)", state.batchInEpoch()));
        }
        Path run = foldDir.toAbsolutePath().normalize().getParent();
        config(run).ifPresent(c -> b.append(String.format(Locale.ROOT, " (grid %s, %d levels, base width %d, lr %s, crop %s)",
                c.grid(), c.levels(), c.baseWidth(), c.learningRate(), c.crop().name().toLowerCase(Locale.ROOT))));
        b.append('\t').append(read(run, RunFolder.DATA).orElse("data not recorded"));
        read(run, FILE).ifPresent(earlier -> b.append('\n').append(earlier));
        return b.toString();
    }

    /**
     * The starting point recorded in run folder {@code runDir}, if the run was fine-tuned, as one
     * sentence: each ancestor with its data, "the same data" where it repeats the previous one's.
     */
    public static Optional<String> of(Path runDir) {
        return read(runDir, FILE).map(text -> {
            StringBuilder b = new StringBuilder();
            String previousData = null;
            for (String line : text.split("\n")) {
                String[] fields = line.split("\t", 2);
                String data = fields.length > 1 ? fields[1] : "data not recorded";
                b.append(b.length() == 0 ? "" : "; which started from ").append(fields[0]).append(" on ")
                        .append(data.equals(previousData) ? "the same data" : data);
                previousData = data;
            }
            return b.toString();
        });
    }

    /** Records where run folder {@code runDir} starts from. */
    static void record(Path runDir, String description) {
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve(FILE), description + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<TrainingConfig> config(Path runDir) {
        Path file = runDir.resolve(RunFolder.CONFIG);
        try {
            return Files.isRegularFile(file) ? Optional.of(new ObjectMapper().readValue(file.toFile(), TrainingConfig.class))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // the lineage line then names the fold and its epochs only
        }
    }

    private static Optional<String> read(Path runDir, String name) {
        Path file = runDir.resolve(name);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
