package org.lungseg.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.lungseg.train.net.UNet3d;

/**
 * A fold's training state on disk: network weights, optimizer moments and where in the run it
 * stopped, written atomically (to a temporary folder, then renamed) so a run killed mid-write
 * still resumes from the previous checkpoint.
 */
final class Checkpoint {

    /** Where training stood, with everything needed to continue the epoch it was in. */
    record State(int epoch, int batchInEpoch, double trainLossSum, int trainSteps, long waitNanos,
                 long stepNanos, List<EpochRecord> history, String configFingerprint, List<String> validationCases) {

        static State fresh(String fingerprint, List<String> validationCases) {
            return new State(0, 0, 0, 0, 0, 0, List.of(), fingerprint, validationCases);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    Checkpoint(Path dir) {
        this.dir = dir;
    }

    boolean exists() {
        return Files.isRegularFile(dir.resolve("state.json"));
    }

    void save(UNet3d net, AdamW optimizer, State state) {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve("model.params"))))) {
                net.saveParameters(out);
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve("optimizer.bin"))))) {
                optimizer.save(out);
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve("state.json").toFile(), state);
            Path old = dir.resolveSibling(dir.getFileName() + ".old");
            deleteTree(old);
            if (Files.exists(dir)) {
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The saved state alone. */
    State state() {
        try {
            return JSON.readValue(dir.resolve("state.json").toFile(), State.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The saved state and weights, without the optimizer: enough to export the network again. */
    State loadWeights(UNet3d net, NDManager manager) {
        try {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("model.params"))))) {
                net.loadParameters(manager, in);
            }
            return state();
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    State load(UNet3d net, AdamW optimizer, NDManager manager, String fingerprint) {
        try {
            State state = JSON.readValue(dir.resolve("state.json").toFile(), State.class);
            if (!state.configFingerprint().equals(fingerprint)) {
                throw new IllegalStateException("the checkpoint in " + dir + " was made with another configuration"
                        + " or data; resume with the same flags and data, or start a new --out folder");
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("model.params"))))) {
                net.loadParameters(manager, in);
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve("optimizer.bin"))))) {
                optimizer.load(in, manager);
            }
            return new State(state.epoch(), state.batchInEpoch(), state.trainLossSum(), state.trainSteps(),
                    state.waitNanos(), state.stepNanos(), new ArrayList<>(state.history()), fingerprint,
                    state.validationCases());
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
