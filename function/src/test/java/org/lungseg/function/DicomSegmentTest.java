package org.lungseg.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.dicom.DicomZip;
import org.lungseg.dicom.TwoSeriesFolder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * DICOM series in every way a scan reaches the function: a zip by file:// and s3:// reference, a
 * zip as a binary CloudEvent, and a zip holding two series with the series named in the JSON
 * request or in the {@value SegmentFunction#SERIES_EXTENSION} event attribute. The real cip-ct64
 * series must give the same label volumes as its NIfTI twin.
 */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class DicomSegmentTest {

    /** The real data, from the function module's folder. */
    private static final Path REAL = Path.of("..", "..", "shared", "data", "real", "cip-ct64").toAbsolutePath().normalize();

    @Inject
    S3Client s3;

    @ConfigProperty(name = "lungseg.file.roots")
    Path root;

    @TempDir
    Path scratch;

    private byte[] zip;
    private JsonPath twin;

    @BeforeEach
    void zipTheSeriesAndSegmentItsTwin() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(REAL.resolve("dicom")), "real DICOM series absent: " + REAL);
        TestScans.awaitReady();
        zip = DicomZip.bytesOf(REAL.resolve("dicom"));
        twin = TestScans.postSegment("{\"data\": \"" + TestScans.base64(Files.readAllBytes(REAL.resolve("ct.nii.gz")))
                + "\", \"name\": \"ct.nii.gz\", \"outputs\": \"none\"}").then().statusCode(200).extract().jsonPath();
        assertThat(twin.getLong("labels[0].voxels")).as("the test model finds a left lung").isPositive();
    }

    @Test
    void aZipByFileReferenceSegmentsLikeItsNiftiTwin() throws IOException {
        Path scan = root.resolve("dicom-study/series.zip");
        Files.createDirectories(scan.getParent());
        Files.write(scan, zip);
        JsonPath json = TestScans.postSegment("{\"scan\": \"" + scan.toUri() + "\"}").then().statusCode(200)
                .body("outputs.mask.location", equalTo(root.resolve("segmentations/dicom-study/series.mask.nii.gz")
                        .toUri().toString()))
                .extract().jsonPath();
        assertLikeTwin(json);
        byte[] mask = Files.readAllBytes(root.resolve("segmentations/dicom-study/series.mask.nii.gz"));
        assertThat(TestScans.counts(TestScans.readMask(mask, scratch))[2]).isEqualTo(json.getLong("labels[1].voxels"));
        assertThat(json.prettify()).as("no SeriesInstanceUID unless asked").doesNotContain(TwoSeriesFolder.SERIES_UID);
    }

    @Test
    void aZipByS3ReferenceSegmentsLikeItsNiftiTwin() {
        s3.putObject(b -> b.bucket(FunctionTestResources.BUCKET).key("dicom/series.zip"), RequestBody.fromBytes(zip));
        JsonPath json = TestScans.postSegment("{\"scan\": \"s3://scans/dicom/series.zip\"}").then().statusCode(200)
                .body("outputs.mask.location", equalTo("s3://scans/segmentations/dicom/series.mask.nii.gz"))
                .extract().jsonPath();
        assertLikeTwin(json);
        byte[] mask = s3.getObjectAsBytes(b -> b.bucket(FunctionTestResources.BUCKET)
                .key("segmentations/dicom/series.mask.nii.gz")).asByteArray();
        assertThat(TestScans.counts(TestScans.readMask(mask, scratch))[1]).isEqualTo(json.getLong("labels[0].voxels"));
    }

    @Test
    void aZipAsABinaryEventSegmentsLikeItsNiftiTwin() {
        JsonPath json = TestScans.postEvent("dicom-event", zip, "application/zip").then().statusCode(200)
                .header("ce-type", SegmentFunction.SEGMENTED_TYPE)
                .body("scanId", equalTo("dicom-event"))
                .extract().jsonPath();
        assertLikeTwin(json);
        assertThat(json.prettify()).doesNotContain(TwoSeriesFolder.SERIES_UID);
    }

    @Test
    void theSeriesFieldChoosesOneOfTwoSeries() throws IOException {
        byte[] two = DicomZip.bytesOf(TwoSeriesFolder.write(REAL.resolve("dicom"), scratch.resolve("two")));
        String data = TestScans.base64(two);
        TestScans.postSegment("{\"data\": \"" + data + "\", \"outputs\": \"none\"}").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", allOf(containsString("2 CT series qualify equally"), containsString("\"series\""),
                        containsString(TwoSeriesFolder.SERIES_UID), containsString(TwoSeriesFolder.OTHER_UID)));
        assertLikeTwin(TestScans.postSegment("{\"data\": \"" + data + "\", \"outputs\": \"none\", \"series\": \""
                + TwoSeriesFolder.OTHER_UID + "\"}").then().statusCode(200).extract().jsonPath());
        TestScans.postSegment("{\"data\": \"" + data + "\", \"series\": \"1.2.3\"}").then().statusCode(400)
                .body("detail", containsString("no CT series with SeriesInstanceUID 1.2.3"));
        TestScans.postSegment("{\"data\": \"" + data + "\", \"series\": \"Jane Doe\"}").then().statusCode(400)
                .body("detail", containsString("series must be a SeriesInstanceUID"));
    }

    @Test
    void theSeriesEventAttributeChoosesOneOfTwoSeries() throws IOException {
        byte[] two = DicomZip.bytesOf(TwoSeriesFolder.write(REAL.resolve("dicom"), scratch.resolve("two")));
        TestScans.postEvent("two-series", two, "application/zip").then().statusCode(400)
                .body("detail", containsString("2 CT series qualify equally"));
        Response chosen = given().header("ce-id", "two-series-chosen").header("ce-specversion", "1.0")
                .header("ce-type", SegmentFunction.UPLOADED_TYPE).header("ce-source", "lungseg-tests")
                .header("ce-" + SegmentFunction.SERIES_EXTENSION, TwoSeriesFolder.OTHER_UID)
                .header("ce-" + SegmentFunction.OUTPUTS_EXTENSION, "none")
                .contentType("application/zip").body(two).post("/");
        JsonPath json = chosen.then().statusCode(200).extract().jsonPath();
        assertLikeTwin(json);
        // Two series in the input: the warning names the one read, so the caller can ask for the other.
        assertThat(json.getList("warnings", String.class)).anyMatch(w -> w.contains("read series " + TwoSeriesFolder.OTHER_UID));
    }

    /** Same grid and the same voxels per label as the NIfTI twin; mL within rounding of the affines. */
    private void assertLikeTwin(JsonPath json) {
        assertThat(json.getList("scan.dims")).isEqualTo(List.of(64, 64, 79));
        for (int i = 0; i < 3; i++) {
            assertThat(json.getLong("labels[" + i + "].voxels")).as("label " + (i + 1))
                    .isEqualTo(twin.getLong("labels[" + i + "].voxels"));
            assertThat(json.getDouble("labels[" + i + "].ml"))
                    .isCloseTo(twin.getDouble("labels[" + i + "].ml"), org.assertj.core.data.Percentage.withPercentage(0.1));
        }
    }
}
