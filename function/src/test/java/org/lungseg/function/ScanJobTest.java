package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScanJobTest {

    private static SegmentRequest notification(String eventName, String bucket, String key) {
        return new SegmentRequest(null, null, null, null, null, List.of(new SegmentRequest.S3EventRecord(eventName,
                new SegmentRequest.S3Entity(new SegmentRequest.S3Bucket(bucket),
                        new SegmentRequest.S3ObjectEntity(key, 10L)))), null);
    }

    @Test
    void notificationKeysAreUrlDecoded() {
        ScanJob job = ScanJob.of(notification("s3:ObjectCreated:Put", "scans", "ward+3/%C3%A9t%C3%A9+ct.nii.gz"));
        assertThat(job.location()).isEqualTo(new ScanLocation.S3Object("scans", "ward 3/été ct.nii.gz"));
        assertThat(job.id()).isEqualTo("s3://scans/ward 3/été ct.nii.gz");
        assertThat(job.outputs()).isEqualTo(OutputMode.STORE);
    }

    @Test
    void encodedClimbingInANotificationIsStillForbidden() {
        assertThatThrownBy(() -> ScanJob.of(notification("ObjectCreated:Put", "scans", "a%2F..%2F..%2Fx.nii.gz")))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(403));
    }

    @Test
    void onlyUploadsAreSegmented() {
        assertThatThrownBy(() -> ScanJob.of(notification("s3:ObjectRemoved:Delete", "scans", "a.nii.gz")))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.getMessage()).contains("not an upload"));
    }

    @Test
    void uploadsDefaultToInlineOutputsAndADigestId() {
        byte[] gz = {0x1f, (byte) 0x8b, 8, 0};
        ScanJob job = ScanJob.of(new SegmentRequest(null, null, gz, null, null, null, null));
        assertThat(job.outputs()).isEqualTo(OutputMode.INLINE);
        assertThat(job.uploadName()).isEqualTo("upload.nii.gz");
        assertThat(job.id()).matches("upload-[0-9a-f]{12}");
        assertThat(ScanJob.of(new SegmentRequest(null, null, gz, null, null, null, null)).id()).isEqualTo(job.id());
    }

    @Test
    void exactlyOneScanPerRequest() {
        assertThatThrownBy(() -> ScanJob.of(new SegmentRequest(null, "s3://scans/a", new byte[1], null, null, null, null)))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> ScanJob.of(new SegmentRequest(null, null, null, null, null, List.of(), null)))
                .isInstanceOf(ProblemException.class);
    }
}
