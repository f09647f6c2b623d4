package org.lungseg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lungseg.dicom.DicomAttribute;
import org.lungseg.dicom.DicomReadOptions;
import org.lungseg.dicom.DicomSeries;
import org.lungseg.dicom.DicomSeriesReader;
import org.lungseg.inference.Segmenter;
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiHeader;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.volume.Grid;
import org.lungseg.volume.IntensityRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg info SCAN}: geometry, storage orientation and intensities of a scan or mask,
 * read in a single streaming pass so files of any size need little memory.
 */
@Command(name = "info", description = "Show a scan's geometry, orientation and intensity range.")
final class InfoCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SCAN", description = "NIfTI files (.nii, .nii.gz), DICOM folders, zips or files.")
    List<Path> scans;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--series", paramLabel = "UID", description = "For a DICOM folder or zip holding several series: the SeriesInstanceUID to read.")
    String series;

    @Option(names = "--tags", split = ",", paramLabel = "KEYWORD",
            description = "For DICOM: header attributes to print, by keyword (e.g. SeriesDescription,StudyDate); only "
                    + "those of lungseg's allow-list, nothing else from the headers is shown.")
    List<String> tags = List.of();

    @Option(names = "--max-voxels", paramLabel = "N", description = "Refuse scans above this many voxels (default ${DEFAULT-VALUE}).")
    long maxVoxels = NiftiReader.DEFAULT_MAX_VOXELS;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        NiftiReader reader;
        try {
            reader = new NiftiReader(maxVoxels);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--max-voxels " + maxVoxels + ": " + e.getMessage());
        }
        DicomReadOptions dicom = DicomReadOptions.defaults().withMaxVoxels(maxVoxels).withSeries(series)
                .withAttributes(requestedTags());
        // Each scan is reported, and a refused one does not hide the others. One scan's refusal goes
        // to Main as before; with several, JSON is an array in argument order, a refused scan as
        // {"file", "error"}, and the exit code is 2 once all are done.
        List<Map<String, Object>> reports = new ArrayList<>();
        boolean refused = false;
        for (Path scan : scans) {
            try {
                ScanSummary summary = ScanSummary.of(reader, scan, dicom);
                if (json) {
                    reports.add(summary.toMap());
                } else {
                    out.print(summary.toText());
                }
            } catch (RuntimeException e) {
                if (scans.size() == 1 || !Main.isBadInput(e)) {
                    throw e;
                }
                refused = true;
                Main.report(spec.commandLine().getErr(), e, main.verbose);
                Map<String, Object> refusal = new LinkedHashMap<>();
                refusal.put("file", scan.toString());
                refusal.put("error", Main.message(e));
                reports.add(refusal);
            }
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(reports.size() == 1 ? reports.get(0) : reports));
        }
        return refused ? Main.EXIT_BAD_INPUT : Main.EXIT_OK;
    }

    /** The --tags keywords as allow-listed attributes. */
    private Set<DicomAttribute> requestedTags() {
        Set<DicomAttribute> requested = new LinkedHashSet<>();
        for (String keyword : tags) {
            try {
                requested.add(DicomAttribute.ofKeyword(keyword));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--tags: " + e.getMessage());
            }
        }
        return requested;
    }

    /**
     * What {@code info} reports about one scan.
     *
     * @param format  e.g. "NIfTI-1, int16, LITTLE_ENDIAN" or "DICOM series, 79 slices"
     * @param affineSource where the geometry came from (sform, qform, pixdim, or the DICOM position tags)
     * @param scaling the intensity rescale applied, or null
     * @param warnings what the reader skipped or chose (for DICOM: the series read, files left out)
     * @param tags    the DICOM header attributes asked for with --tags, in the allow-list's order; absent ones as null
     */
    record ScanSummary(Path path, String format, Grid grid, String affineSource, String scaling,
                       IntensityRange range, long[] labelCounts, List<String> warnings, Map<String, String> tags) {

        static final String UNKNOWN_SCALE = "unknown scale (neither HU nor 0..255)";

        static ScanSummary of(NiftiReader reader, Path path, DicomReadOptions dicom) {
            if (Segmenter.isDicom(path)) {
                DicomSeries series = DicomSeriesReader.readSeries(path, dicom);
                Counter counter = new Counter();
                counter.accept(series.volume().voxels(), series.volume().voxels().length);
                Map<String, String> tags = new LinkedHashMap<>();
                for (DicomAttribute a : DicomAttribute.values()) {
                    if (dicom.attributes().contains(a)) {
                        tags.put(a.keyword(), series.attributes().get(a));
                    }
                }
                return new ScanSummary(path, "DICOM series, " + series.slices() + " slices", series.volume().grid(),
                        "ImagePositionPatient/ImageOrientationPatient/PixelSpacing", "rescale slope/intercept to HU",
                        counter.range, counter.counts, series.volume().warnings(), tags);
            }
            Counter counter = new Counter();
            NiftiHeader header = reader.visitVoxels(path, counter::accept);
            return new ScanSummary(path, String.format(Locale.ROOT, "NIfTI-%d, %s, %s", header.version(),
                    header.dataType().name().toLowerCase(Locale.ROOT), header.byteOrder()), header.grid(),
                    header.affineSource() + "; qform_code " + header.grid().header().qformCode() + ", sform_code "
                            + header.grid().header().sformCode(),
                    header.scaled() ? String.format(Locale.ROOT, "value * %g + %g", header.sclSlope(), header.sclInter()) : null,
                    counter.range, counter.counts, List.of(), Map.of());
        }

        /** Intensity range and whole-number histogram, fed chunk by chunk. */
        private static final class Counter {
            final IntensityRange range = new IntensityRange();
            final long[] counts = new long[256];

            void accept(float[] values, int n) {
                range.accept(values, 0, n);
                for (int i = 0; i < n; i++) {
                    float v = values[i];
                    if (v >= 0 && v <= 255 && v == (int) v) {
                        counts[(int) v]++;
                    }
                }
            }
        }

        /**
         * Whole numbers 0..3 beyond a plain 0/1 mask: lungseg's labels (1 left lung, 2 right, 3
         * infection). A binary mask (airway, body) gets bare numbers, as does any other label map.
         */
        boolean hasLungsegLabels() {
            return looksLikeLabels() && range.max() >= 2 && range.max() <= 3;
        }

        /** Whole numbers 0..15 only: a label map rather than a scan. */
        boolean looksLikeLabels() {
            return range.allIntegral() && range.min() >= 0 && range.max() <= 15 && range.nonFiniteCount() == 0;
        }

        String storage() {
            if (looksLikeLabels()) {
                return "label map";
            }
            if (range.looksWindowed0To255()) {
                return "0..255 (windowed CT, e.g. Radiopaedia)";
            }
            return range.looksLikeHounsfield() ? "Hounsfield units" : UNKNOWN_SCALE;
        }

        /** The reader's warnings, and why the storage is unknown when it is. */
        List<String> allWarnings() {
            if (!storage().equals(UNKNOWN_SCALE) || !Double.isFinite(range.mean())) {
                return warnings;
            }
            List<String> all = new ArrayList<>(warnings);
            // lungseg segment reads such a scan as HU, where it is all soft tissue: the masks would be empty.
            all.add(String.format(Locale.ROOT, "no voxel is below %.0f (air is -1000 HU) and the values are not whole"
                    + " numbers 0..255: neither HU nor 0..255 storage%s; lungseg segment would read it as HU",
                    IntensityRange.AIR_HU, range.looksLikeMissingIntercept()
                            ? " (stored CT numbers without their rescale intercept? HU = stored - 1024)" : ""));
            return all;
        }

        Map<String, Object> toMap() {
            Grid g = grid;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", path.toString());
            m.put("format", format);
            m.put("dims", g.dims());
            m.put("spacingMm", round(g.spacing()));
            m.put("orientation", g.orientation().toString());
            m.put("affineSource", affineSource);
            m.put("affine", round(g.affine().rows()));
            m.put("voxelVolumeMm3", round(g.voxelVolumeMm3()));
            m.put("scaling", scaling);
            Map<String, Object> intensity = new LinkedHashMap<>();
            intensity.put("min", finiteOrNull(range.min()));
            intensity.put("max", finiteOrNull(range.max()));
            intensity.put("mean", finiteOrNull(round(range.mean())));
            intensity.put("nonFiniteVoxels", range.nonFiniteCount());
            intensity.put("storage", storage());
            m.put("intensity", intensity);
            m.put("warnings", allWarnings());
            if (!tags.isEmpty()) {
                m.put("tags", tags);
            }
            if (looksLikeLabels()) {
                Map<String, Object> labels = new LinkedHashMap<>();
                for (int v = 0; v <= range.max(); v++) {
                    if (labelCounts[v] > 0) {
                        labels.put(labelName(v, hasLungsegLabels()), Map.of("voxels", labelCounts[v],
                                "volumeMl", round(labelCounts[v] * g.voxelVolumeMm3() / 1000)));
                    }
                }
                m.put("labels", labels);
            }
            return m;
        }

        String toText() {
            Grid g = grid;
            double[] s = g.spacing();
            StringBuilder b = new StringBuilder();
            b.append(path).append('\n');
            b.append("  format       ").append(format).append('\n');
            b.append(String.format(Locale.ROOT, "  grid         %s voxels, spacing %.3f x %.3f x %.3f mm%n",
                    g.dimsText(), s[0], s[1], s[2]));
            b.append(String.format(Locale.ROOT, "  orientation  %s (affine from %s)%n", g.orientation(), affineSource));
            String[] rows = g.affine().toString().split("\n");
            for (int i = 0; i < rows.length; i++) {
                b.append(i == 0 ? "  affine      " : "             ").append(rows[i]).append('\n');
            }
            if (scaling != null) {
                b.append("  scaling      ").append(scaling).append('\n');
            }
            if (Double.isFinite(range.mean())) {
                b.append(String.format(Locale.ROOT, "  intensity    %.1f .. %.1f, mean %.1f: %s%n",
                        range.min(), range.max(), range.mean(), storage()));
            } else {
                b.append("  intensity    no finite voxel\n");
            }
            if (range.nonFiniteCount() > 0) {
                b.append("  warning      ").append(range.nonFiniteCount())
                        .append(" voxels are NaN or infinite (treated as air when segmenting)\n");
            }
            allWarnings().forEach(w -> b.append("  warning      ").append(w).append('\n'));
            tags.forEach((keyword, value) -> b.append(String.format(Locale.ROOT, "  tag          %s = %s%n", keyword,
                    value == null ? "(absent)" : value)));
            if (looksLikeLabels()) {
                for (int v = 0; v <= range.max(); v++) {
                    if (labelCounts[v] > 0) {
                        b.append(String.format(Locale.ROOT, "  label %-18s %d voxels, %.1f mL%n", labelName(v, hasLungsegLabels()),
                                labelCounts[v], labelCounts[v] * g.voxelVolumeMm3() / 1000));
                    }
                }
            }
            return b.toString();
        }

        private static String labelName(int value, boolean lungseg) {
            return lungseg && value < Label.values().length ? value + " (" + Label.fromValue(value).displayName() + ")"
                    : String.valueOf(value);
        }

        /** JSON has no Infinity or NaN: a scan with no finite voxel has no min, max or mean. */
        private static Double finiteOrNull(double v) {
            return Double.isFinite(v) ? v : null;
        }

        /** To 4 decimals; NaN and infinities stay as they are. */
        private static double round(double v) {
            return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
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
