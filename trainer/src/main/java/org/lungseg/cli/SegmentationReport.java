package org.lungseg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lungseg.inference.LungMeasurements;
import org.lungseg.inference.NetworkSpace;
import org.lungseg.inference.SegmentationResult;
import org.lungseg.label.Label;
import org.lungseg.volume.Grid;

/**
 * What {@code lungseg segment} reports about one scan, as a JSON-ready map and as text: volumes
 * per label and lung, infection per lung, geometry, model, timings and warnings.
 */
final class SegmentationReport {

    private SegmentationReport() {
    }

    static Map<String, Object> toMap(Path scan, Path mask, SegmentationResult r, boolean withRle) {
        Grid g = r.labels().grid();
        LungMeasurements m = r.measurements();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scan", scan.toString());
        report.put("mask", mask == null ? null : mask.toString());
        report.put("grid", Map.of("dims", g.dims(), "spacingMm", round(g.spacing()), "orientation",
                g.orientation().toString()));

        Map<String, Object> volumes = new LinkedHashMap<>();
        volumes.put("leftLungMl", round(m.leftLungMl()));
        volumes.put("rightLungMl", round(m.rightLungMl()));
        volumes.put("lungsMl", round(m.leftLungMl() + m.rightLungMl()));
        volumes.put("infectionMl", round(m.infectionMl()));
        report.put("volumes", volumes);

        Map<String, Object> infection = new LinkedHashMap<>();
        infection.put("leftLungMl", round(m.leftInfectionMl()));
        infection.put("rightLungMl", round(m.rightInfectionMl()));
        infection.put("percentOfLeftLung", round(m.leftInfectionPercent()));
        infection.put("percentOfRightLung", round(m.rightInfectionPercent()));
        infection.put("percentOfBothLungs", round(m.infectionPercent()));
        report.put("infection", infection);

        Map<String, Object> labels = new LinkedHashMap<>();
        for (Label l : List.of(Label.LEFT_LUNG, Label.RIGHT_LUNG, Label.INFECTION)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", l.value());
            entry.put("voxels", m.labelVoxels(l));
            entry.put("volumeMl", round(m.labelMl(l)));
            if (withRle) {
                entry.put("rle", r.rle(l));
            }
            labels.put(l.displayName(), entry);
        }
        report.put("labels", labels);
        if (withRle) {
            report.put("rleOrder", "1-based start/length pairs over the mask's voxels, first axis fastest (NIfTI order)");
        }

        report.put("intensity", r.intensity().description());
        NetworkSpace space = r.space();
        report.put("networkGrid", space.network().toString());
        report.put("crop", space.isCropped() ? Map.of("rasStart", space.cropStart(), "rasSize", space.cropSize()) : null);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", r.model().name());
        model.put("version", r.model().version());
        model.put("created", r.model().created());
        model.put("sha256", r.model().sha256());
        model.put("provider", r.provider());
        report.put("model", model);
        Map<String, Object> timings = new LinkedHashMap<>();
        r.timingsMs().forEach((stage, ms) -> timings.put(stage, round(ms)));
        report.put("timingsMs", timings);
        report.put("warnings", r.warnings());
        return report;
    }

    /** A few lines for a person: volumes, infection, timings, warnings. */
    static List<String> toText(SegmentationResult r) {
        LungMeasurements m = r.measurements();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "left lung   %8.1f mL   infected %6.1f mL (%.1f%%)", m.leftLungMl(),
                m.leftInfectionMl(), m.leftInfectionPercent()));
        lines.add(String.format(Locale.ROOT, "right lung  %8.1f mL   infected %6.1f mL (%.1f%%)", m.rightLungMl(),
                m.rightInfectionMl(), m.rightInfectionPercent()));
        lines.add(String.format(Locale.ROOT, "infection   %8.1f mL   %.1f%% of both lungs", m.infectionMl(),
                m.infectionPercent()));
        StringBuilder t = new StringBuilder("timings    ");
        r.timingsMs().forEach((stage, ms) -> t.append(String.format(Locale.ROOT, " %s %.0f ms,", stage, ms)));
        lines.add(t.substring(0, t.length() - 1));
        lines.add("intensity   " + r.intensity().description() + "; model " + r.model().describe() + " on " + r.provider());
        for (String w : r.warnings()) {
            lines.add("warning: " + w);
        }
        return lines;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 10000) / 10000.0;
        }
        return r;
    }
}
