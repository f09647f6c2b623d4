package org.lungseg.dicom;

import org.lungseg.volume.InvalidScanException;

/**
 * A zipped series that inflates to more than the reader may hold: a zip bomb, more than one
 * study, or simply more than this process's memory allows. Its own type so that a service can
 * answer it as "too large" rather than "malformed".
 */
public final class ZipTooLargeException extends InvalidScanException {

    public ZipTooLargeException(String message) {
        super(message);
    }
}
