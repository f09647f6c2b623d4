package org.lungseg.function;

import java.time.Duration;

/**
 * A request the function answers with a problem rather than a result: a forbidden location, a
 * missing object, a full queue. Carries the HTTP status and, for 503, when to retry.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final Duration retryAfter;

    private ProblemException(int status, String kind, String title, String detail, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    /** 400: the request itself is malformed (not the scan: that is an InvalidScanException). */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Malformed request", detail, null);
    }

    /** 403: a bucket, root or key that the configuration does not allow. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden-location", "Location not allowed", detail, null);
    }

    /** 404: the referenced object or file does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "scan-not-found", "Scan not found", detail, null);
    }

    /** 413: larger than this function accepts. */
    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "scan-too-large", "Scan too large", detail, null);
    }

    /** 415: a scan format that the function does not read (yet). */
    public static ProblemException unsupportedFormat(String detail) {
        return new ProblemException(415, "unsupported-format", "Unsupported scan format", detail, null);
    }

    /** 502: the object store failed in a way the client cannot fix. */
    public static ProblemException storeFailed(String detail) {
        return new ProblemException(502, "store-failed", "Object store failed", detail, null);
    }

    /** 503: every segmentation slot stayed taken for the whole wait. */
    public static ProblemException busy(String detail, Duration retryAfter) {
        return new ProblemException(503, "busy", "Busy", detail, retryAfter);
    }

    /** 503: the model is not loaded (still warming up, or it failed to load). */
    public static ProblemException notReady(String detail, Duration retryAfter) {
        return new ProblemException(503, "not-ready", "Model not ready", detail, retryAfter);
    }

    public int status() {
        return status;
    }

    /** The problem type's last URN segment, e.g. {@code forbidden-location}. */
    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    /** When a client may retry (503 only), else null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
