package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file:// references under the configured root (a temporary folder). */
@QuarkusTest
@QuarkusTestResource(FunctionTestResources.class)
class FileSegmentTest {

    @BeforeEach
    void ready() {
        TestScans.awaitReady();
    }

    @ConfigProperty(name = "lungseg.file.roots")
    Path root;

    @TempDir
    Path outside;

    private Path place(String relative, byte[] bytes) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    private static String uri(Path p) {
        return p.toUri().toString();
    }

    @Test
    void fileUnderTheRootIsSegmentedAndOutputsWrittenUnderThePrefix() throws IOException {
        Path scan = place("study-7/ct.nii.gz", TestScans.demo());
        TestScans.postSegment("{\"scan\": \"" + uri(scan) + "\"}").then().statusCode(200)
                .body("source", equalTo(uri(scan)))
                .body("outputs.mask.location", equalTo(uri(root.resolve("segmentations/study-7/ct.mask.nii.gz"))));
        Path mask = root.resolve("segmentations/study-7/ct.mask.nii.gz");
        assertThat(TestScans.readMask(Files.readAllBytes(mask), outside).grid()
                .sameGeometry(TestScans.demoGrid(), 1e-4)).isTrue();
        assertThat(TestScans.isPng(Files.readAllBytes(root.resolve("segmentations/study-7/ct.preview.png")))).isTrue();
    }

    @Test
    void fileOutsideTheRootIsForbidden() throws IOException {
        Path scan = Files.write(outside.resolve("ct.nii.gz"), TestScans.demo());
        TestScans.postSegment("{\"scan\": \"" + uri(scan) + "\"}").then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo("urn:lungseg:problem:forbidden-location"));
    }

    @Test
    void dotDotIsForbiddenEvenWhenItLandsInsideTheRoot() throws IOException {
        place("a/ct.nii.gz", TestScans.demo());
        TestScans.postSegment("{\"scan\": \"file://" + root + "/b/../a/ct.nii.gz\"}").then().statusCode(403);
        TestScans.postSegment("{\"scan\": \"file://" + root + "/../../etc/passwd\"}").then().statusCode(403);
        TestScans.postSegment("{\"scan\": \"file://" + root + "/%2e%2e/%2e%2e/etc/passwd\"}").then().statusCode(403);
    }

    @Test
    void symlinkLeavingTheRootIsForbidden() throws IOException {
        Path target = Files.write(outside.resolve("secret.nii.gz"), TestScans.demo());
        Path link = root.resolve("linked.nii.gz");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
        TestScans.postSegment("{\"scan\": \"" + uri(link) + "\"}").then().statusCode(403)
                .body("detail", containsString("symbolic link"));
    }

    @Test
    void symlinkedOutputFolderIsNotWrittenThrough() throws IOException {
        Path scan = place("trap/ct.nii.gz", TestScans.demo());
        Path outputs = root.resolve("segmentations");
        Files.createDirectories(outputs);
        Path trap = outputs.resolve("trap");
        Files.deleteIfExists(trap);
        Files.createSymbolicLink(trap, outside);
        TestScans.postSegment("{\"scan\": \"" + uri(scan) + "\"}").then().statusCode(403)
                .body("detail", containsString("symbolic link"));
        try (var listing = Files.list(outside)) {
            assertThat(listing).as("nothing written outside the root").isEmpty();
        }
    }

    @Test
    void outputPrefixLinkedOutsideTheRootIsNotWrittenThrough() throws IOException {
        Path scan = place("linked-prefix/ct.nii.gz", TestScans.demo());
        Path outputs = root.resolve("segmentations");
        Path kept = root.resolve("segmentations-kept");
        if (Files.exists(outputs, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(outputs, kept);
        }
        Files.createSymbolicLink(outputs, outside);
        try {
            TestScans.postSegment("{\"scan\": \"" + uri(scan) + "\"}").then().statusCode(403)
                    .contentType(Problem.MEDIA_TYPE).body("type", equalTo("urn:lungseg:problem:forbidden-location"))
                    .body("detail", containsString("symbolic link"));
            try (var listing = Files.list(outside)) {
                assertThat(listing).as("nothing written, not even a folder, outside the root").isEmpty();
            }
        } finally {
            Files.delete(outputs);
            if (Files.exists(kept)) {
                Files.move(kept, outputs);
            }
        }
    }

    @Test
    void missingFileIsNotFound() {
        TestScans.postSegment("{\"scan\": \"" + uri(root.resolve("none/ct.nii.gz")) + "\"}").then().statusCode(404)
                .body("type", equalTo("urn:lungseg:problem:scan-not-found"));
    }

    @Test
    void otherUrlsAreNotFetched() {
        TestScans.postSegment("{\"scan\": \"http://127.0.0.1:1/ct.nii.gz\"}").then().statusCode(400)
                .body("detail", containsString("no other URLs are fetched"));
        TestScans.postSegment("{\"scan\": \"file://other-host/data/ct.nii.gz\"}").then().statusCode(400);
    }
}
