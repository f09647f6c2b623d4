package org.lungseg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.lungseg.dicom.DicomSeriesReader;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg benchmark io}: reading a CT-sized int16 {@code .nii.gz} into a Volume and writing
 * a uint8 label map of the same size, next to plain {@code gzip -d} of the same file; or, with
 * {@code --dicom}, reading a given DICOM series (folder or zip) into a Volume.
 */
@Command(name = "io", description = {"Time NIfTI reading and mask writing against gzip -d,",
    "or with --dicom the reading of a DICOM series (folder or zip)."})
final class IoBenchmark implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "512x512x300", description = "Grid, e.g. 512x512x300 (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs per figure (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--dir", description = "Where to write the test files (default: a temporary folder).")
    Path dir;

    @Option(names = "--dicom", paramLabel = "DIR|ZIP", description = "Time reading this DICOM series instead.")
    Path dicom;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (dicom != null) {
            return dicomRead(out);
        }
        int[] dims = parseSize(size);
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("lungseg-bench");
        Grid grid = new Grid(dims[0], dims[1], dims[2], Affine.ofRows(-0.7, 0, 0, 180, 0, -0.7, 0, 180, 0, 0, 1.0, -300));
        Path ct = work.resolve("ct.nii.gz");
        Path mask = work.resolve("mask.nii.gz");
        ChestLike chest = new ChestLike(grid);
        NiftiWriter.write(chest.ct(), ct);
        LabelMap labels = chest.lungs();
        out.printf(Locale.ROOT, "grid %s int16, %.1f MB uncompressed, %.1f MB as .nii.gz; %d runs each%n",
                grid.dimsText(), grid.voxelCount() * 2 / 1e6, Files.size(ct) / 1e6, runs);

        double[] read = time(runs, () -> NiftiReader.read(ct));
        double[] gunzip = gzipAvailable() ? time(runs, () -> gunzip(ct)) : null;
        double[] write = time(runs, () -> NiftiWriter.write(labels, mask));

        out.printf(Locale.ROOT, "%-34s %8s %8s %10s%n", "stage", "median s", "min s", "MB/s");
        row(out, "read .nii.gz into Volume", read, grid.voxelCount() * 2);
        if (gunzip != null) {
            row(out, "gzip -dc > /dev/null (same file)", gunzip, grid.voxelCount() * 2);
            out.printf(Locale.ROOT, "read / gzip -d median ratio: %.2f%n", median(read) / median(gunzip));
        }
        row(out, "write uint8 mask .nii.gz", write, grid.voxelCount());
        out.printf(Locale.ROOT, "mask file %.2f MB%n", Files.size(mask) / 1e6);
        if (dir == null) {
            Files.deleteIfExists(ct);
            Files.deleteIfExists(mask);
            Files.deleteIfExists(work);
        }
        return Main.EXIT_OK;
    }

    /** Reading one real series: headers, series choice, decoding (JPEG 2000 and friends) and rescale. */
    private int dicomRead(PrintWriter out) throws Exception {
        Volume v = DicomSeriesReader.read(dicom);
        out.printf(Locale.ROOT, "DICOM series %s: %s, %d slices, %.1f MB as int16; %d runs, %d cores%n", dicom,
                v.grid().dimsText(), v.grid().nz(), v.grid().voxelCount() * 2 / 1e6, runs,
                Runtime.getRuntime().availableProcessors());
        double[] read = time(runs, () -> DicomSeriesReader.read(dicom));
        out.printf(Locale.ROOT, "%-34s %8s %8s %10s %12s%n", "stage", "median s", "min s", "MB/s", "ms/slice");
        out.printf(Locale.ROOT, "%-34s %8.3f %8.3f %10.0f %12.1f%n", "read DICOM series into Volume", median(read),
                Arrays.stream(read).min().orElseThrow(), v.grid().voxelCount() * 2 / 1e6 / median(read),
                median(read) * 1000 / v.grid().nz());
        return Main.EXIT_OK;
    }

    private static void row(PrintWriter out, String name, double[] seconds, long bytes) {
        out.printf(Locale.ROOT, "%-34s %8.3f %8.3f %10.0f%n", name, median(seconds),
                Arrays.stream(seconds).min().orElseThrow(), bytes / 1e6 / median(seconds));
    }

    interface Task {
        void run() throws Exception;
    }

    /** One untimed warm-up, then {@code runs} timed runs, in seconds. */
    static double[] time(int runs, Task task) throws Exception {
        task.run();
        double[] s = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            task.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        return s;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new picocli.CommandLine.TypeConversionException("size must look like 512x512x300: " + text);
        }
        return Arrays.stream(parts).mapToInt(Integer::parseInt).toArray();
    }

    private static boolean gzipAvailable() {
        try {
            return new ProcessBuilder("gzip", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void gunzip(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("gzip", "-dc", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("gzip -dc failed");
        }
    }

    /**
     * A CT-like volume for I/O timing: body ellipse of soft tissue, two dark lungs, scanner noise.
     * Its noise makes it compress about as much as a real CT does, which is what I/O speed depends on.
     */
    record ChestLike(Grid grid) {
        Volume ct() {
            float[] v = new float[Math.toIntExact(grid.voxelCount())];
            SplittableRandom random = new SplittableRandom(42);
            int nx = grid.nx();
            int ny = grid.ny();
            for (int z = 0, i = 0; z < grid.nz(); z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++, i++) {
                        int region = region(x, y, z);
                        float base = region == 0 ? -1000 : region == 3 ? 40 : -850;
                        v[i] = Math.round(base + random.nextInt(-24, 25));
                    }
                }
            }
            return new Volume(grid, v);
        }

        LabelMap lungs() {
            byte[] labels = new byte[Math.toIntExact(grid.voxelCount())];
            for (int z = 0, i = 0; z < grid.nz(); z++) {
                for (int y = 0; y < grid.ny(); y++) {
                    for (int x = 0; x < grid.nx(); x++, i++) {
                        int region = region(x, y, z);
                        labels[i] = (byte) (region == 1 || region == 2 ? region : 0);
                    }
                }
            }
            return new LabelMap(grid, labels);
        }

        /** 0 air, 1 left lung, 2 right lung, 3 body. LPS storage: larger x is the patient's left. */
        private int region(int x, int y, int z) {
            double u = 2.0 * x / grid.nx() - 1;
            double w = 2.0 * y / grid.ny() - 1;
            double h = 2.0 * z / grid.nz() - 1;
            if (u * u / 0.8 + w * w / 0.5 > 1) {
                return 0;
            }
            double lx = Math.abs(u) - 0.4;
            if ((lx * lx) / 0.06 + w * w / 0.25 + h * h / 0.8 < 1) {
                return u > 0 ? 1 : 2;
            }
            return 3;
        }
    }
}
