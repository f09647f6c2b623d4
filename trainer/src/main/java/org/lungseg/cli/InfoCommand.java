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
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiHeader;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.volume.Grid;
import org.lungseg.volume.IntensityRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg info SCAN}: geometry, storage orientation and intensities of a scan or mask,
 * read in a single streaming pass so files of any size need little memory.
 */
@Command(name = "info", description = "Show a scan's geometry, orientation and intensity range.")
final class InfoCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SCAN", description = "NIfTI files (.nii, .nii.gz).")
    List<Path> scans;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--max-voxels", paramLabel = "N", description = "Refuse scans above this many voxels (default ${DEFAULT-VALUE}).")
    long maxVoxels = NiftiReader.DEFAULT_MAX_VOXELS;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        NiftiReader reader = new NiftiReader(maxVoxels);
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Path scan : scans) {
            ScanSummary summary = ScanSummary.of(reader, scan);
            if (json) {
                reports.add(summary.toMap());
            } else {
                out.print(summary.toText());
            }
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(reports.size() == 1 ? reports.get(0) : reports));
        }
        return Main.EXIT_OK;
    }

    /** What {@code info} reports about one file. */
    record ScanSummary(Path path, NiftiHeader header, IntensityRange range, long[] labelCounts) {

        static ScanSummary of(NiftiReader reader, Path path) {
            IntensityRange range = new IntensityRange();
            long[] counts = new long[256];
            NiftiHeader header = reader.visitVoxels(path, (values, n) -> {
                range.accept(values, 0, n);
                for (int i = 0; i < n; i++) {
                    float v = values[i];
                    if (v >= 0 && v <= 255 && v == (int) v) {
                        counts[(int) v]++;
                    }
                }
            });
            return new ScanSummary(path, header, range, counts);
        }

        /** Whole numbers 0..15 only: a label map rather than a scan. */
        boolean looksLikeLabels() {
            return range.allIntegral() && range.min() >= 0 && range.max() <= 15 && range.nonFiniteCount() == 0;
        }

        String storage() {
            if (looksLikeLabels()) {
                return "label map";
            }
            return range.looksWindowed0To255() ? "0..255 (windowed CT, e.g. Radiopaedia)" : "Hounsfield units";
        }

        Map<String, Object> toMap() {
            Grid g = header.grid();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", path.toString());
            m.put("format", "NIfTI-" + header.version());
            m.put("datatype", header.dataType().name().toLowerCase(Locale.ROOT));
            m.put("byteOrder", header.byteOrder().toString());
            m.put("dims", g.dims());
            m.put("spacingMm", round(g.spacing()));
            m.put("orientation", g.orientation().toString());
            m.put("affineSource", header.affineSource());
            m.put("qformCode", g.header().qformCode());
            m.put("sformCode", g.header().sformCode());
            m.put("affine", round(g.affine().rows()));
            m.put("voxelVolumeMm3", round(g.voxelVolumeMm3()));
            m.put("scaling", header.scaled() ? Map.of("slope", header.sclSlope(), "intercept", header.sclInter()) : null);
            Map<String, Object> intensity = new LinkedHashMap<>();
            intensity.put("min", range.min());
            intensity.put("max", range.max());
            intensity.put("mean", round(range.mean()));
            intensity.put("nonFiniteVoxels", range.nonFiniteCount());
            intensity.put("storage", storage());
            m.put("intensity", intensity);
            if (looksLikeLabels()) {
                Map<String, Object> labels = new LinkedHashMap<>();
                for (int v = 0; v <= range.max(); v++) {
                    if (labelCounts[v] > 0) {
                        labels.put(labelName(v), Map.of("voxels", labelCounts[v],
                                "volumeMl", round(labelCounts[v] * g.voxelVolumeMm3() / 1000)));
                    }
                }
                m.put("labels", labels);
            }
            return m;
        }

        String toText() {
            Grid g = header.grid();
            double[] s = g.spacing();
            StringBuilder b = new StringBuilder();
            b.append(path).append('\n');
            b.append(String.format(Locale.ROOT, "  format       NIfTI-%d, %s, %s%n", header.version(),
                    header.dataType().name().toLowerCase(Locale.ROOT), header.byteOrder()));
            b.append(String.format(Locale.ROOT, "  grid         %s voxels, spacing %.3f x %.3f x %.3f mm%n",
                    g.dimsText(), s[0], s[1], s[2]));
            b.append(String.format(Locale.ROOT, "  orientation  %s (affine from %s; qform_code %d, sform_code %d)%n",
                    g.orientation(), header.affineSource(), g.header().qformCode(), g.header().sformCode()));
            String[] rows = g.affine().toString().split("\n");
            for (int i = 0; i < rows.length; i++) {
                b.append(i == 0 ? "  affine      " : "             ").append(rows[i]).append('\n');
            }
            if (header.scaled()) {
                b.append(String.format(Locale.ROOT, "  scaling      value * %g + %g%n", header.sclSlope(), header.sclInter()));
            }
            b.append(String.format(Locale.ROOT, "  intensity    %.1f .. %.1f, mean %.1f: %s%n",
                    range.min(), range.max(), range.mean(), storage()));
            if (range.nonFiniteCount() > 0) {
                b.append("  warning      ").append(range.nonFiniteCount())
                        .append(" voxels are NaN or infinite (treated as air when segmenting)\n");
            }
            if (looksLikeLabels()) {
                for (int v = 0; v <= range.max(); v++) {
                    if (labelCounts[v] > 0) {
                        b.append(String.format(Locale.ROOT, "  label %-18s %d voxels, %.1f mL%n", labelName(v),
                                labelCounts[v], labelCounts[v] * g.voxelVolumeMm3() / 1000));
                    }
                }
            }
            return b.toString();
        }

        private static String labelName(int value) {
            return value < Label.values().length ? value + " (" + Label.fromValue(value).displayName() + ")"
                    : String.valueOf(value);
        }

        private static double round(double v) {
            return Math.round(v * 1e4) / 1e4;
        }

        private static double[] round(double[] v) {
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                r[i] = round(v[i]);
            }
            return r;
        }
    }
}
