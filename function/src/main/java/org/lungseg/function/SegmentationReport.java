package org.lungseg.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lungseg.inference.LungMeasurements;
import org.lungseg.inference.ModelIdentity;
import org.lungseg.inference.SegmentationResult;
import org.lungseg.label.Label;
import org.lungseg.volume.Grid;

/**
 * The result JSON of one segmentation: what a clinician-facing app reads.
 *
 * @param scanId           the scan's id (from the request, the event, or the reference)
 * @param source           where the scan came from: its URI, or {@code upload}
 * @param scan             the scan's grid and how its intensities were read
 * @param labels           voxels and mL per label of the mask (1 left lung, 2 right lung, 3 infection)
 * @param lungs            each whole lung (infected part included), its infection in mL and percent, and both together
 * @param warnings         what the reader should know (0..255 input, sides that look swapped, no lungs...)
 * @param model            the model that answered and where it ran
 * @param timingsMs        milliseconds per stage, in order, then the total
 * @param outputs          where the mask and preview went, or their bytes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentationReport(String scanId, String source, ScanInfo scan, List<LabelVolume> labels,
                                 Lungs lungs, List<String> warnings, ModelInfo model, Map<String, Double> timingsMs,
                                 Outputs outputs) {

    /**
     * @param dims        voxels along each stored axis
     * @param spacingMm   voxel size along each stored axis
     * @param orientation the stored axes' directions, e.g. LPS
     * @param intensity   how the intensities were read: HU, or 0..255 already windowed
     */
    public record ScanInfo(int[] dims, double[] spacingMm, String orientation, String intensity) {
    }

    /** One label of the mask. */
    public record LabelVolume(int value, String name, long voxels, double ml) {
    }

    /** Whole-lung volumes with their infection; {@code total} is both lungs together. */
    public record Lungs(LungVolume left, LungVolume right, LungVolume total) {
    }

    public record LungVolume(double ml, double infectionMl, double infectionPercent) {
    }

    public record ModelInfo(String name, String version, String created, String sha256, String provider) {
    }

    /** The mask (NIfTI on the scan's grid) and the preview (PNG). */
    public record Outputs(Output mask, Output preview) {
    }

    /** Where an output was written ({@code location}), or its bytes ({@code base64}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String location, String contentType, long bytes, String base64) {
    }

    static SegmentationReport of(String scanId, String source, SegmentationResult result, Map<String, Double> timingsMs,
                                 Outputs outputs) {
        Grid grid = result.labels().grid();
        ScanInfo scan = new ScanInfo(grid.dims(), rounded(grid.spacing()), grid.orientation().toString(),
                result.intensity().description());
        LungMeasurements m = result.measurements();
        List<LabelVolume> labels = new ArrayList<>();
        for (Label label : List.of(Label.LEFT_LUNG, Label.RIGHT_LUNG, Label.INFECTION)) {
            labels.add(new LabelVolume(label.value(), label.displayName(), m.labelVoxels(label), round(m.labelMl(label))));
        }
        Lungs lungs = new Lungs(
                new LungVolume(round(m.leftLungMl()), round(m.leftInfectionMl()), round(m.leftInfectionPercent())),
                new LungVolume(round(m.rightLungMl()), round(m.rightInfectionMl()), round(m.rightInfectionPercent())),
                new LungVolume(round(m.leftLungMl() + m.rightLungMl()), round(m.infectionMl()), round(m.infectionPercent())));
        ModelIdentity id = result.model();
        ModelInfo model = new ModelInfo(id.name(), id.version(), id.created(), id.sha256(), result.provider());
        Map<String, Double> timings = new LinkedHashMap<>();
        timingsMs.forEach((stage, ms) -> timings.put(stage, round(ms)));
        return new SegmentationReport(scanId, source, scan, labels, lungs, result.warnings(), model, timings, outputs);
    }

    /** Two decimals: mL and percent beyond that are noise. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double[] rounded(double[] values) {
        double[] r = new double[values.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.round(values[i] * 1e4) / 1e4;
        }
        return r;
    }
}
