package org.lungseg.volume;

/**
 * A scan (or model input) that cannot be used: malformed, truncated, hostile or simply not a 3D CT.
 * The message is written for a person and names what was wrong; callers map this to exit code 2
 * on the command line and HTTP 4xx in the function.
 */
public class InvalidScanException extends RuntimeException {

    public InvalidScanException(String message) {
        super(message);
    }

    public InvalidScanException(String message, Throwable cause) {
        super(message, cause);
    }
}
