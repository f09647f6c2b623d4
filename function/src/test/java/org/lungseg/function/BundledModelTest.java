package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lungseg.inference.BundledModel;

/**
 * The function as it starts out of the box: no lungseg.model.path, so the model shipped in
 * shared-model's jar answers.
 */
@QuarkusTest
@TestProfile(BundledModelTest.OutOfTheBox.class)
class BundledModelTest {

    /** No test resources, so no model path: only the test settings of application.properties. */
    public static class OutOfTheBox implements QuarkusTestProfile {

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @BeforeEach
    void ready() {
        TestScans.awaitReady();
    }

    @Test
    void theBundledModelFindsBothLungsOfTheDemoScan() throws Exception {
        String bundledSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(BundledModel.bytes().orElseThrow(() -> new AssertionError("this build bundles no model"))));
        JsonPath json = TestScans.postScanEvent("bundled-demo", TestScans.demo()).then().statusCode(200)
                .extract().jsonPath();
        assertThat(json.getString("model.sha256")).as("the bundled model answered").isEqualTo(bundledSha256);
        assertThat(json.getDouble("lungs.left.ml")).as("left lung, mL").isGreaterThan(1000);
        assertThat(json.getDouble("lungs.right.ml")).as("right lung, mL").isGreaterThan(1000);
        assertThat(json.getList("warnings")).isEmpty();
    }
}
