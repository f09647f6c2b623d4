package org.lungseg.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.nifti.TestNifti;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.phantom.PhantomSpec;

/**
 * Bounded work: the body limit, the memory check from the header, and the slot limit (the test
 * configuration has one slot, two waiting places, a 0.2 s wait and a 64 MiB memory budget).
 */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class LimitsTest {

    @ConfigProperty(name = "lungseg.file.roots")
    Path root;

    @BeforeEach
    void ready() {
        TestScans.awaitReady();
    }

    @Test
    void uploadAboveTheBodyLimitIsRefusedWith413Problem() {
        byte[] big = new byte[9 << 20];
        TestScans.postScanEvent("too-big-body", big).then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:lungseg:problem:body-too-large"))
                .body("detail", containsString("s3://"));
        TestScans.postSegment("{\"data\": \"" + TestScans.base64(big) + "\"}").then().statusCode(413);
    }

    @Test
    void scanTooLargeForTheMemoryBudgetIsRefusedFromItsHeader() {
        // 256^3 int16 of air: 32 MiB of voxels, 100 KB gzipped, needs about 120 MiB to segment.
        byte[] scan = TestNifti.int16(256, 256, 256).gzipped();
        TestScans.postScanEvent("too-big-scan", scan).then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:lungseg:problem:scan-too-large"))
                .body("detail", containsString("256x256x256"))
                .body("detail", containsString("lungseg.memory-limit"))
                .body("scanId", equalTo("too-big-scan"));
    }

    /** A zip of the demo scan's own DICOM series segments on the same grid as the NIfTI demo. */
    @Test
    void aZippedDicomSeriesIsSegmented() throws Exception {
        java.nio.file.Path series = java.nio.file.Path.of("..", "..", "shared", "data", "real", "cip-ct64", "dicom")
                .toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(series), "real DICOM series absent: " + series);
        TestScans.postScanEvent("dicom-zip", org.lungseg.dicom.DicomZip.bytesOf(series)).then().statusCode(200)
                .body("scanId", equalTo("dicom-zip"))
                .body("scan.dims", equalTo(List.of(64, 64, 79)))
                .body("scan.orientation", equalTo("LPS"));
    }

    /**
     * A zip bomb: 80 KB that inflate to 4 x 24 MiB of zeros, more than half the 64 MiB test budget.
     * It is refused as too large while its files are read, before they can exhaust the heap (the
     * deployed JVM exits on an OutOfMemoryError), and the function serves on.
     */
    @Test
    void aZipThatInflatesBeyondTheBudgetIsRefusedWhileItIsRead() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < 4; i++) {
                zip.putNextEntry(new ZipEntry("IM000" + i + ".dcm"));
                zip.write(new byte[24 << 20]);
            }
        }
        assertThat(out.size()).isLessThan(1 << 20);
        TestScans.postScanEvent("zip-bomb", out.toByteArray()).then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:lungseg:problem:scan-too-large"))
                .body("detail", containsString("lungseg.memory-limit"));
        TestScans.postScanEvent("after-bomb", TestScans.demo()).then().statusCode(200);
    }

    @Test
    void aZipWithoutDicomIsABadScan() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("IM0001.dcm"));
            zip.write(new byte[256]);
        }
        TestScans.postScanEvent("not-dicom-zip", out.toByteArray()).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
    }

    /**
     * Eight requests in flight at once on one slot, each for a synthetic chest of 256x256x112
     * voxels (just inside the 64 MiB test budget), which holds the slot for seconds. The first is
     * sent alone and holds the slot when the seven others are sent: two of them may wait 0.2 s,
     * the rest are answered 503 at once, so at least one is refused however the machine schedules
     * them. The peak gauge shows that never more than one segmentation ran.
     */
    @Test
    void eightConcurrentRequestsOnOneSlotAreAllAnswered() throws Exception {
        byte[] scan = TestScans.demo();
        Path large = largeChest();
        long heapBefore = usedHeapAfterGc();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            answers.add(clients.submit(() -> segmentLarge(large, "concurrent-0")));
            awaitMetric("lungseg_inferences_active 1.0");
            for (int i = 1; i < 8; i++) {
                String id = "concurrent-" + i;
                answers.add(clients.submit(() -> segmentLarge(large, id)));
            }
            int ok = 0;
            int busy = 0;
            for (Future<Response> f : answers) {
                Response r = f.get();
                assertThat(r.statusCode()).as(r.asString()).isIn(200, 503);
                if (r.statusCode() == 200) {
                    ok++;
                    assertThat(r.jsonPath().getString("scanId")).startsWith("concurrent-");
                } else {
                    busy++;
                    assertThat(r.contentType()).startsWith(Problem.MEDIA_TYPE);
                    assertThat(r.jsonPath().getString("type")).isEqualTo("urn:lungseg:problem:busy");
                    assertThat(Integer.parseInt(r.header("Retry-After"))).isEqualTo(3);
                }
            }
            assertThat(answers.get(0).get().statusCode()).as("the large chest had the slot").isEqualTo(200);
            assertThat(busy).as("requests that found the slot taken and the waiting places full").isPositive();
            assertThat(ok + busy).isEqualTo(8);
        } finally {
            clients.shutdownNow();
        }
        assertThat(metric("lungseg_inferences_active_peak")).as("segmentations that ever ran at once").isEqualTo(1.0);
        // Nothing of the burst is kept: each admitted chest needs about 60 MB of voxels and labels,
        // all garbage once answered.
        assertThat(usedHeapAfterGc() - heapBefore).as("heap kept after the burst, bytes").isLessThan(32L << 20);

        // Slots are all given back: a request after the burst gets one at once.
        TestScans.postScanEvent("after-burst", scan).then().statusCode(200)
                .body("timingsMs.queue", org.hamcrest.Matchers.lessThan(200f));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("lungseg_inferences_active 0.0"))
                .body(containsString("lungseg_inferences_waiting 0.0"));
    }

    private static Response segmentLarge(Path large, String id) {
        return TestScans.postSegment("{\"id\": \"" + id + "\", \"scan\": \"" + large.toUri()
                + "\", \"outputs\": \"inline\"}");
    }

    /** A synthetic chest in the file root, written once. */
    private Path largeChest() {
        Path p = root.resolve("limits/large-chest.nii.gz");
        if (!Files.exists(p)) {
            try {
                Files.createDirectories(p.getParent());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            NiftiWriter.write(PhantomGenerator.generate(PhantomSpec.of(11).withSize(256, 256, 112)).ct(), p);
        }
        return p;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double metric(String name) {
        for (String line : given().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name);
    }

    /** Waits (at most a minute) until the metrics show {@code line}. */
    private static void awaitMetric(String line) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!given().get("/q/metrics").asString().contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the metrics never showed " + line);
            }
            Thread.sleep(5);
        }
    }
}
