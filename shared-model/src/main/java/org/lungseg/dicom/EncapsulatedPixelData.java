package org.lungseg.dicom;

import java.util.ArrayList;
import java.util.List;
import org.lungseg.volume.InvalidScanException;

/**
 * Compressed pixel data as DICOM encapsulates it: a basic offset table item, then fragment items,
 * then a sequence delimiter. A single-frame image is the concatenation of its fragments; the frames
 * of a multi-frame image are one fragment each, or divided by the offset table.
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
        return fragmentsAfterTable(source, c);
    }

    private static List<Fragment> fragmentsAfterTable(String source, ByteCursor c) {
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
        return join(pixels, frames(source, pixels, 1).get(0));
    }

    /** One frame's compressed bytes: its fragments joined. */
    static byte[] join(DicomDataset.PixelData pixels, List<Fragment> fragments) {
        long total = fragments.stream().mapToLong(Fragment::length).sum();
        byte[] frame = new byte[Math.toIntExact(total)];
        int at = 0;
        for (Fragment f : fragments) {
            System.arraycopy(pixels.buffer(), f.offset(), frame, at, f.length());
            at += f.length();
        }
        return frame;
    }

    /**
     * The fragments of each of {@code frames} frames: all of them when there is one frame, one
     * fragment per frame when the counts match, else as the basic offset table divides them.
     */
    static List<List<Fragment>> frames(String source, DicomDataset.PixelData pixels, int frames) {
        ByteCursor c = new ByteCursor(source, pixels.buffer(), pixels.offset(), pixels.buffer().length, false);
        if (c.tag() != DicomTag.ITEM) {
            throw new InvalidScanException(source + ": corrupt compressed pixel data: expected the offset table item");
        }
        long tableBytes = definedLength(source, c);
        if (frames == 1 || tableBytes == 0) {
            c.skip(tableBytes, "basic offset table");
            List<Fragment> fragments = fragmentsAfterTable(source, c);
            if (frames == 1) {
                return List.of(fragments);
            }
            if (fragments.size() != frames) {
                throw new InvalidScanException(source + ": compressed pixel data holds " + fragments.size()
                        + " fragments for " + frames + " frames and no basic offset table to divide them");
            }
            return fragments.stream().map(List::of).toList();
        }
        if (tableBytes != 4L * frames) {
            throw new InvalidScanException(source + ": the basic offset table has " + tableBytes / 4 + " entries for "
                    + frames + " frames");
        }
        long[] table = new long[frames];
        for (int f = 0; f < frames; f++) {
            table[f] = c.u32();
        }
        List<Fragment> fragments = fragmentsAfterTable(source, c);
        // Offsets count from the first fragment's item tag, 8 bytes before its value.
        int firstItem = fragments.get(0).offset() - 8;
        List<List<Fragment>> byFrame = new ArrayList<>(frames);
        int next = 0;
        for (int f = 0; f < frames; f++) {
            long end = f + 1 < frames ? table[f + 1] : Long.MAX_VALUE;
            if (next >= fragments.size() || fragments.get(next).offset() - 8 - firstItem != table[f] || end <= table[f]) {
                throw new InvalidScanException(source + ": corrupt basic offset table: the entry of frame " + (f + 1)
                        + " does not point at the start of its first fragment");
            }
            List<Fragment> frame = new ArrayList<>();
            while (next < fragments.size() && fragments.get(next).offset() - 8 - firstItem < end) {
                frame.add(fragments.get(next++));
            }
            byFrame.add(frame);
        }
        return byFrame;
    }

    private static long definedLength(String source, ByteCursor c) {
        long length = c.u32();
        if (length == DicomParser.UNDEFINED_LENGTH) {
            throw new InvalidScanException(source + ": corrupt compressed pixel data: offset table of undefined length");
        }
        return length;
    }
}
