package org.lungseg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lungseg.dicom.DicomReadOptions;
import org.lungseg.inference.InferenceSession;
import org.lungseg.inference.PreviewRenderer;
import org.lungseg.inference.SegmentationResult;
import org.lungseg.inference.Segmenter;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.volume.InvalidScanException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg segment SCAN|DIR}: left lung, right lung and infection masks for one scan (NIfTI,
 * or a DICOM series as a folder, zip or file, {@code --series} choosing among several), or for
 * every NIfTI file of a folder in turn (one model load, a progress line per scan, a summary table).
 */
@Command(name = "segment", description = {
    "Segment left lung, right lung and infection in chest CT: a NIfTI file, or a DICOM series as a folder, a zip or one of its files.",
    "Where a DICOM input holds several series, --series names the one to read.",
    "For a folder of NIfTI files, --out, --report and --preview name folders: <name>_mask.nii.gz, <name>.json, <name>.png."})
final class SegmentCommand implements Callable<Integer> {

    /** Extensions a default mask name drops, longest first: {@code cip.zip} gives {@code cip_mask.nii.gz}. */
    private static final List<String> SCAN_EXTENSIONS = List.of(".nii.gz", ".nii", ".zip", ".dcm");

    @Parameters(paramLabel = "SCAN|DIR", description = "A .nii/.nii.gz scan, a folder of them, or a DICOM series (folder, zip or file).")
    Path input;

    @Option(names = "--model", paramLabel = "M.onnx", description = "ONNX model following lungseg's model contract (default: the bundled model).")
    Path model;

    @Option(names = "--out", paramLabel = "PATH",
            description = "Mask to write (default <name>_mask.nii.gz here; for a folder: ./lungseg-out).")
    Path out;

    @Option(names = "--report", paramLabel = "PATH", description = "Write a JSON report (volumes, infection, timings).")
    Path report;

    @Option(names = "--preview", paramLabel = "PATH", description = "Write a PNG preview (axial, coronal, sagittal).")
    Path preview;

    @Option(names = "--rle", description = "Include run-length codes per label in the report.")
    boolean rle;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads for the network (default: all cores).")
    Integer threads;

    @Option(names = "--device", paramLabel = "cpu|cuda", defaultValue = "cpu",
            description = "Where the network runs; cuda falls back to the CPU with a warning (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--series", paramLabel = "UID",
            description = "For a DICOM folder or zip holding several series: the SeriesInstanceUID to read (default: the largest axial CT series).")
    String series;

