package org.lungseg.function;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The result's warnings, with the test model: what a reader of the answer must know about it. */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class WarningsTest {

    @BeforeEach
    void ready() {
        TestScans.awaitReady();
    }

    @Test
    void aScanStored0To255IsSegmentedWithAWarningSayingSo() {
        TestScans.postScanEvent("windowed", TestScans.windowedChest()).then().statusCode(200)
                .body("scan.intensity", containsString("0..255"))
                .body("warnings", hasItem(containsString("stored 0..255")));
    }

    @Test
    void aBodyWithoutLungsIsAnsweredWithNoLungAndSaysSo() {
        TestScans.postScanEvent("water-cylinder", TestScans.waterCylinder()).then().statusCode(200)
                .body("lungs.total.ml", equalTo(0f))
                .body("warnings", hasItem(containsString("no lung was found")));
    }
}
