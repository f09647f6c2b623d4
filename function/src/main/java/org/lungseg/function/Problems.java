package org.lungseg.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.Locale;
import org.lungseg.dicom.ZipTooLargeException;
import org.lungseg.inference.ScanTooLargeException;
import org.lungseg.volume.InvalidScanException;

/**
 * Turns whatever stopped a request into the problem the client gets. A client's mistake is always
 * a 4xx with a message that says what to fix; only the function's own faults are 500.
 */
final class Problems {

    private Problems() {
    }

    /**
     * @param failure    what was thrown, possibly wrapped by Funqy; null when the framework failed
     *                   the request with a bare status
     * @param statusCode the status the framework chose, or -1
     */
    static Problem of(Throwable failure, int statusCode) {
        String scanId = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SegmentationFailure f) {
                scanId = f.scanId();
            } else if (t instanceof ProblemException p) {
                return Problem.of(p.kind(), p.title(), p.status(), p.getMessage(), scanId);
            } else if (t instanceof ZipTooLargeException e) {
                return Problem.of("scan-too-large", "Scan too large", 413, e.getMessage()
                        + " A zip may inflate to half of lungseg.memory-limit (env LUNGSEG_MEMORY_LIMIT).", scanId);
            } else if (t instanceof ScanTooLargeException e) {
                // The budget's message is shared with the CLI; here the setting has a name.
                return Problem.of("scan-too-large", "Scan too large", 413, e.getMessage()
                        + " This function's memory limit is lungseg.memory-limit (env LUNGSEG_MEMORY_LIMIT).", scanId);
            } else if (t instanceof InvalidScanException e) {
                return Problem.of("invalid-scan", "Invalid scan", 400, e.getMessage(), scanId);
            } else if (isMalformedEvent(t)) {
                return Problem.of("malformed-event", "Malformed CloudEvent", 400,
                        "This CloudEvent could not be read: a structured event (application/cloudevents+json) is a"
                                + " JSON object with specversion, id, source and type, and data_base64 must be base64;"
                                + " events other than " + SegmentFunction.UPLOADED_TYPE + " carry JSON data such as"
                                + " {\"scan\": \"s3://bucket/key.nii.gz\"} or an object store's notification.", scanId);
            } else if (isUnreadableEventData(t)) {
                // An event type that reaches `segment` through the catch-all, with a body that is not JSON.
                return Problem.of("unsupported-event-data", "Unsupported event data", 415,
                        "This event's data is not JSON, and only events of type " + SegmentFunction.UPLOADED_TYPE
                                + " may carry a scan as raw bytes; other events carry JSON such as"
                                + " {\"scan\": \"s3://bucket/key.nii.gz\"} or an object store's notification.", scanId);
            }
        }
        return switch (statusCode) {
            case 400 -> Problem.of("bad-request", "Malformed request", 400,
                    "The request body is not what this function reads: send JSON such as"
                            + " {\"scan\": \"s3://bucket/key.nii.gz\"} or {\"data\": \"<base64>\"} with"
                            + " Content-Type application/json, or the scan itself as a binary CloudEvent of type "
                            + SegmentFunction.UPLOADED_TYPE + ".", scanId);
            case 404 -> Problem.of("no-such-function", "Not found", 404,
                    "Nothing answers here: POST JSON to /segment, or a CloudEvent of type "
                            + SegmentFunction.UPLOADED_TYPE + " to /.", scanId);
            case 405 -> Problem.of("method-not-allowed", "Method not allowed", 405, "Use POST.", scanId);
            // Funqy says 406 for a request body it cannot take, which HTTP calls 415 (406 is about Accept).
            case 406, 415 -> Problem.of("unsupported-media-type", "Unsupported media type", 415,
                    "Send Content-Type application/json, or a CloudEvent (ce-* headers, or"
                            + " application/cloudevents+json).", scanId);
            case 413 -> Problem.of("body-too-large", "Request body too large", 413,
                    "The upload is larger than this function accepts in one request"
                            + " (quarkus.http.limits.max-body-size): put the scan in the object store and send"
                            + " {\"scan\": \"s3://bucket/key\"} instead.", scanId);
            default -> statusCode >= 400 && statusCode < 500
                    ? Problem.of("client-error", "Request refused", statusCode,
                            "HTTP " + statusCode + " for this request.", scanId)
                    : Problem.of("internal-error", "Internal error", 500, internalDetail(failure), scanId);
        };
    }

    /**
     * Funqy's refusal of a CloudEvent body it cannot bind to the function's input (a plain
     * RuntimeException, recognised by its message): the client's content type, not our failure.
     */
    private static boolean isUnreadableEventData(Throwable t) {
        return t.getClass() == RuntimeException.class && t.getMessage() != null
                && t.getMessage().startsWith("Don't know how to get event data");
    }

    /**
     * A failure of Funqy's binding of a CloudEvent to the function's input (missing attributes, a
     * body that is not JSON, bad base64): an exception of the kinds malformed input raises, thrown
     * from Funqy's bindings (or from the JDK or Jackson code they called) before any lungseg code
     * ran. A failure inside lungseg's own code has a lungseg frame first and is not one.
     */
    private static boolean isMalformedEvent(Throwable t) {
        boolean inputKind = t instanceof NullPointerException || t instanceof IllegalArgumentException
                || t instanceof java.io.UncheckedIOException || t instanceof JsonProcessingException
                || t instanceof ClassCastException;
        if (!inputKind) {
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.fasterxml.")) {
                continue;
            }
            return c.startsWith("io.quarkus.funqy.runtime.bindings.");
        }
        return false;
    }

    /** Whether the service already logged and counted this failure. */
    static boolean fromService(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SegmentationFailure) {
                return true;
            }
        }
        return false;
    }

    /** When the client may retry, for a 503 that says so; else null. */
    static Duration retryAfter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p.retryAfter();
            }
        }
        return null;
    }

    private static String internalDetail(Throwable failure) {
        String what = failure == null ? "unknown" : failure.getClass().getSimpleName();
        return String.format(Locale.ROOT, "The function failed (%s); the log of this instance has the details.", what);
    }
}
