package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.volume.LabelMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** s3:// references and bucket notifications, against S3Proxy. */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class S3SegmentTest {

    @BeforeEach
    void ready() {
        TestScans.awaitReady();
    }

    private static final String BUCKET = FunctionTestResources.BUCKET;

    @Inject
    S3Client s3;

    @TempDir
    Path scratch;

    private void upload(String bucket, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private byte[] download(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    @Test
    void referencedScanIsSegmentedAndItsOutputsWrittenUnderThePrefix() {
        upload(BUCKET, "ward-3/ct.nii.gz", TestScans.demo());

        JsonPath json = TestScans.postSegment("{\"scan\": \"s3://scans/ward-3/ct.nii.gz\"}").then().statusCode(200)
                .body("scanId", equalTo("s3://scans/ward-3/ct.nii.gz"))
                .body("source", equalTo("s3://scans/ward-3/ct.nii.gz"))
                .body("outputs.mask.location", equalTo("s3://scans/segmentations/ward-3/ct.mask.nii.gz"))
                .body("outputs.preview.location", equalTo("s3://scans/segmentations/ward-3/ct.preview.png"))
                .extract().jsonPath();

        byte[] maskBytes = download("segmentations/ward-3/ct.mask.nii.gz");
        assertThat(json.getLong("outputs.mask.bytes")).isEqualTo(maskBytes.length);
        LabelMap mask = TestScans.readMask(maskBytes, scratch);
        assertThat(mask.grid().sameGeometry(TestScans.demoGrid(), 1e-4)).as("mask on the scan's grid").isTrue();
        assertThat(TestScans.counts(mask)[1]).isEqualTo(json.getLong("labels[0].voxels"));
        assertThat(TestScans.isPng(download("segmentations/ward-3/ct.preview.png"))).isTrue();
        assertThat(json.getString("outputs.mask.base64")).isNull();
    }

    @Test
    void bucketNotificationIsUnderstood() {
        String key = "uploads/2024 06/patient scan.nii.gz";
        upload(BUCKET, key, TestScans.demo());
        // As S3 and MinIO send it: the key URL-encoded, spaces as '+'.
        String notification = """
                {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                  "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": "scans", "arn": "arn:aws:s3:::scans"},
                         "object": {"key": "%s", "size": %d}}}]}
                """.formatted(URLEncoder.encode(key, StandardCharsets.UTF_8), TestScans.demo().length);

        TestScans.postSegment(notification).then().statusCode(200)
                .body("scanId", equalTo("s3://scans/" + key))
                .body("outputs.mask.location", equalTo("s3://scans/segmentations/uploads/2024 06/patient scan.mask.nii.gz"));
        assertThat(download("segmentations/uploads/2024 06/patient scan.mask.nii.gz")).isNotEmpty();
    }

    @Test
    void outputsInlineWriteNothing() {
        upload(BUCKET, "inline/ct.nii.gz", TestScans.demo());
        TestScans.postSegment("{\"scan\": \"s3://scans/inline/ct.nii.gz\", \"outputs\": \"inline\"}").then()
                .statusCode(200).body("outputs.mask.base64", org.hamcrest.Matchers.notNullValue());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> download("segmentations/inline/ct.mask.nii.gz"))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void bucketOutsideTheConfigurationIsForbidden() {
        upload(FunctionTestResources.OTHER_BUCKET, "ct.nii.gz", TestScans.demo());
        TestScans.postSegment("{\"scan\": \"s3://elsewhere/ct.nii.gz\"}").then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:lungseg:problem:forbidden-location"))
                .body("detail", containsString("elsewhere"));
    }

    @Test
    void missingObjectIsNotFound() {
        TestScans.postSegment("{\"scan\": \"s3://scans/nobody/none.nii.gz\"}").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo("urn:lungseg:problem:scan-not-found"))
                .body("scanId", equalTo("s3://scans/nobody/none.nii.gz"));
    }

    @Test
    void keysThatClimbAreForbidden() {
        for (String key : new String[] {"a/../segmentations/x.nii.gz", "../x.nii.gz", "a//b.nii.gz", "./x.nii.gz"}) {
            TestScans.postSegment("{\"scan\": \"s3://scans/" + key + "\"}").then().statusCode(403)
                    .body("type", equalTo("urn:lungseg:problem:forbidden-location"));
        }
        // Whatever ran before, every output the function wrote lies under the prefix.
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(o -> o.key())
                .filteredOn(k -> k.endsWith(".mask.nii.gz") || k.endsWith(".preview.png"))
                .allMatch(k -> k.startsWith("segmentations/"));
    }

    @Test
    void theFunctionsOwnOutputsAreNotSegmented() {
        upload(BUCKET, "segmentations/ct.mask.nii.gz", TestScans.demo());
        TestScans.postSegment("{\"scan\": \"s3://scans/segmentations/ct.mask.nii.gz\"}").then().statusCode(403)
                .body("detail", containsString("output prefix"));
    }

    @Test
    void aMalformedObjectIsABadRequestWithTheReadersMessage() {
        upload(BUCKET, "broken/notes.nii", "Patient notes, not a scan at all.".getBytes(StandardCharsets.US_ASCII));
        TestScans.postSegment("{\"scan\": \"s3://scans/broken/notes.nii\"}").then().statusCode(400)
                .body("type", equalTo("urn:lungseg:problem:invalid-scan"))
                .body("detail", containsString("not a NIfTI file"));
    }
}
