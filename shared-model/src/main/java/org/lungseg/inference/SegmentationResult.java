package org.lungseg.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lungseg.inference.IntensityMapping.IntensityStorage;
import org.lungseg.label.Label;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.rle.Rle;
import org.lungseg.volume.LabelMap;

/**
 * The answer for one scan: the label map on the scan's own grid and affine (so it overlays the scan
 * in any viewer), lung and infection volumes, how the scan was read and prepared, which model
 * answered on which execution provider, how long each stage took, and anything the reader should
 * be warned about.
 *
 * @param labels       0 background, 1 left lung, 2 right lung, 3 infection, on the input's grid
 * @param measurements voxels and mL per lung and of infection, infection percent per lung
 * @param intensity    which intensity storage was detected
 * @param space        where the network grid lay in the scan (including any crop)
 * @param model        the model that answered
 * @param provider     the ONNX Runtime execution provider that ran it
 * @param timingsMs    milliseconds per stage, in order
 * @param warnings     things to know: repaired voxels, swapped-looking sides, missing lungs...
 */
public record SegmentationResult(LabelMap labels, LungMeasurements measurements, IntensityStorage intensity,
                                 NetworkSpace space, ModelIdentity model, String provider,
                                 Map<String, Double> timingsMs, List<String> warnings) {

    public SegmentationResult {
        timingsMs = Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
        warnings = List.copyOf(warnings);
    }

    /**
     * Run-length code of one label (H2O layout: 1-based {@code start length} pairs over the voxels
     * in NIfTI order, first axis fastest). Computed on demand: a whole-lung code can run to megabytes.
     */
    public String rle(Label label) {
        return Rle.encode(labels, label.value(), FlatteningOrder.FIRST_AXIS_FASTEST);
    }
}
