package org.lungseg.inference;

import org.lungseg.volume.InvalidScanException;

/**
 * A scan whose segmentation would need more memory than this process may use. Raised from the
 * header, before the voxels are decoded, so that a too-large upload costs nothing.
 */
public class ScanTooLargeException extends InvalidScanException {

    public ScanTooLargeException(String message) {
        super(message);
    }
}
