package org.lungseg.function;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@code segment} reads as JSON. Exactly one scan, given one of three ways:
 * <ul>
 *   <li>{@code scan}: a reference, {@code s3://bucket/key} or {@code file:///path};</li>
 *   <li>{@code data}: the scan itself, base64 (with an optional file {@code name});</li>
 *   <li>{@code Records}: an S3 bucket notification (what AWS S3, MinIO, Ceph and others send on
 *   upload), holding one {@code ObjectCreated} record.</li>
 * </ul>
 *
 * @param id      the scan id for results and logs; by default the reference, or a digest of the data
 * @param scan    a scan reference
 * @param data    the scan's bytes (base64 in JSON)
 * @param name    the file name of inline data, e.g. {@code ct.nii.gz}
 * @param outputs {@code store} (next to a referenced scan), {@code inline} (base64 in the result)
 *                or {@code none}; by default store for references and inline for uploads
 * @param records the bucket notification's records
 * @param series  for a DICOM zip holding several series: the SeriesInstanceUID to read (by default
 *                the largest axial CT series); ignored for NIfTI
 */
public record SegmentRequest(String id, String scan, byte[] data, String name, String outputs,
                             @JsonProperty("Records") List<S3EventRecord> records, String series) {

    /** One record of an S3 event notification: only the fields the function uses. */
    public record S3EventRecord(@JsonAlias("EventName") String eventName, S3Entity s3) {
    }

    public record S3Entity(S3Bucket bucket, @JsonProperty("object") S3ObjectEntity object) {
    }

    public record S3Bucket(String name) {
    }

    /** {@code key} is URL-encoded in notifications (spaces as {@code +}). */
    public record S3ObjectEntity(String key, Long size) {
    }
}
