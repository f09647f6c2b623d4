package org.lungseg.dicom;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lungseg.volume.InvalidScanException;

/**
 * The technical header of one DICOM image: what series it belongs to, where it lies and how its
 * pixels are stored. Of the patient-facing attributes it holds only those a caller asked for.
 *
 * @param transferSyntax null when not supported; {@code transferSyntaxUid} names it
 * @param position    Image Position (Patient), LPS mm; null when missing
 * @param orientation Image Orientation (Patient), row then column direction cosines; null when missing
 * @param pixelSpacing row spacing (between rows) then column spacing, mm; null when missing
 * @param padding     Pixel Padding Value as a stored value; null when absent
 * @param paddingLimit Pixel Padding Range Limit as a stored value; null when absent
 * @param frame       the frame of a multi-frame (Enhanced CT) file, from 0; -1 for a single-frame image
 */
record SliceHeader(String source, TransferSyntax transferSyntax, String transferSyntaxUid, Kind kind, String sopInstanceUid,
                   String seriesUid, List<String> imageType, PixelFormat format,
                   double slope, double intercept, boolean rescaled, Long padding, Long paddingLimit,
                   double[] position, double[] orientation, double[] pixelSpacing,
                   Map<DicomAttribute, String> attributes, int frame) {

    /** What a file is, as far as choosing a CT series goes. */
    enum Kind { NOT_AN_IMAGE, CT_IMAGE, MULTI_FRAME_CT, OTHER_IMAGE }

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final Set<String> MULTI_FRAME_CT_STORAGE = Set.of(
            "1.2.840.10008.5.1.4.1.1.2.1",  // Enhanced CT
            "1.2.840.10008.5.1.4.1.1.2.2"); // Legacy Converted Enhanced CT

    /** Tags the parser must keep to build a header, plus those of the requested attributes. */
    static Set<Integer> tagsToKeep(Set<DicomAttribute> requested) {
        java.util.HashSet<Integer> tags = new java.util.HashSet<>(List.of(DicomTag.SPECIFIC_CHARACTER_SET,
                DicomTag.IMAGE_TYPE, DicomTag.SOP_CLASS_UID, DicomTag.SOP_INSTANCE_UID, DicomTag.MODALITY,
                DicomTag.SERIES_INSTANCE_UID, DicomTag.IMAGE_POSITION_PATIENT,
                DicomTag.IMAGE_ORIENTATION_PATIENT, DicomTag.SAMPLES_PER_PIXEL, DicomTag.PHOTOMETRIC_INTERPRETATION,
                DicomTag.NUMBER_OF_FRAMES, DicomTag.ROWS, DicomTag.COLUMNS, DicomTag.PIXEL_SPACING,
                DicomTag.BITS_ALLOCATED, DicomTag.BITS_STORED, DicomTag.HIGH_BIT, DicomTag.PIXEL_REPRESENTATION,
                DicomTag.PIXEL_PADDING_VALUE, DicomTag.PIXEL_PADDING_RANGE_LIMIT, DicomTag.RESCALE_INTERCEPT,
                DicomTag.RESCALE_SLOPE, DicomTag.SHARED_FUNCTIONAL_GROUPS, DicomTag.PER_FRAME_FUNCTIONAL_GROUPS,
                DicomTag.FRAME_CONTENT, DicomTag.STACK_ID, DicomTag.PLANE_POSITION, DicomTag.PLANE_ORIENTATION,
                DicomTag.PIXEL_MEASURES, DicomTag.PIXEL_VALUE_TRANSFORMATION));
        requested.forEach(a -> tags.add(a.tag()));
        return tags;
    }

    static SliceHeader of(DicomDataset ds, Set<DicomAttribute> requested) {
        String source = ds.source();
        String sopClass = orEmpty(ds.text(DicomTag.SOP_CLASS_UID));
        String modality = orEmpty(ds.text(DicomTag.MODALITY));
        PixelFormat format = ds.pixelData() == null || !ds.has(DicomTag.ROWS) ? null : format(ds);
        Kind kind = kind(format, sopClass, modality);
        Double slope = slope(ds);
        Double intercept = intercept(ds);
        boolean signed = format != null && format.signed();
        Map<DicomAttribute, String> attributes = new EnumMap<>(DicomAttribute.class);
        for (DicomAttribute a : requested) {
            String v = ds.text(a.tag());
            if (v != null) {
                attributes.put(a, v);
            }
        }
        return new SliceHeader(source, ds.transferSyntax(), ds.transferSyntaxUid(), kind, orEmpty(ds.text(DicomTag.SOP_INSTANCE_UID)),
                orEmpty(ds.text(DicomTag.SERIES_INSTANCE_UID)),
                List.of(ds.texts(DicomTag.IMAGE_TYPE)), format,
                slope == null ? 1 : slope, intercept == null ? 0 : intercept, slope != null || intercept != null,
                padding(ds, DicomTag.PIXEL_PADDING_VALUE, "PixelPaddingValue", signed),
                padding(ds, DicomTag.PIXEL_PADDING_RANGE_LIMIT, "PixelPaddingRangeLimit", signed),
                vector(ds, DicomTag.IMAGE_POSITION_PATIENT, "ImagePositionPatient", 3),
                vector(ds, DicomTag.IMAGE_ORIENTATION_PATIENT, "ImageOrientationPatient", 6),
                vector(ds, DicomTag.PIXEL_SPACING, "PixelSpacing", 2),
                attributes, -1);
    }

    /**
     * Frame {@code index} of this multi-frame file as a slice of its own: named after the file and
     * frame, placed by the frame's functional groups, rescaled by its own slope and intercept when it
     * has them (else the file's).
     */
    SliceHeader frame(int index, double[] framePosition, double[] frameOrientation, double[] framePixelSpacing,
                      Double frameSlope, Double frameIntercept) {
        boolean own = frameSlope != null || frameIntercept != null;
        return new SliceHeader(source + " frame " + (index + 1), transferSyntax, transferSyntaxUid, kind, sopInstanceUid,
                seriesUid, imageType, format, own ? (frameSlope == null ? 1 : frameSlope) : slope,
                own ? (frameIntercept == null ? 0 : frameIntercept) : intercept, own || rescaled, padding, paddingLimit,
                framePosition, frameOrientation, framePixelSpacing, attributes, index);
    }

    /** Rescale slope and intercept as they are found in a dataset or functional group item, null when absent. */
    static Double slope(DicomDataset ds) {
        Double slope = ds.decimal(DicomTag.RESCALE_SLOPE, "RescaleSlope");
        if (slope != null && slope == 0) {
            throw new InvalidScanException(ds.source() + ": RescaleSlope (0028,1053) is 0: every voxel would be the same");
        }
        return slope;
    }

    static Double intercept(DicomDataset ds) {
        return ds.decimal(DicomTag.RESCALE_INTERCEPT, "RescaleIntercept");
    }

    boolean localizer() {
        return imageType.stream().anyMatch(t -> t.equalsIgnoreCase("LOCALIZER"));
    }

    /** A frame of a multi-frame (Enhanced CT) file rather than a single-frame image. */
    boolean isFrame() {
        return frame >= 0;
    }

    boolean derived() {
        return !imageType.isEmpty() && imageType.get(0).equalsIgnoreCase("DERIVED");
    }

    private static Kind kind(PixelFormat format, String sopClass, String modality) {
        if (format == null) {
            return Kind.NOT_AN_IMAGE;
        }
        if (MULTI_FRAME_CT_STORAGE.contains(sopClass) || (format.frames() > 1 && isCt(sopClass, modality))) {
            return Kind.MULTI_FRAME_CT;
        }
        return isCt(sopClass, modality) ? Kind.CT_IMAGE : Kind.OTHER_IMAGE;
    }

    private static boolean isCt(String sopClass, String modality) {
        return sopClass.equals(CT_IMAGE_STORAGE) || (sopClass.isEmpty() && modality.equalsIgnoreCase("CT"));
    }

    private static PixelFormat format(DicomDataset ds) {
        String source = ds.source();
        Integer samples = ds.unsignedShort(DicomTag.SAMPLES_PER_PIXEL, "SamplesPerPixel");
        String photometric = ds.text(DicomTag.PHOTOMETRIC_INTERPRETATION);
        Double frames = ds.decimal(DicomTag.NUMBER_OF_FRAMES, "NumberOfFrames");
        int bitsAllocated = required(ds, DicomTag.BITS_ALLOCATED, "BitsAllocated");
        Integer bitsStored = ds.unsignedShort(DicomTag.BITS_STORED, "BitsStored");
        Integer highBit = ds.unsignedShort(DicomTag.HIGH_BIT, "HighBit");
        Integer representation = ds.unsignedShort(DicomTag.PIXEL_REPRESENTATION, "PixelRepresentation");
        int stored = bitsStored == null ? bitsAllocated : bitsStored;
        return new PixelFormat(required(ds, DicomTag.ROWS, "Rows"), required(ds, DicomTag.COLUMNS, "Columns"),
                samples == null ? 1 : samples, photometric == null ? "MONOCHROME2" : photometric.toUpperCase(java.util.Locale.ROOT),
                frames == null ? 1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(frames))),
                bitsAllocated, stored, highBit == null ? stored - 1 : highBit,
                representation != null && representation == 1);
    }

    private static int required(DicomDataset ds, int tag, String keyword) {
        Integer v = ds.unsignedShort(tag, keyword);
        if (v == null) {
            throw new InvalidScanException(ds.source() + ": image without " + keyword + " " + DicomTag.text(tag));
        }
        return v;
    }

    private static Long padding(DicomDataset ds, int tag, String keyword, boolean signed) {
        Integer raw = ds.unsignedShort(tag, keyword);
        if (raw == null) {
            return null;
        }
        return (long) (signed && raw >= 0x8000 ? raw - 0x10000 : raw);
    }

    static double[] vector(DicomDataset ds, int tag, String keyword, int count) {
        double[] v = ds.decimals(tag, keyword);
        if (v != null && v.length != count) {
            throw new InvalidScanException(ds.source() + ": " + keyword + " " + DicomTag.text(tag) + " has "
                    + v.length + " values, not " + count);
        }
        return v;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
