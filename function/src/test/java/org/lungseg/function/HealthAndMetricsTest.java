package org.lungseg.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Readiness after the model is loaded and warmed up, liveness, and the Prometheus metrics. */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class HealthAndMetricsTest {

    @Test
    void readyOnceTheModelIsWarm() {
        TestScans.awaitReady();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("lungseg-model"))
                .body("checks[0].data.model", containsString("dark-inside-body"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountOutcomesStagesAndSizes() {
        TestScans.awaitReady();
        TestScans.postScanEvent("metrics-ok", TestScans.demo()).then().statusCode(200);
        TestScans.postScanEvent("metrics-bad", "not a scan".getBytes()).then().statusCode(400);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("lungseg_segmentations_total{outcome=\"ok\"}"))
                .body(containsString("lungseg_segmentations_total{outcome=\"invalid-scan\"}"))
                .body(containsString("lungseg_stage_seconds_count{stage=\"inference\"}"))
                .body(containsString("lungseg_stage_seconds_count{stage=\"read\"}"))
                .body(containsString("lungseg_scan_size_bytes_count"))
                .body(containsString("lungseg_scan_voxels_count"))
                .body(containsString("lungseg_queue_wait_seconds_count"));
    }
}
