package org.lungseg.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.train.EpochRecord;

/**
 * infra/training/pick-best-fold on run folders laid out as the training Job leaves them, with
 * model cards holding the trainer's own {@link EpochRecord} history (serialised as the trainer's
 * export does), so a renamed field in the trainer breaks this test.
 */
class PickBestFoldTest {

    private static final Path SCRIPT = Repo.infra("training", "pick-best-fold");

    @TempDir
    Path run;

    @BeforeAll
    static void needsJq() {
        Assumptions.assumeTrue(Programs.installed("jq"), "jq is not installed: pick-best-fold needs it (the trainer image has it)");
    }

    @Test
    void picksTheFoldWithTheHighestLastEpochMeanIouAndPublishesItsModel() throws Exception {
        // Fold 1 peaked earlier at 0.95 but ended lower: the last epoch counts, as in lungseg train.
        fold(0, 0.70, 0.81);
        fold(1, 0.95, 0.78);
        fold(2, 0.60, 0.86);
        Result r = pick("--folds", "3", run.toString());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("picked fold 2");
        Path model = run.resolve("model");
        assertThat(Files.readAllBytes(model.resolve("model.onnx"))).isEqualTo(modelBytes(2));
        assertThat(model.resolve("model-card.json")).hasSameTextualContentAs(foldDir(2).resolve("model-card.json"));
        JsonNode pick = new ObjectMapper().readTree(model.resolve("pick.json").toFile());
        assertThat(pick.path("fold").asInt()).isEqualTo(2);
        assertThat(pick.path("meanIou").asDouble()).isEqualTo(0.86);
        assertThat(pick.path("folds")).hasSize(3);
        assertThat(pick.path("folds").get(1).path("meanIou").asDouble()).isEqualTo(0.78);
        assertThat(pick.path("sha256").asText()).hasSize(64);
    }

    @Test
    void aTieGoesToTheLowestFold() throws Exception {
        fold(0, 0.8);
        fold(1, 0.9);
        fold(2, 0.9);
        Result r = pick(run.toString());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(Files.readAllBytes(run.resolve("model/model.onnx"))).isEqualTo(modelBytes(1));
    }

    @Test
    void aMissingFoldFailsWhenTheRunExpectsIt() throws Exception {
        fold(0, 0.8);
        fold(2, 0.9);
        Result r = pick("--folds", "3", run.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.message()).contains("expected folds 0..2, found [0,2]");
        assertThat(run.resolve("model")).doesNotExist();
    }

    @Test
    void aFoldWithoutAFiniteScoreFailsThePickAndNamesTheFold() throws Exception {
        fold(0, 0.8);
        fold(1, Double.NaN);
        Result r = pick(run.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.message()).contains("folds/1/fold-1").contains("no finite validation mean IoU");
        assertThat(run.resolve("model")).doesNotExist();
    }

    @Test
    void aCardWithoutItsModelFails() throws Exception {
        fold(0, 0.8);
        Files.delete(foldDir(0).resolve("model.onnx"));
        Result r = pick(run.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.message()).contains("no model.onnx");
    }

    @Test
    void anUnreadableModelCardIsNamedInOneLine() throws Exception {
        fold(0, 0.8);
        fold(1, 0.9);
        Files.writeString(foldDir(1).resolve("model-card.json"), "{\"history\": [");
        Result r = pick(run.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.message()).contains("folds/1/fold-1/model-card.json").contains("not JSON");
        assertThat(run.resolve("model")).doesNotExist();
    }

    @Test
    void anEmptyRunOrBadUsageIsRefused() throws Exception {
        Files.createDirectories(run.resolve("folds"));
        Result empty = pick(run.toString());
        assertThat(empty.exit).isEqualTo(1);
        assertThat(empty.message()).contains("no fold under");
        assertThat(pick().exit).isEqualTo(2);
        assertThat(pick("--folds", "x", run.toString()).message()).contains("--folds takes a number");
    }

    /** A finished fold as `lungseg train --fold k --out <run>/folds/k` leaves it. */
    private void fold(int k, double... meanIouByEpoch) throws IOException {
        Path dir = foldDir(k);
        Files.createDirectories(dir);
        List<EpochRecord> history = new ArrayList<>();
        for (int e = 0; e < meanIouByEpoch.length; e++) {
            double m = meanIouByEpoch[e];
            history.add(new EpochRecord(k, e, 10L * (e + 1), 0.5, 0.4, List.of(m, m, m), List.of(m, m, m), m, 1e-3,
                    60, 1.5, 0.1));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("name", "lungseg-unet3d-b8-fold" + k);
        card.put("history", history);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("model-card.json").toFile(), card);
        Files.write(dir.resolve("model.onnx"), modelBytes(k));
        Files.writeString(dir.resolve("model-card.md"), "# fold " + k);
    }

    private Path foldDir(int k) {
        return run.resolve("folds").resolve(String.valueOf(k)).resolve("fold-" + k);
    }

    private static byte[] modelBytes(int k) {
        return ("onnx model of fold " + k).getBytes(StandardCharsets.UTF_8);
    }

    private record Result(int exit, String output) {

        /** A refusal: one line of the script's own, none of jq's raw complaints. */
        String message() {
            assertThat(output.lines().toList()).as(output).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("pick-best-fold: ").doesNotContain("jq: error"));
            return output.strip();
        }
    }

    private static Result pick(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
