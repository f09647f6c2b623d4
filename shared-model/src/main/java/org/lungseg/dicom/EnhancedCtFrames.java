package org.lungseg.dicom;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.lungseg.volume.InvalidScanException;

/**
 * The frames of one multi-frame (Enhanced or Legacy Converted Enhanced) CT file as slices, placed
 * by their functional groups: Plane Position, Plane Orientation, Pixel Measures and Pixel Value
 * Transformation, each from the frame's own group or else the shared one. They then go through the
 * same series choice and {@link StackGeometry} as the slices of a classic series. Only the simple
 * case is read: one stack of parallel frames with one orientation and one pixel spacing; anything
 * else is refused naming what differs, rather than read into a wrong volume.
 */
final class EnhancedCtFrames {

    private EnhancedCtFrames() {
    }

    /** One slice per frame, in frame order; {@code file} is the file's own header. */
    static List<SliceHeader> of(DicomDataset ds, SliceHeader file) {
        String source = ds.source();
        List<DicomDataset> perFrame = ds.items(DicomTag.PER_FRAME_FUNCTIONAL_GROUPS);
        DicomDataset shared = ds.item(DicomTag.SHARED_FUNCTIONAL_GROUPS);
        int frames = numberOfFrames(ds);
        if (perFrame.isEmpty()) {
            throw new InvalidScanException(source + ": multi-frame CT without a Per-frame Functional Groups Sequence "
                    + DicomTag.text(DicomTag.PER_FRAME_FUNCTIONAL_GROUPS) + ": its frames cannot be placed");
        }
        if (perFrame.size() != frames) {
            throw new InvalidScanException(source + ": NumberOfFrames " + DicomTag.text(DicomTag.NUMBER_OF_FRAMES)
                    + " is " + frames + " but the Per-frame Functional Groups Sequence holds " + perFrame.size() + " items");
        }
        List<SliceHeader> slices = new ArrayList<>(frames);
        Set<String> stacks = new LinkedHashSet<>();
        for (int f = 0; f < frames; f++) {
            Groups groups = new Groups(perFrame.get(f), shared);
            double[] position = groups.vector(DicomTag.PLANE_POSITION, DicomTag.IMAGE_POSITION_PATIENT, "ImagePositionPatient", 3);
            double[] orientation = groups.vector(DicomTag.PLANE_ORIENTATION, DicomTag.IMAGE_ORIENTATION_PATIENT,
                    "ImageOrientationPatient", 6);
            double[] spacing = groups.vector(DicomTag.PIXEL_MEASURES, DicomTag.PIXEL_SPACING, "PixelSpacing", 2);
            requirePresent(source, f, position, "Plane Position Sequence (0020,9113) > ImagePositionPatient");
            requirePresent(source, f, orientation, "Plane Orientation Sequence (0020,9116) > ImageOrientationPatient");
            requirePresent(source, f, spacing, "Pixel Measures Sequence (0028,9110) > PixelSpacing");
            DicomDataset rescale = groups.get(DicomTag.PIXEL_VALUE_TRANSFORMATION);
            SliceHeader slice = file.frame(f, position, orientation, spacing,
                    rescale == null ? null : SliceHeader.slope(rescale), rescale == null ? null : SliceHeader.intercept(rescale));
            if (f > 0) {
                requireSameAsFirst(slices.get(0), slice);
            }
            DicomDataset content = groups.get(DicomTag.FRAME_CONTENT);
            stacks.add(content == null || content.text(DicomTag.STACK_ID) == null ? "" : content.text(DicomTag.STACK_ID));
            slices.add(slice);
        }
        if (stacks.size() > 1) {
            throw new InvalidScanException(source + ": the frames form " + stacks.size() + " stacks (Stack ID "
                    + DicomTag.text(DicomTag.STACK_ID) + "); lungseg reads an Enhanced CT of one stack only");
        }
        return slices;
    }

    private static int numberOfFrames(DicomDataset ds) {
        Double n = ds.decimal(DicomTag.NUMBER_OF_FRAMES, "NumberOfFrames");
        if (n == null || n < 1 || n != Math.rint(n) || n > DicomParser.MAX_ITEMS) {
            throw new InvalidScanException(ds.source() + ": NumberOfFrames " + DicomTag.text(DicomTag.NUMBER_OF_FRAMES)
                    + (n == null ? " is missing" : " is " + (n == Math.rint(n) ? String.valueOf(n.longValue()) : String.valueOf(n))
                    + ", not a frame count from 1 to " + DicomParser.MAX_ITEMS));
        }
        return n.intValue();
    }

    /** The simple case: every frame parallel to the first, with its pixel spacing. */
    private static void requireSameAsFirst(SliceHeader first, SliceHeader frame) {
        if (!StackGeometry.sameOrientation(frame.orientation(), first.orientation())) {
            throw new InvalidScanException(frame.source() + " has another orientation than " + first.source()
                    + " (ImageOrientationPatient); lungseg reads an Enhanced CT of one stack of parallel frames");
        }
        if (!StackGeometry.samePixelSpacing(frame.pixelSpacing(), first.pixelSpacing())) {
            throw new InvalidScanException(frame.source() + " has another pixel spacing than " + first.source()
                    + " (PixelSpacing); lungseg reads an Enhanced CT whose frames share one pixel spacing");
        }
    }

    private static void requirePresent(String source, int frame, double[] value, String attribute) {
        if (value == null) {
            throw new InvalidScanException(source + " frame " + (frame + 1) + ": no " + attribute
                    + " in its own or the shared functional groups; without it the frame cannot be placed");
        }
    }

    /** A frame's functional groups: its own item of the per-frame sequence wins over the shared one. */
    private record Groups(DicomDataset perFrame, DicomDataset shared) {

        DicomDataset get(int sequence) {
            DicomDataset own = perFrame.item(sequence);
            return own != null || shared == null ? own : shared.item(sequence);
        }

        double[] vector(int sequence, int tag, String keyword, int count) {
            DicomDataset group = get(sequence);
            return group == null ? null : SliceHeader.vector(group, tag, keyword, count);
        }
    }
}
