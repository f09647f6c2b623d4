package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.assertj.core.data.Offset;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

/** The Knative path: a binary-mode CloudEvent whose body is the scan. */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class CloudEventSegmentTest {

    @BeforeEach
    void ready() {
        TestScans.awaitReady();
    }

    @TempDir
    Path scratch;

    @Test
    void scanAsEventBodyIsAnsweredWithSegmentedEventCarryingTheResult() {
        Response r = TestScans.postScanEvent("evt-1", TestScans.demo());
        r.then().statusCode(200)
                .header("ce-type", SegmentFunction.SEGMENTED_TYPE)
                .header("ce-source", SegmentFunction.EVENT_SOURCE)
                .header("ce-subject", "evt-1")
                .body("scanId", equalTo("evt-1"))
                .body("source", equalTo("upload"));
        JsonPath json = r.jsonPath();

        // The mask comes back inline, on the scan's own grid, and the volumes describe that mask.
        byte[] maskBytes = Base64.getDecoder().decode(json.getString("outputs.mask.base64"));
        LabelMap mask = TestScans.readMask(maskBytes, scratch);
        Grid scanGrid = TestScans.demoGrid();
        assertThat(mask.grid().sameGeometry(scanGrid, 1e-4)).isTrue();
        long[] counts = TestScans.counts(mask);
        double voxelMl = scanGrid.voxelVolumeMm3() / 1000;
        List<Map<String, Object>> labels = json.getList("labels");
        assertThat(labels).hasSize(3);
        for (Map<String, Object> label : labels) {
            int value = (Integer) label.get("value");
            assertThat(((Number) label.get("voxels")).longValue()).as("voxels of label %d", value).isEqualTo(counts[value]);
            assertThat(((Number) label.get("ml")).doubleValue()).isCloseTo(counts[value] * voxelMl,
                    Offset.offset(0.011));
        }
        assertThat(counts[1] + counts[2]).as("the lung finder finds lungs in a real chest CT").isPositive();
        long lungVoxels = counts[1] + counts[2] + counts[3];
        assertThat(json.getDouble("lungs.total.ml")).isCloseTo(lungVoxels * voxelMl, Offset.offset(0.021));
        assertThat(json.getDouble("lungs.left.ml") + json.getDouble("lungs.right.ml"))
                .isCloseTo(lungVoxels * voxelMl, Offset.offset(0.021));
        assertThat(json.getDouble("lungs.total.infectionMl")).isCloseTo(counts[3] * voxelMl, Offset.offset(0.011));
        assertThat(json.getDouble("lungs.total.infectionPercent"))
                .isCloseTo(100.0 * counts[3] / lungVoxels, Offset.offset(0.011));
        assertThat(TestScans.isPng(Base64.getDecoder().decode(json.getString("outputs.preview.base64")))).isTrue();

        assertThat(json.getString("model.name")).isEqualTo("dark-inside-body");
        assertThat(json.getString("model.sha256")).hasSize(64);
        assertThat(json.getMap("timingsMs")).containsKeys("fetch", "queue", "read", "preprocess", "inference",
                "postprocess", "preview", "total");
        assertThat(json.getList("scan.dims")).containsExactly(64, 64, 79);
        assertThat(json.getString("scan.orientation")).isEqualTo("LPS");
    }

    @Test
    void eventWithJsonBodyIsARequest() {
        Response r = TestScans.postEvent("evt-json", ("{\"data\": \"" + TestScans.base64(TestScans.demo())
                + "\", \"outputs\": \"none\"}").getBytes(), "application/json");
        r.then().statusCode(200).header("ce-type", SegmentFunction.SEGMENTED_TYPE).body("scanId", equalTo("evt-json"));
        assertThat(r.jsonPath().getMap("outputs")).isNull();
    }

    @Test
    void extensionAttributeTurnsOutputsOff() {
        Response r = io.restassured.RestAssured.given().header("ce-id", "evt-none").header("ce-specversion", "1.0")
                .header("ce-type", SegmentFunction.UPLOADED_TYPE).header("ce-source", "lungseg-tests")
                .header("ce-" + SegmentFunction.OUTPUTS_EXTENSION, "none").contentType("application/octet-stream")
                .body(TestScans.demo()).post("/");
        r.then().statusCode(200).body("scanId", equalTo("evt-none"));
        assertThat(r.jsonPath().getMap("outputs")).isNull();
        assertThat(r.jsonPath().getMap("timingsMs")).doesNotContainKey("preview");
    }

    @Test
    void structuredEventWithBase64DataIsAnsweredInStructuredMode() {
        String event = """
                {"specversion": "1.0", "id": "evt-structured", "source": "lungseg-tests", "type": "%s",
                 "subject": "ct.nii.gz", "datacontenttype": "application/gzip", "data_base64": "%s"}
                """.formatted(SegmentFunction.UPLOADED_TYPE, TestScans.base64(TestScans.demo()));
        JsonPath reply = io.restassured.RestAssured.given().contentType("application/cloudevents+json").body(event)
                .post("/").then().statusCode(200).contentType(startsWith("application/cloudevents+json"))
                .extract().jsonPath();
        assertThat(reply.getString("type")).isEqualTo(SegmentFunction.SEGMENTED_TYPE);
        assertThat(reply.getString("subject")).isEqualTo("evt-structured");
        assertThat(reply.getString("data.scanId")).isEqualTo("evt-structured");
        assertThat(reply.getList("data.labels")).hasSize(3);
    }

    @Test
    void eventWithoutDataIsABadRequest() {
        TestScans.postScanEvent("evt-empty", new byte[0]).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("status", equalTo(400));
    }
}
