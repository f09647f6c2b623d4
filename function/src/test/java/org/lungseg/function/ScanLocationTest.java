package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanLocationTest {

    @Test
    void s3ReferenceSplitsBucketAndKey() {
        ScanLocation l = ScanLocation.parse("s3://scans/ward 3/ct.nii.gz");
        assertThat(l).isEqualTo(new ScanLocation.S3Object("scans", "ward 3/ct.nii.gz"));
        assertThat(l.fileName()).isEqualTo("ct.nii.gz");
        assertThat(l.uri()).isEqualTo("s3://scans/ward 3/ct.nii.gz");
    }

    @Test
    void fileReferenceIsDecodedToAnAbsolutePath() {
        assertThat(ScanLocation.parse("file:///data/ward%203/ct.nii.gz"))
                .isEqualTo(new ScanLocation.LocalFile(Path.of("/data/ward 3/ct.nii.gz")));
        // Unencoded spaces, as people type them.
        assertThat(ScanLocation.parse("file:///data/ward 3/ct.nii.gz"))
                .isEqualTo(new ScanLocation.LocalFile(Path.of("/data/ward 3/ct.nii.gz")));
        assertThat(ScanLocation.parse("file://localhost/data/ct.nii.gz"))
                .isEqualTo(new ScanLocation.LocalFile(Path.of("/data/ct.nii.gz")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://scans/../x.nii.gz", "s3://scans/a/../../x", "s3://scans/a//b", "s3://scans/./a",
            "s3://scans/a\\b", "file:///data/../etc/passwd", "file:///data/%2e%2e/etc/passwd", "file:///data//x",
            "s3://scans/a/\u0000b"})
    void climbingReferencesAreForbidden(String reference) {
        assertThatThrownBy(() -> ScanLocation.parse(reference)).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.status()).isEqualTo(403));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://host/ct.nii.gz", "https://bucket.s3.amazonaws.com/ct", "ftp://x/y", "ct.nii.gz",
            "/data/ct.nii.gz", "s3://scans", "s3://scans/", "s3://Not_A_Bucket/x", "file:relative/ct.nii.gz",
            "file://remote-host/data/ct.nii.gz", " "})
    void otherReferencesAreMalformed(String reference) {
        assertThatThrownBy(() -> ScanLocation.parse(reference)).isInstanceOfSatisfying(ProblemException.class,
                p -> assertThat(p.status()).isEqualTo(400));
    }
}