    @CommandLine.Mixin
    ScanLimits limits;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Segmenter.Options options = options();
        if (!Files.exists(input)) {
            throw new InvalidScanException(input + ": no such file or folder");
        }
        try (Segmenter segmenter = ModelChoice.open(model, options, spec.commandLine())) {
            // A folder of NIfTI files is a batch; any other folder is one DICOM series.
            return Files.isDirectory(input) && !niftiFiles().isEmpty() ? segmentFolder(segmenter) : segmentOne(segmenter);
        }
    }

    private Segmenter.Options options() {
        InferenceSession.Options session = InferenceSession.Options.cpu().withDevice(parseDevice());
        if (threads != null) {
            if (threads < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
            }
            session = session.withThreads(threads);
        }
        return limits.apply(Segmenter.Options.defaults().withSession(session));
    }

    private InferenceSession.Device parseDevice() {
        return switch (device.toLowerCase(Locale.ROOT)) {
            case "cpu" -> InferenceSession.Device.CPU;
            case "cuda", "gpu" -> InferenceSession.Device.CUDA;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--device must be cpu or cuda, not '" + device + "'");
        };
    }

    private int segmentOne(Segmenter segmenter) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        Path mask = out != null ? out : Path.of(baseName(input) + "_mask.nii.gz");
        SegmentationResult r = segmentAndWrite(segmenter, input, mask, report, preview);
        w.println(input.getFileName() + " -> " + mask);
        SegmentationReport.toText(r).forEach(w::println);
        return Main.EXIT_OK;
    }

    /** The NIfTI files directly in the input folder, sorted; empty for a file or a DICOM folder. */
    private List<Path> niftiFiles() throws IOException {
        if (!Files.isDirectory(input)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(input)) {
            return files.filter(p -> isNifti(p) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private int segmentFolder(Segmenter segmenter) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        List<Path> scans = niftiFiles();
        Path maskDir = Files.createDirectories(out != null ? out : Path.of("lungseg-out"));
        Path reportDir = report == null ? null : Files.createDirectories(report);
        Path previewDir = preview == null ? null : Files.createDirectories(preview);
        List<Row> rows = new ArrayList<>();
        int failures = 0;
        int badInput = 0;
        long start = System.nanoTime();
        for (int i = 0; i < scans.size(); i++) {
            Path scan = scans.get(i);
            String name = baseName(scan);
            long t0 = System.nanoTime();
            String outcome;
            try {
                SegmentationResult r = segmentAndWrite(segmenter, scan, maskDir.resolve(name + "_mask.nii.gz"),
                        reportDir == null ? null : reportDir.resolve(name + ".json"),
                        previewDir == null ? null : previewDir.resolve(name + ".png"));
                double seconds = (System.nanoTime() - t0) / 1e9;
                rows.add(Row.of(scan.getFileName().toString(), r, seconds));
                outcome = String.format(Locale.ROOT, "%.1f s  left %.0f mL, right %.0f mL, infection %.1f%%%s", seconds,
                        r.measurements().leftLungMl(), r.measurements().rightLungMl(), r.measurements().infectionPercent(),
                        r.warnings().isEmpty() ? "" : "  (" + r.warnings().size() + " warning(s))");
            } catch (InvalidScanException e) {
                badInput++;
                rows.add(Row.failed(scan.getFileName().toString(), e.getMessage()));
                outcome = "refused: " + e.getMessage();
            } catch (RuntimeException e) {
                failures++;
                rows.add(Row.failed(scan.getFileName().toString(), "failed: " + Main.message(e)));
                outcome = "failed: " + Main.message(e);
            }
            // Printed once the scan is done, so the bar counts it: full on the last line.
            w.println(progress(i + 1, scans.size(), (System.nanoTime() - start) / 1e9) + " " + scan.getFileName()
                    + "  " + outcome);
            w.flush();
        }
        printTable(w, rows);
        return failures > 0 ? Main.EXIT_FAILURE : badInput > 0 ? Main.EXIT_BAD_INPUT : Main.EXIT_OK;
    }

    /**
     * {@code [###-------] 3/10 ETA 12 s}: how many scans are done (the one just finished included)
     * and, from their pace, how long the rest should take; the last line shows a full bar. One
     * line per scan, so it reads the same in a log as on a terminal.
     */
    static String progress(int done, int total, double elapsedSeconds) {
        int width = 10;
        int filled = (int) Math.round(width * done / (double) total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String eta = done == total ? "" : String.format(Locale.ROOT, " ETA %.0f s", elapsedSeconds / done * (total - done));
        return String.format(Locale.ROOT, "[%s] %d/%d%s", bar, done, total, eta);
    }

    private SegmentationResult segmentAndWrite(Segmenter segmenter, Path scan, Path mask, Path reportFile,
                                               Path previewFile) throws IOException {
        Segmenter.LoadedScan loaded = segmenter.load(scan,
                series == null ? DicomReadOptions.defaults() : DicomReadOptions.defaults().withSeries(series));
        SegmentationResult r = segmenter.segment(loaded);
        createParent(mask);
        NiftiWriter.write(r.labels(), mask);
        if (previewFile != null) {
            createParent(previewFile);
            Files.write(previewFile, new PreviewRenderer().render(loaded.volume(), r));
        }
        if (reportFile != null) {
            createParent(reportFile);
            ReportJson.MAPPER.writeValue(reportFile.toFile(), SegmentationReport.toMap(scan, mask, r, rle));
        }
        return r;
    }

    private static void printTable(PrintWriter w, List<Row> rows) {
        w.println();
        w.printf(Locale.ROOT, "%-32s %10s %10s %10s %7s %7s  %s%n", "scan", "left mL", "right mL", "infect mL", "infect%",
                "time s", "status");
        for (Row r : rows) {
            if (r.error() != null) {
                w.printf(Locale.ROOT, "%-32s %10s %10s %10s %7s %7s  %s%n", r.name(), "-", "-", "-", "-", "-", r.error());
            } else {
                w.printf(Locale.ROOT, "%-32s %10.1f %10.1f %10.1f %7.1f %7.1f  %s%n", r.name(), r.left(), r.right(),
                        r.infection(), r.percent(), r.seconds(), r.warnings() == 0 ? "ok" : r.warnings() + " warning(s)");
            }
        }
        long ok = rows.stream().filter(r -> r.error() == null).count();
        w.printf(Locale.ROOT, "%d of %d scans segmented%n", ok, rows.size());
    }

    /** One line of the summary table. */
    private record Row(String name, double left, double right, double infection, double percent, double seconds,
                       int warnings, String error) {

        static Row of(String name, SegmentationResult r, double seconds) {
            var m = r.measurements();
            return new Row(name, m.leftLungMl(), m.rightLungMl(), m.infectionMl(), m.infectionPercent(), seconds,
                    r.warnings().size(), null);
        }

        static Row failed(String name, String error) {
            return new Row(name, 0, 0, 0, 0, 0, 0, error);
        }
    }

    private static boolean isNifti(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".nii") || n.endsWith(".nii.gz");
    }

    /** The scan's file name without its format's extension (.nii.gz, .nii, .zip, .dcm); a folder keeps its name. */
    static String baseName(Path scan) {
        String n = scan.getFileName().toString();
        if (Files.isDirectory(scan)) {
            return n;
        }
        String lower = n.toLowerCase(Locale.ROOT);
        for (String extension : SCAN_EXTENSIONS) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return n.substring(0, n.length() - extension.length());
            }
        }
        return n;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** Loaded on the first report only: picocli makes every subcommand, and Jackson costs each command's start. */
    private static final class ReportJson {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
