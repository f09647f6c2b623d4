package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.dicom.HostileDicomSeries;
import org.lungseg.nifti.HostileNiftiFiles;

/**
 * Every malformed or hostile NIfTI file of the foundation's catalogue, uploaded as an event body
 * and referenced as a file, and every hostile DICOM input of shared-model's catalogue, zipped as
 * an event body: each answered 4xx with problem JSON carrying the reader's message, and the
 * function still segments a good scan afterwards.
 */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class HostileScanTest {

    @BeforeEach
    void ready() {
        TestScans.awaitReady();
    }

    @ConfigProperty(name = "lungseg.file.roots")
    Path root;

    @TempDir
    Path scratch;

    @Test
    void everyHostileUploadIsRefusedWithAProblemAndTheServiceKeepsServing() throws IOException {
        List<HostileNiftiFiles.Case> cases = HostileNiftiFiles.all();
        assertThat(cases).hasSizeGreaterThan(20);
        for (HostileNiftiFiles.Case c : cases) {
            byte[] bytes = Files.readAllBytes(c.write(scratch));
            Response r = TestScans.postScanEvent("hostile-" + c.name(), bytes);
            assertProblem(c, r);
        }
        TestScans.postScanEvent("after-hostile", TestScans.demo()).then().statusCode(200);
    }

    /** Every hostile DICOM input of shared-model's catalogue, zipped and posted as an application/zip event. */
    @Test
    void everyHostileDicomZipIsRefusedWithAProblemAndTheServiceKeepsServing() {
        for (HostileDicomSeries.Case c : HostileDicomSeries.all()) {
            Response r = TestScans.postEvent("hostile-dicom-" + c.name(), c.zip(scratch), "application/zip");
            assertProblem(c.name(), c.messageParts(), r);
        }
        TestScans.postScanEvent("after-hostile-dicom", TestScans.demo()).then().statusCode(200);
    }

    @Test
    void everyHostileFileUnderTheRootIsRefusedWithAProblem() throws IOException {
        Path dir = Files.createDirectories(root.resolve("hostile"));
        for (HostileNiftiFiles.Case c : HostileNiftiFiles.all()) {
            Path file = c.write(dir);
            Response r = TestScans.postSegment("{\"scan\": \"" + file.toUri() + "\"}");
            assertProblem(c, r);
            Files.delete(file);
        }
        TestScans.postSegment("{\"data\": \"" + TestScans.base64(TestScans.demo()) + "\", \"outputs\": \"none\"}")
                .then().statusCode(200);
    }

    private static void assertProblem(HostileNiftiFiles.Case c, Response r) {
        assertProblem(c.name(), c.messageParts(), r);
    }

    private static void assertProblem(String name, List<String> messageParts, Response r) {
        assertThat(r.statusCode()).as("%s: %s", name, r.asString()).isBetween(400, 499);
        assertThat(r.contentType()).as(name).startsWith(Problem.MEDIA_TYPE);
        String detail = r.jsonPath().getString("detail");
        // The empty upload is refused before the reader sees it.
        if (!(name.equals("empty.nii") && detail.contains("carries no data"))) {
            for (String part : messageParts) {
                assertThat(detail).as(name).contains(part);
            }
        }
        assertThat(r.jsonPath().getInt("status")).isEqualTo(r.statusCode());
    }
}
