package org.lungseg.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without a model (none configured, none bundled) the function still starts: liveness up,
 * readiness down saying what to set, and requests answered 503 with the same reason.
 */
@QuarkusTest
@TestProfile(ModelMissingTest.NoModel.class)
class ModelMissingTest {

    /** No test resources (so no model path) and a bundled-model resource that does not exist. */
    public static class NoModel implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lungseg.model.resource", "/org/lungseg/model/absent.onnx");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void readinessDownWithTheReasonLivenessUpAndRequestsGet503() throws InterruptedException {
        // The loader runs on its own thread; wait until it has given up.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!given().get("/q/health/ready").asString().contains("failed to load") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks[0].data.model", containsString("lungseg.model.path"))
                .body("checks[0].data.model", containsString("/org/lungseg/model/absent.onnx"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        TestScans.postScanEvent("no-model", TestScans.demo()).then().statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:lungseg:problem:not-ready"))
                .body("detail", containsString("lungseg.model.path"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }
}
