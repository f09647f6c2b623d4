package org.lungseg.function;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

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
