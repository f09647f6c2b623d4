package org.lungseg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungseg.data.CaseReader;
import org.lungseg.data.Datasets;
import org.lungseg.data.LabelledCase;
import org.lungseg.inference.InferenceSession;
import org.lungseg.inference.SegmentationResult;
import org.lungseg.inference.Segmenter;
import org.lungseg.metrics.ClassScore;
import org.lungseg.metrics.LabelMapEvaluation;
import org.lungseg.volume.InvalidScanException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg evaluate --model M --data DIR}: segments every labelled case of a folder
 * (COVID-19-CT-Seg layout, H2O layout, or ct/lungs folder pairs) and scores it against its labels
 * at the scan's own resolution: Dice, IoU, normalised surface Dice at the COVID-19-CT-Seg
 * benchmark's tolerances, and volume error, per class, per case and as means.
 */
@Command(name = "evaluate", description = "Score a model on a labelled folder: Dice, IoU, NSD, volume error per class.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "M.onnx", description = "The model to score (default: the bundled model).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Labelled cases: COVID-19-CT-Seg or H2O layout, or folders of ct.nii.gz + lungs.nii.gz.")
    Path data;

    @Option(names = "--whole-lungs",
            description = "Score each lung whole, its infected part included (default: by label value, as the benchmark does).")
    boolean wholeLungs;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: all cores).")
    Integer threads;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CaseReader cases = Datasets.open(data);
        InferenceSession.Options session = InferenceSession.Options.cpu();
        if (threads != null) {
            session = session.withThreads(threads);
        }
        List<Map<String, Object>> perCase = new ArrayList<>();
        Map<String, List<ClassScore>> byClass = new LinkedHashMap<>();
        int refused = 0;
        try (Segmenter segmenter = ModelChoice.open(model, Segmenter.Options.defaults().withSession(session), spec.commandLine())) {
            List<String> names = cases.names();
            if (!json) {
                out.println(header());
            }
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("case", name);
                try {
                    LabelledCase c = cases.read(name);
                    SegmentationResult r = segmenter.segment(c.ct());
                    List<ClassScore> scores = wholeLungs ? LabelMapEvaluation.wholeLungs(r.labels(), c.labels())
                            : LabelMapEvaluation.perLabelValue(r.labels(), c.labels());
                    scores.forEach(s -> byClass.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s));
                    row.put("scores", scores.stream().map(EvaluateCommand::toMap).toList());
                    row.put("warnings", r.warnings());
                    if (!json) {
                        out.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, names.size(), name);
                        scores.forEach(s -> out.println(line(s)));
                    }
                } catch (InvalidScanException e) {
                    refused++;
                    row.put("error", e.getMessage());
                    if (!json) {
                        out.printf(Locale.ROOT, "[%d/%d] %s  refused: %s%n", i + 1, names.size(), name, e.getMessage());
                    }
                }
                perCase.add(row);
                out.flush();
            }
        }
        Map<String, Object> means = new LinkedHashMap<>();
        byClass.forEach((cls, scores) -> means.put(cls, mean(scores)));
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", ModelChoice.describe(model));
            report.put("data", data.toString());
            report.put("scoring", wholeLungs ? "whole lungs, infection included" : "by label value");
            report.put("cases", perCase);
            report.put("mean", means);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            out.println();
            out.printf(Locale.ROOT, "mean over %d case(s), %s%n", perCase.size() - refused,
                    wholeLungs ? "lungs whole" : "by label value");
            out.println(header());
            means.forEach((cls, m) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> v = (Map<String, Object>) m;
                out.printf(Locale.ROOT, "  %-11s %7.4f %7.4f %7.4f %9s %10.1f %10.1f %9s%n", cls, v.get("dice"), v.get("iou"),
                        v.get("nsd"), "", v.get("referenceMl"), v.get("predictedMl"), percent((Double) v.get("volumeErrorPercent")));
            });
        }
        return refused > 0 ? Main.EXIT_BAD_INPUT : Main.EXIT_OK;
    }

    private static String header() {
        return String.format(Locale.ROOT, "  %-11s %7s %7s %7s %9s %10s %10s %9s", "class", "Dice", "IoU", "NSD", "tol mm",
                "ref mL", "pred mL", "vol err");
    }

    private static String line(ClassScore s) {
        return String.format(Locale.ROOT, "  %-11s %7.4f %7.4f %7.4f %9.1f %10.1f %10.1f %9s", s.name(), s.dice(), s.iou(),
                s.nsd(), s.nsdToleranceMm(), s.referenceMl(), s.predictedMl(), percent(s.volumeErrorPercent()));
    }

    private static String percent(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", v);
    }

    private static Map<String, Object> toMap(ClassScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", s.name());
        m.put("dice", s.dice());
        m.put("iou", s.iou());
        m.put("nsd", s.nsd());
        m.put("nsdToleranceMm", s.nsdToleranceMm());
        m.put("referenceMl", s.referenceMl());
        m.put("predictedMl", s.predictedMl());
        // Undefined when the reference is empty: JSON has no NaN.
        m.put("volumeErrorPercent", Double.isNaN(s.volumeErrorPercent()) ? null : s.volumeErrorPercent());
        return m;
    }

    /** Means over cases; the volume error over the cases where it is defined (null if none). */
    private static Map<String, Object> mean(List<ClassScore> scores) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cases", scores.size());
        m.put("dice", scores.stream().mapToDouble(ClassScore::dice).average().orElse(Double.NaN));
        m.put("iou", scores.stream().mapToDouble(ClassScore::iou).average().orElse(Double.NaN));
        m.put("nsd", scores.stream().mapToDouble(ClassScore::nsd).average().orElse(Double.NaN));
        m.put("referenceMl", scores.stream().mapToDouble(ClassScore::referenceMl).average().orElse(0));
        m.put("predictedMl", scores.stream().mapToDouble(ClassScore::predictedMl).average().orElse(0));
        var errors = scores.stream().mapToDouble(ClassScore::volumeErrorPercent).filter(v -> !Double.isNaN(v)).average();
        m.put("volumeErrorPercent", errors.isPresent() ? errors.getAsDouble() : null);
        return m;
    }
}
