package org.lungseg.dicom;

import java.util.List;
import org.lungseg.volume.InvalidScanException;

/**
 * The pixel data of a multi-frame file, frame by frame, through the same codecs as single-frame
 * images: native data split by frame size (all frames must be there), compressed data one fragment
 * per frame or as the basic offset table divides it. Checked once, when built.
 */
final class MultiFramePixels {

    private final DicomDataset ds;
    private final PixelFormat format;
    /** Each frame's fragments; null for native pixel data. */
    private final List<List<EncapsulatedPixelData.Fragment>> compressed;

    MultiFramePixels(DicomDataset ds, PixelFormat format) {
        this.ds = ds;
        this.format = format;
        if (FrameDecoder.supported(ds).encapsulated()) {
            compressed = EncapsulatedPixelData.frames(ds.source(), ds.pixelData(), format.frames());
        } else {
            compressed = null;
            long needed = format.nativeFrameBytes() * format.frames();
            if (ds.pixelData().length() < needed) {
                throw new InvalidScanException(ds.source() + ": pixel data holds " + ds.pixelData().length() + " bytes but "
                        + format.frames() + " frames of " + format.describe() + " need " + needed);
            }
        }
    }

    /** Stored values (before rescaling) of frame {@code frame}, from 0. */
    long[] storedValues(int frame) {
        return compressed == null ? FrameDecoder.nativeFrame(ds, format, frame)
                : FrameDecoder.compressedFrame(ds, format, EncapsulatedPixelData.join(ds.pixelData(), compressed.get(frame)));
    }
}
