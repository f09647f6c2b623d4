package org.lungseg.dicom;

import org.lungseg.volume.InvalidScanException;

/**
 * How one image's pixels are laid out (the Image Pixel module), checked for what a CT reader can
 * take: one greyscale sample of 8, 16 or 32 bits allocated.
 *
 * @param highBit the most significant stored bit; the stored bits end there
 * @param signed  Pixel Representation 1: stored values are two's complement
 */
record PixelFormat(int rows, int columns, int samplesPerPixel, String photometric, int frames,
                   int bitsAllocated, int bitsStored, int highBit, boolean signed) {

    /** Refuses what this reader cannot turn into CT numbers, naming the attribute. */
    void validate(String source) {
        if (rows <= 0 || columns <= 0) {
            throw new InvalidScanException(source + ": image of " + columns + "x" + rows + " pixels (Rows and Columns must be positive)");
        }
        if (samplesPerPixel != 1 || !(photometric.equals("MONOCHROME2") || photometric.equals("MONOCHROME1"))) {
            throw new InvalidScanException(source + ": photometric interpretation '" + photometric + "' with "
                    + samplesPerPixel + " samples per pixel is not supported: lungseg reads greyscale CT (MONOCHROME1/2)");
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new InvalidScanException(source + ": Bits Allocated " + bitsAllocated + " is not supported (8, 16 or 32)");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new InvalidScanException(source + ": inconsistent pixel bits: Bits Allocated " + bitsAllocated
                    + ", Bits Stored " + bitsStored + ", High Bit " + highBit);
        }
    }

    long pixelsPerFrame() {
        return (long) rows * columns;
    }

    /** Bytes one native (uncompressed) frame occupies. */
    long nativeFrameBytes() {
        return pixelsPerFrame() * (bitsAllocated / 8);
    }

    /**
     * The stored value held in an uncompressed sample word: the Bits Stored bits ending at High Bit
     * (other bits may hold overlays or garbage), sign-extended when signed.
     */
    long storedValue(long word) {
        return lowBits(word >>> (highBit + 1 - bitsStored));
    }

    /** The stored value of a decompressed sample, which codecs align at bit 0. */
    long decodedValue(long sample) {
        return lowBits(sample);
    }

    private long lowBits(long v) {
        long low = v & ((1L << bitsStored) - 1);
        return signed && (low & (1L << (bitsStored - 1))) != 0 ? low - (1L << bitsStored) : low;
    }

    String describe() {
        return columns + "x" + rows + ", " + bitsStored + "/" + bitsAllocated + " bits " + (signed ? "signed" : "unsigned");
    }
}
