package org.lungseg.dicom;

import java.util.Locale;

/** The data element tags this reader interprets, as {@code group << 16 | element}. */
final class DicomTag {

    static final int TRANSFER_SYNTAX_UID = 0x00020010;
    static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    static final int IMAGE_TYPE = 0x00080008;
    static final int SOP_CLASS_UID = 0x00080016;
    static final int SOP_INSTANCE_UID = 0x00080018;
    static final int MODALITY = 0x00080060;
    static final int SERIES_INSTANCE_UID = 0x0020000E;
    static final int SERIES_NUMBER = 0x00200011;
    static final int IMAGE_POSITION_PATIENT = 0x00200032;
    static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
    static final int SAMPLES_PER_PIXEL = 0x00280002;
    static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    static final int NUMBER_OF_FRAMES = 0x00280008;
    static final int ROWS = 0x00280010;
    static final int COLUMNS = 0x00280011;
    static final int PIXEL_SPACING = 0x00280030;
    static final int BITS_ALLOCATED = 0x00280100;
    static final int BITS_STORED = 0x00280101;
    static final int HIGH_BIT = 0x00280102;
    static final int PIXEL_REPRESENTATION = 0x00280103;
    static final int PIXEL_PADDING_VALUE = 0x00280120;
    static final int PIXEL_PADDING_RANGE_LIMIT = 0x00280121;
    static final int RESCALE_INTERCEPT = 0x00281052;
    static final int RESCALE_SLOPE = 0x00281053;
    static final int PIXEL_DATA = 0x7FE00010;

    // Enhanced (multi-frame) CT: functional groups and the attributes inside them.
    static final int SHARED_FUNCTIONAL_GROUPS = 0x52009229;
    static final int PER_FRAME_FUNCTIONAL_GROUPS = 0x52009230;
    static final int FRAME_CONTENT = 0x00209111;
    static final int STACK_ID = 0x00209056;
    static final int PLANE_POSITION = 0x00209113;
    static final int PLANE_ORIENTATION = 0x00209116;
    static final int PIXEL_MEASURES = 0x00289110;
    static final int PIXEL_VALUE_TRANSFORMATION = 0x00289145;

    /** The sequences this reader looks into; all others are stepped over. */
    private static final java.util.Set<Integer> SEQUENCES = java.util.Set.of(SHARED_FUNCTIONAL_GROUPS,
            PER_FRAME_FUNCTIONAL_GROUPS, FRAME_CONTENT, PLANE_POSITION, PLANE_ORIENTATION, PIXEL_MEASURES,
            PIXEL_VALUE_TRANSFORMATION);

    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITATION = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private DicomTag() {
    }

    /** Whether the reader reads this tag's items (an implicit VR file does not say it is a sequence). */
    static boolean isReadSequence(int tag) {
        return SEQUENCES.contains(tag);
    }

    static int group(int tag) {
        return tag >>> 16;
    }

    /** The conventional {@code (gggg,eeee)} notation. */
    static String text(int tag) {
        return String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
