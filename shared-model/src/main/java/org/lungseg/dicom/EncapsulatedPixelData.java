package org.lungseg.dicom;

import java.util.ArrayList;
import java.util.List;
import org.lungseg.volume.InvalidScanException;

/**
 * Compressed pixel data as DICOM encapsulates it: a basic offset table item, then fragment items,
 * then a sequence delimiter. A single-frame image is the concatenation of its fragments.
 */
final class EncapsulatedPixelData {

    /** One fragment's position in the file buffer. */
    record Fragment(int offset, int length) {
    }

    private EncapsulatedPixelData() {
    }

    /** The fragments after the offset table, each checked to lie within the file. */
    static List<Fragment> fragments(String source, ByteCursor c) {
        int table = c.tag();
        if (table != DicomTag.ITEM) {
            throw new InvalidScanException(source + ": corrupt compressed pixel data: expected the offset table item, found "
                    + DicomTag.text(table));
        }
        c.skip(definedLength(source, c), "basic offset table");
        List<Fragment> fragments = new ArrayList<>();
        while (true) {
            int tag = c.tag();
            long length = c.u32();
            if (tag == DicomTag.SEQUENCE_DELIMITATION) {
                break;
            }
            if (tag != DicomTag.ITEM || length == DicomParser.UNDEFINED_LENGTH) {
                throw new InvalidScanException(source + ": corrupt compressed pixel data: " + DicomTag.text(tag)
                        + (length == DicomParser.UNDEFINED_LENGTH ? " of undefined length" : "") + " where a fragment item belongs");
            }
            c.require(length, "compressed pixel data fragment");
            fragments.add(new Fragment(c.position(), (int) length));
            c.skip(length, "compressed pixel data fragment");
        }
        if (fragments.isEmpty()) {
            throw new InvalidScanException(source + ": compressed pixel data holds no fragment");
        }
        return fragments;
    }

    /** The compressed bytes of a single-frame image: its fragments joined. */
    static byte[] singleFrame(String source, DicomDataset.PixelData pixels) {
        ByteCursor c = new ByteCursor(source, pixels.buffer(), pixels.offset(), pixels.buffer().length, false);
        List<Fragment> fragments = fragments(source, c);
        long total = fragments.stream().mapToLong(Fragment::length).sum();
        byte[] frame = new byte[Math.toIntExact(total)];
        int at = 0;
        for (Fragment f : fragments) {
            System.arraycopy(pixels.buffer(), f.offset(), frame, at, f.length());
            at += f.length();
        }
        return frame;
    }

    private static long definedLength(String source, ByteCursor c) {
        long length = c.u32();
        if (length == DicomParser.UNDEFINED_LENGTH) {
            throw new InvalidScanException(source + ": corrupt compressed pixel data: offset table of undefined length");
        }
        return length;
    }
}
