package org.lungseg.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Finding elements in the real cip-ct64 files (Part 10, implicit VR little endian) that tests edit. */
final class ImplicitVrFile {

    private ImplicitVrFile() {
    }

    /** Offset of a top-level element's tag in a Part 10 file with an implicit VR little endian dataset. */
    static int offsetOf(byte[] b, int tag) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int at = 132 + 12 + buf.getInt(132 + 8);  // past (0002,0000) UL and the group it counts
        while (at + 8 <= b.length) {
            int t = (buf.getShort(at) & 0xFFFF) << 16 | (buf.getShort(at + 2) & 0xFFFF);
            if (t == tag) {
                return at;
            }
            at += 8 + buf.getInt(at + 4);
        }
        throw new AssertionError("no " + DicomTag.text(tag));
    }
}
