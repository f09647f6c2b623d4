package org.lungseg.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.specification.RequestSpecification;
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

    /**
     * CloudEvents that Funqy cannot bind are the sender's mistakes: each gets a 4xx problem that
     * names no Java class (Knative retries 5xx, and would retry these for nothing), and the
     * function serves on.
     */
    @Test
    void malformedCloudEventsAreClientProblems() {
        String structured = "application/cloudevents+json";
        assertClientProblem(given().contentType(structured).body("{\"specversion\": \"1.0\"}"));
        assertClientProblem(given().contentType(structured).body("xx"));
        assertClientProblem(given().contentType(structured).body("{\"specversion\": \"1.0\", \"id\": \"1\","
                + " \"source\": \"tests\", \"type\": \"lungseg.scan.uploaded\", \"data_base64\": \"not base64!!\"}"));
        assertClientProblem(event("x.y").contentType("application/json").body("{bad"));
        assertClientProblem(given().contentType(structured).body("{\"specversion\": \"1.0\", \"id\": \"1\","
                + " \"source\": \"tests\", \"type\": \"x.y\", \"datacontenttype\": \"application/json\","
                + " \"data\": \"hello\"}"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** A scan id goes into the logs: it may not carry line breaks or other control characters. */
    @Test
    void anIdThatCouldForgeLogLinesIsRefused() {
        TestScans.postSegment("{\"id\": \"a\\nFAKE LOG LINE\", \"data\": \"" + TestScans.base64(TestScans.demo()) + "\"}")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("detail", containsString("id"));
        TestScans.postSegment("{\"id\": \"" + "x".repeat(ScanJob.MAX_ID_LENGTH + 1) + "\", \"data\": \"" + TestScans.base64(TestScans.demo())
                + "\"}").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    private static RequestSpecification event(String type) {
        return given().header("ce-id", "x").header("ce-specversion", "1.0").header("ce-type", type)
                .header("ce-source", "tests");
    }

    private static void assertClientProblem(RequestSpecification request) {
        request.post("/").then().statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                        .and(org.hamcrest.Matchers.lessThan(500)))
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", org.hamcrest.Matchers.not(containsString("Exception")));
    }
}
