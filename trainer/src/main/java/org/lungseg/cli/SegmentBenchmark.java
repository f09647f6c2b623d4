package org.lungseg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungseg.inference.InferenceSession;
import org.lungseg.inference.SegmentationResult;
import org.lungseg.inference.Segmenter;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg benchmark segment}: end to end as {@code lungseg segment} runs it (read
 * {@code .nii.gz}, segment, write the mask and the JSON report) on a CT-sized scan, per stage,
 * with the process's peak resident memory.
 */
@Command(name = "segment", description = "Time reading, segmenting and writing one scan end to end.")
final class SegmentBenchmark implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "M.onnx", description = "The model to time.")
    Path model;

    @Option(names = "--scan", paramLabel = "SCAN", description = "A scan to time (default: a CT-like scan of --size).")
    Path scan;

    @Option(names = "--size", defaultValue = "512x512x300", description = "Grid of the generated scan (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs after one warm-up (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: all cores).")
    Integer threads;

    @Option(names = "--dir", description = "Where to write the files (default: a temporary folder, removed after).")
    Path dir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("lungseg-bench");
        Path ct = scan;
        if (ct == null) {
            int[] dims = IoBenchmark.parseSize(size);
            Grid grid = new Grid(dims[0], dims[1], dims[2],
                    Affine.ofRows(-0.7, 0, 0, 180, 0, -0.7, 0, 180, 0, 0, 1.0, -300));
            ct = work.resolve("ct.nii.gz");
            NiftiWriter.write(new IoBenchmark.ChestLike(grid).ct(), ct);
        }
        Path mask = work.resolve("mask.nii.gz");
        Path report = work.resolve("report.json");
        InferenceSession.Options session = InferenceSession.Options.cpu();
        if (threads != null) {
            session = session.withThreads(threads);
        }
        ObjectMapper json = new ObjectMapper();
        long t0 = System.nanoTime();
        try (Segmenter segmenter = Segmenter.open(model, Segmenter.Options.defaults().withSession(session))) {
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "scan %s (%.1f MB), model %s on %s, loaded and warmed up in %.2f s; %d runs after"
                    + " one warm-up%n", ct.getFileName(), Files.size(ct) / 1e6, segmenter.model().describe(),
                    segmenter.provider(), loadSeconds, runs);
            List<Map<String, Double>> timings = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                Map<String, Double> t = once(segmenter, ct, mask, report, json);
                if (run > 0) {
                    timings.add(t);
                }
            }
            out.printf(Locale.ROOT, "%-22s %10s %10s %10s%n", "stage", "median s", "min s", "max s");
            for (String stage : timings.get(0).keySet()) {
                double[] s = timings.stream().mapToDouble(t -> t.get(stage) / 1000).toArray();
                out.printf(Locale.ROOT, "%-22s %10.3f %10.3f %10.3f%n", stage, IoBenchmark.median(s),
                        java.util.Arrays.stream(s).min().orElseThrow(), java.util.Arrays.stream(s).max().orElseThrow());
            }
            out.printf(Locale.ROOT, "peak RSS %s, heap limit %d MiB, %d cores, load average %s%n", peakRss(),
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), loadAverage());
        } finally {
            if (dir == null) {
                Files.deleteIfExists(mask);
                Files.deleteIfExists(report);
                if (scan == null) {
                    Files.deleteIfExists(ct);
                }
                Files.deleteIfExists(work);
            }
        }
        return Main.EXIT_OK;
    }

    /** One end-to-end run as {@code lungseg segment} does it; milliseconds per stage, then the total. */
    private static Map<String, Double> once(Segmenter segmenter, Path ct, Path mask, Path report, ObjectMapper json)
            throws IOException {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        SegmentationResult r = segmenter.segment(ct);
        Map<String, Double> t = new LinkedHashMap<>(r.timingsMs());
        long w = System.nanoTime();
        NiftiWriter.write(r.labels(), mask);
        t.put("write mask", (System.nanoTime() - w) / 1e6);
        w = System.nanoTime();
        json.writeValue(report.toFile(), SegmentationReport.toMap(ct, mask, r, false));
        t.put("write report", (System.nanoTime() - w) / 1e6);
        t.put("total", (System.nanoTime() - start) / 1e6);
        // CPU seconds of all threads (ours, ONNX Runtime's, GC): on a shared machine this varies far
        // less than wall time, and an idle 2-core machine needs no more wall time than this.
        t.put("total, process CPU", (processCpuNanos() - cpuStart) / 1e6);
        return t;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The 1, 5 and 15 minute load averages (Linux), which say how shared the machine was. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** VmHWM from /proc (Linux): the most resident memory this process has held. */
    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: say so below
        }
        return "unknown (no /proc/self/status)";
    }
}
