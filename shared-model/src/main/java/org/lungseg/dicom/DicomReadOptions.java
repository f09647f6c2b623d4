package org.lungseg.dicom;

import java.util.EnumSet;
import java.util.Set;
import org.lungseg.nifti.NiftiReader;

/**
 * How to read a DICOM input: which series (null: the largest axial CT series), which header
 * attributes to hand back (none by default), and the bounds that keep a hostile input from
 * exhausting memory.
 *
 * @param seriesUid     the SeriesInstanceUID to read, or null to choose automatically
 * @param attributes    header attributes the caller asks for; nothing else is returned
 * @param maxVoxels     the most voxels (columns x rows x slices) a series may have
 * @param maxFiles      the most files in a folder or entries in a zip
 * @param maxFileBytes  the most bytes one file or zip entry may hold (inflated)
 * @param maxZipBytes   the most bytes all entries of a zip may inflate to together
 */
public record DicomReadOptions(String seriesUid, Set<DicomAttribute> attributes, long maxVoxels, int maxFiles,
                               long maxFileBytes, long maxZipBytes) {

    public static final int DEFAULT_MAX_FILES = 20_000;
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;

    public DicomReadOptions {
        attributes = attributes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(attributes));
        if (maxVoxels <= 0 || maxVoxels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxVoxels must be in 1.." + (Integer.MAX_VALUE - 8));
        }
        if (maxFiles <= 0 || maxFileBytes <= 0 || maxZipBytes <= 0) {
            throw new IllegalArgumentException("file and zip limits must be positive");
        }
        maxFileBytes = Math.min(maxFileBytes, Integer.MAX_VALUE - 8);
    }

    /** Automatic series choice, no attributes, {@link NiftiReader#DEFAULT_MAX_VOXELS}. */
    public static DicomReadOptions defaults() {
        return new DicomReadOptions(null, Set.of(), NiftiReader.DEFAULT_MAX_VOXELS, DEFAULT_MAX_FILES,
                DEFAULT_MAX_FILE_BYTES, zipBytesFor(NiftiReader.DEFAULT_MAX_VOXELS));
    }

    /** Room for a series of {@code maxVoxels} 16-bit voxels plus the rest of a study's files. */
    private static long zipBytesFor(long maxVoxels) {
        return 2 * maxVoxels + (512L << 20);
    }

    public DicomReadOptions withSeries(String uid) {
        return new DicomReadOptions(uid, attributes, maxVoxels, maxFiles, maxFileBytes, maxZipBytes);
    }

    public DicomReadOptions withAttributes(Set<DicomAttribute> requested) {
        return new DicomReadOptions(seriesUid, requested, maxVoxels, maxFiles, maxFileBytes, maxZipBytes);
    }

    public DicomReadOptions withMaxVoxels(long voxels) {
        return new DicomReadOptions(seriesUid, attributes, voxels, maxFiles, maxFileBytes, zipBytesFor(voxels));
    }

    public DicomReadOptions withFileLimits(int files, long fileBytes, long zipBytes) {
        return new DicomReadOptions(seriesUid, attributes, maxVoxels, files, fileBytes, zipBytes);
    }
}
