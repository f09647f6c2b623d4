package org.lungseg.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JSON with the scan inline, and requests that are malformed in themselves. */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class RequestTest {

    @BeforeEach
    void ready() {
        TestScans.awaitReady();
    }

    @Test
    void inlineScanIsSegmentedAndOutputsComeBackInline() {
        TestScans.postSegment("{\"id\": \"case-42\", \"name\": \"ct.nii.gz\", \"data\": \""
                        + TestScans.base64(TestScans.demo()) + "\"}")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("scanId", equalTo("case-42"))
                .body("source", equalTo("upload"))
                .body("outputs.mask.contentType", equalTo("application/gzip"))
                .body("outputs.mask.base64", notNullValue())
                .body("outputs.preview.contentType", equalTo("image/png"));
    }

    @Test
    void inlineScanWithoutIdGetsADigestId() {
        TestScans.postSegment("{\"data\": \"" + TestScans.base64(TestScans.demo()) + "\", \"outputs\": \"none\"}")
                .then().statusCode(200).body("scanId", org.hamcrest.Matchers.matchesPattern("upload-[0-9a-f]{12}"));
    }

    @Test
    void malformedRequestsAreBadRequestProblems() {
        for (String body : new String[] {
                "{\"data\": \"not base64!!\"}",
                "{not json",
                "{}",
                "{\"scan\": \"s3://scans/a.nii.gz\", \"data\": \"AAAA\"}",
                "{\"scan\": \"s3://scans/a.nii.gz\", \"outputs\": \"sideways\"}",
                "{\"data\": \"AAAA\", \"outputs\": \"store\"}",
                "{\"Records\": [{\"eventName\": \"ObjectRemoved:Delete\", \"s3\": {\"bucket\": {\"name\": \"scans\"},"
                        + " \"object\": {\"key\": \"a.nii.gz\"}}}]}"}) {
            TestScans.postSegment(body).then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("status", equalTo(400)).body("detail", notNullValue());
        }
    }

    @Test
    void plainHttpWithoutJsonIsRefusedWithAProblem() {
        given().contentType("text/plain").body("hello").post("/segment").then().statusCode(415)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo("urn:lungseg:problem:unsupported-media-type"));
    }

    @Test
    void rawBytesUnderAnotherEventTypeAreAClientProblemNotA500() {
        // Any type but lungseg.scan.uploaded reaches `segment` through the catch-all (object store
        // notifications); raw bytes there are the sender's mistake, which Knative must not retry.
        given().header("ce-id", "x").header("ce-specversion", "1.0").header("ce-type", "something.else")
                .header("ce-source", "tests").contentType("application/octet-stream").body(new byte[] {1, 2, 3})
                .post("/").then().statusCode(415).contentType(Problem.MEDIA_TYPE)
                .body("type", containsString("unsupported-event-data"))
                .body("detail", containsString(SegmentFunction.UPLOADED_TYPE));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
