package org.lungseg.function;

/**
 * A failure while segmenting one scan, tagged with the scan's id so that the problem answer can
 * name it. The service has already logged and counted it.
 */
final class SegmentationFailure extends RuntimeException {

    private final String scanId;

    SegmentationFailure(String scanId, RuntimeException cause) {
        super(cause.getMessage(), cause, false, false);
        this.scanId = scanId;
    }

    String scanId() {
        return scanId;
    }
}
