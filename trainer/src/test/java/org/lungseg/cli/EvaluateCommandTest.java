package org.lungseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.inference.TestModels;
import org.lungseg.testing.RealData;

class EvaluateCommandTest {

    @Test
    void scoresEveryLabelledRealCaseAndAveragesPerClass(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("finder.onnx");
        Files.write(model, TestModels.darkInsideBody(TestModels.card(new GridSize(64, 64, 64))));
        Path data = RealData.file("cip-ct64/ct.nii.gz").getParent().getParent();

        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--json",
                "--threads", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        // Every folder with ct.nii.gz and lungs.nii.gz is a case; cip-testinput has no labels.
        assertThat(json.get("cases")).hasSize(4);
        JsonNode ct64 = null;
        for (JsonNode c : json.get("cases")) {
            if (c.get("case").asText().equals("cip-ct64")) {
                ct64 = c;
            }
        }
        assertThat(ct64).isNotNull();
        JsonNode left = ct64.get("scores").get(0);
        assertThat(left.get("class").asText()).isEqualTo("left lung");
        // Infection-free labels: the finder's infection voxels leave some left lung out of label 1.
        assertThat(left.get("dice").asDouble()).isGreaterThan(0.8);
        assertThat(left.get("nsdToleranceMm").asDouble()).isEqualTo(1.0);
        assertThat(left.get("referenceMl").asDouble()).isGreaterThan(500);
        JsonNode infection = ct64.get("scores").get(2);
        assertThat(infection.get("class").asText()).isEqualTo("infection");
        assertThat(infection.get("referenceMl").asDouble()).isZero();
        assertThat(infection.get("volumeErrorPercent").isNull()).isTrue();
        assertThat(json.at("/mean/left lung/cases").asInt()).isEqualTo(4);
        assertThat(json.at("/mean/right lung/dice").asDouble()).isBetween(0.0, 1.0);

        CliRun whole = CliRun.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--whole-lungs");
        assertThat(whole.exitCode()).isZero();
        assertThat(whole.out()).contains("[2/4] cip-ct64").contains("mean over 4 case(s), lungs whole")
                .contains("left lung").contains("vol err");
    }
}
