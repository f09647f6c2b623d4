package org.lungseg.function;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.nifti.TestNifti;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.phantom.PhantomSpec;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** Scans and requests the function's tests send. */
final class TestScans {

    /** The demo scan shipped in the repository: a real chest CT, 64x64x79, stored LPS, in HU. */
    static final String DEMO = "cip-ct64.nii.gz";

    private TestScans() {
    }

    static Path demoPath() {
        // Tests run in the module folder; lungseg.* system properties would meet the function's strict config.
        return Path.of("..", "samples", DEMO).toAbsolutePath().normalize();
    }

    static byte[] demo() {
        try {
            return Files.readAllBytes(demoPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Grid demoGrid() {
        return new NiftiReader().readHeader(demoPath()).grid();
    }

    /** Waits (at most three minutes) until readiness is up: the model loads after Quarkus starts. */
    static void awaitReady() {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (given().get("/q/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the function did not become ready: " + given().get("/q/health/ready").asString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A synthetic chest stored as 0..255 (windowed to [-1250, 250] HU, as the Radiopaedia half of COVID-19-CT-Seg). */
    static byte[] windowedChest() {
        Volume chest = PhantomGenerator.generate(PhantomSpec.of(5).withSize(96, 96, 64).withWindowed(true)).ct();
        try {
            Path p = Files.createTempFile("lungseg-windowed-", ".nii.gz");
            try {
                NiftiWriter.write(chest, p);
                return Files.readAllBytes(p);
            } finally {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A body without lungs: a water cylinder (0 HU, 110 mm radius) in air, 64^3 voxels of 5 mm,
     * a 320 mm field of view as a chest CT has.
     */
    static byte[] waterCylinder() {
        int n = 64;
        ByteBuffer voxels = ByteBuffer.allocate(n * n * n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double dx = (x - n / 2 + 0.5) * 5;
                    double dy = (y - n / 2 + 0.5) * 5;
                    voxels.putShort((short) (dx * dx + dy * dy <= 110 * 110 ? 0 : -1000));
                }
            }
        }
        return TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, n, n, n).pixdim(1, 5, 5, 5)
                .srow(5, 0, 0, 0, 0, 5, 0, 0, 0, 0, 5, 0).data(voxels.array()).gzipped();
    }

    /** POSTs {@code body} to the service root as a binary-mode CloudEvent of the upload type. */
    static Response postEvent(String id, byte[] body, String contentType) {
        return given().header("ce-id", id).header("ce-specversion", "1.0")
                .header("ce-type", SegmentFunction.UPLOADED_TYPE).header("ce-source", "lungseg-tests")
                .contentType(contentType).body(body).post("/");
    }

    static Response postScanEvent(String id, byte[] scan) {
        return postEvent(id, scan, "application/octet-stream");
    }

    /** POSTs JSON to /segment. */
    static Response postSegment(String json) {
        return given().contentType("application/json").body(json).post("/segment");
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes a mask the function returned or wrote. */
    static LabelMap readMask(byte[] niftiGz, Path scratch) {
        try {
            Path p = scratch.resolve("mask-" + System.nanoTime() + ".nii.gz");
            Files.write(p, niftiGz);
            return NiftiReader.readLabels(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Voxels per label value 0..3 of a mask. */
    static long[] counts(LabelMap mask) {
        long[] c = new long[4];
        for (byte b : mask.labels()) {
            c[b]++;
        }
        return c;
    }

    /** Whether the bytes start with the PNG signature. */
    static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }
}
