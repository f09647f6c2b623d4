package org.lungseg.function;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One scan to segment, however it came: a reference ({@code location}) or an upload
 * ({@code upload}, named {@code uploadName}), with the id it is reported and logged under, what to
 * do with the outputs, and for a DICOM zip the series to read ({@code series}, null: the reader's
 * automatic choice).
 */
record ScanJob(String id, ScanLocation location, byte[] upload, String uploadName, OutputMode outputs, String series) {

    /**
     * The longest id: ids go into every log line of their scan. Room for the default id of a
     * reference, its URI (an S3 key may have 1024 bytes).
     */
    static final int MAX_ID_LENGTH = 1200;
    /** A SeriesInstanceUID: digits and dots, at most 64 characters. */
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    ScanJob {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("id must be 1 to " + MAX_ID_LENGTH + " characters without line breaks or"
                    + " other control characters (it is logged with the outcome)");
        }
        if (series != null && (series.length() > 64 || !UID.matcher(series).matches())) {
            throw ProblemException.badRequest("series must be a SeriesInstanceUID (digits and dots, at most 64"
                    + " characters)");
        }
        if (outputs == OutputMode.STORE && location == null) {
            throw ProblemException.badRequest("an uploaded scan has no store to write outputs to: ask for outputs"
                    + " inline or none, or send a reference instead");
        }
    }

    /** From the JSON request: a reference, inline data, or a bucket notification. */
    static ScanJob of(SegmentRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("the request is empty: send {\"scan\": \"s3://bucket/key\"} or"
                    + " {\"data\": \"<base64>\"}");
        }
        List<SegmentRequest.S3EventRecord> records = request.records() == null ? List.of() : request.records();
        int given = (request.scan() != null ? 1 : 0) + (request.data() != null ? 1 : 0) + (records.isEmpty() ? 0 : 1);
        if (given != 1) {
            throw ProblemException.badRequest("give exactly one of scan (a reference), data (the scan as base64) or"
                    + " Records (a bucket notification); this request gives " + given);
        }
        if (request.data() != null) {
            String name = request.name() == null || request.name().isBlank() ? defaultName(request.data()) : request.name();
            String id = request.id() != null ? request.id() : "upload-" + digest(request.data());
            return new ScanJob(id, null, request.data(), name, OutputMode.parse(request.outputs(), OutputMode.INLINE),
                    request.series());
        }
        ScanLocation location = request.scan() != null ? ScanLocation.parse(request.scan()) : fromNotification(records);
        String id = request.id() != null ? request.id() : location.uri();
        return new ScanJob(id, location, null, null, OutputMode.parse(request.outputs(), OutputMode.STORE),
                request.series());
    }

    /** From the body of a binary CloudEvent. */
    static ScanJob upload(String id, byte[] scan, String name, String outputs, String series) {
        String n = name == null || name.isBlank() ? defaultName(scan) : name;
        return new ScanJob(id == null ? "upload-" + digest(scan) : id, null, scan, n,
                OutputMode.parse(outputs, OutputMode.INLINE), series);
    }

    private static ScanLocation fromNotification(List<SegmentRequest.S3EventRecord> records) {
        if (records.size() != 1) {
            throw ProblemException.badRequest("the notification holds " + records.size()
                    + " records; the function segments one scan per invocation");
        }
        SegmentRequest.S3EventRecord r = records.get(0);
        if (r.eventName() != null && !r.eventName().replace("s3:", "").startsWith("ObjectCreated")) {
            throw ProblemException.badRequest("event '" + r.eventName() + "' is not an upload (ObjectCreated)");
        }
        if (r.s3() == null || r.s3().bucket() == null || r.s3().object() == null || r.s3().bucket().name() == null
                || r.s3().object().key() == null) {
            throw ProblemException.badRequest("the notification record names no s3.bucket.name and s3.object.key");
        }
        // Notifications carry keys URL-encoded, spaces as '+'.
        String key = URLDecoder.decode(r.s3().object().key(), StandardCharsets.UTF_8);
        return new ScanLocation.S3Object(r.s3().bucket().name(), key);
    }

    /** A name for messages that says what the bytes look like. */
    private static String defaultName(byte[] scan) {
        return switch (ScanFormat.of(scan)) {
            case NIFTI_GZ -> "upload.nii.gz";
            case ZIP -> "upload.zip";
            default -> "upload.nii";
        };
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(d, 0, 6).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
