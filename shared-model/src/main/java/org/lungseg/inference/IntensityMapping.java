package org.lungseg.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lungseg.volume.IntensityRange;
import org.lungseg.volume.Volume;

/**
 * Maps a scan's voxel values to the network's [0, 1] intensity space. CT in Hounsfield units is
 * clipped to the model's window and scaled; scans already stored as 8-bit 0..255 after that
 * windowing (the Radiopaedia half of COVID-19-CT-Seg) are divided by 255, which lands them in the
 * same space. Non-finite voxels count as air (0), the lowest value of both storages.
 *
 * @param storage  which of the two paths was taken
 * @param offset   subtracted before scaling
 * @param scale    multiplied after subtracting
 * @param range    the scan's intensity summary the decision was made on
 * @param warnings what a reader of the result should know about the decision
 */
public record IntensityMapping(IntensityStorage storage, float offset, float scale, IntensityRange range,
                               List<String> warnings) {

    /** How the scan's intensities were stored. */
    public enum IntensityStorage {
        /** Hounsfield units: air near -1000. */
        HOUNSFIELD("HU, clipped to the model window"),
        /** Whole numbers 0..255, already windowed to the model window. */
        WINDOWED_0_255("stored 0..255 (already windowed), divided by 255");

        private final String description;

        IntensityStorage(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public IntensityMapping {
        warnings = List.copyOf(warnings);
    }

    /** Decides the storage from the voxel values (one pass over the scan) for {@code card}'s window. */
    public static IntensityMapping detect(Volume scan, ModelCard card) {
        IntensityRange range = IntensityRange.of(scan.voxels());
        List<String> warnings = new ArrayList<>();
        if (range.nonFiniteCount() > 0) {
            warnings.add(range.nonFiniteCount() + " voxels are NaN or infinite; they count as air");
        }
        if (range.looksWindowed0To255()) {
            // A CT in HU never lies in 0..255 alone; a reader should know the scan was taken as pre-windowed.
            warnings.add(String.format(Locale.ROOT, "the scan is stored 0..255 (range %.0f..%.0f), not in HU: it was"
                    + " read as already windowed to [%.0f, %.0f] HU and divided by 255; check that it was",
                    range.min(), range.max(), card.windowLow(), card.windowHigh()));
            return new IntensityMapping(IntensityStorage.WINDOWED_0_255, 0f, 1f / 255f, range, warnings);
        }
        if (range.looksLikeMissingIntercept()) {
            warnings.add(String.format(Locale.ROOT, "no voxel is below 0 (range %.0f..%.0f): the scan may lack its"
                    + " rescale intercept (HU = stored - 1024); it was read as HU", range.min(), range.max()));
        } else if (Double.isFinite(range.mean()) && !range.looksLikeHounsfield()) {
            // Neither storage fits (e.g. floats 0..1): the segmentation will likely be empty, so say why.
            warnings.add(String.format(Locale.ROOT, "no voxel is below %.0f (range %g..%g): the scan looks like"
                    + " neither HU nor 0..255 storage; it was read as HU", IntensityRange.AIR_HU,
                    range.min(), range.max()));
        }
        double width = card.windowHigh() - card.windowLow();
        return new IntensityMapping(IntensityStorage.HOUNSFIELD, (float) card.windowLow(), (float) (1 / width), range,
                warnings);
    }

    /** The network intensity of one voxel value, in [0, 1]. */
    public float normalize(float value) {
        if (!Float.isFinite(value)) {
            return 0f;
        }
        float v = (value - offset) * scale;
        return v > 0 ? (v < 1 ? v : 1f) : 0f;
    }
}
