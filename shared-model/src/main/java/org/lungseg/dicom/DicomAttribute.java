package org.lungseg.dicom;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The header attributes a caller may ask for by keyword. DICOM headers carry patient data, so the
 * reader hands out nothing but geometry unless a caller names attributes here; nothing else leaves
 * the reader, in results, logs or error messages.
 */
public enum DicomAttribute {
    PATIENT_NAME("PatientName", 0x00100010),
    PATIENT_ID("PatientID", 0x00100020),
    PATIENT_BIRTH_DATE("PatientBirthDate", 0x00100030),
    PATIENT_SEX("PatientSex", 0x00100040),
    PATIENT_AGE("PatientAge", 0x00101010),
    STUDY_INSTANCE_UID("StudyInstanceUID", 0x0020000D),
    STUDY_DATE("StudyDate", 0x00080020),
    STUDY_DESCRIPTION("StudyDescription", 0x00081030),
    ACCESSION_NUMBER("AccessionNumber", 0x00080050),
    SERIES_INSTANCE_UID("SeriesInstanceUID", DicomTag.SERIES_INSTANCE_UID),
    SERIES_NUMBER("SeriesNumber", DicomTag.SERIES_NUMBER),
    SERIES_DESCRIPTION("SeriesDescription", 0x0008103E),
    FRAME_OF_REFERENCE_UID("FrameOfReferenceUID", 0x00200052),
    MODALITY("Modality", DicomTag.MODALITY),
    MANUFACTURER("Manufacturer", 0x00080070),
    MANUFACTURER_MODEL_NAME("ManufacturerModelName", 0x00081090),
    INSTITUTION_NAME("InstitutionName", 0x00080080),
    BODY_PART_EXAMINED("BodyPartExamined", 0x00180015),
    CONTRAST_BOLUS_AGENT("ContrastBolusAgent", 0x00180010),
    SLICE_THICKNESS("SliceThickness", 0x00180050),
    KVP("KVP", 0x00180060),
    CONVOLUTION_KERNEL("ConvolutionKernel", 0x00181210),
    PATIENT_POSITION("PatientPosition", 0x00185100);

    private final String keyword;
    private final int tag;

    DicomAttribute(String keyword, int tag) {
        this.keyword = keyword;
        this.tag = tag;
    }

    /** The DICOM keyword, e.g. {@code SeriesDescription}. */
    public String keyword() {
        return keyword;
    }

    int tag() {
        return tag;
    }

    /** The attribute with this DICOM keyword (case-insensitive). */
    public static DicomAttribute ofKeyword(String keyword) {
        for (DicomAttribute a : values()) {
            if (a.keyword.equalsIgnoreCase(keyword.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown or not allowed DICOM attribute '" + keyword + "'; allowed: "
                + Arrays.stream(values()).map(DicomAttribute::keyword).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return keyword + " " + DicomTag.text(tag).toLowerCase(Locale.ROOT);
    }
}
