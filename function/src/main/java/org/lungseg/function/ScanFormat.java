package org.lungseg.function;

/**
 * What a scan's first bytes say it is: NIfTI (plain or gzip), or a zip holding a DICOM series
 * (read by org.lungseg.dicom); anything else goes to the NIfTI reader, whose message says what
 * is wrong.
 */
enum ScanFormat {
    NIFTI_GZ, ZIP, OTHER;

    static ScanFormat of(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return NIFTI_GZ;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return ZIP;
        }
        return OTHER;
    }
}
