package org.lungseg.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lungseg.nifti.NiftiHeader;
import org.lungseg.dicom.DicomReadOptions;
import org.lungseg.dicom.DicomSeriesReader;
import org.lungseg.dicom.PendingSeries;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.volume.Grid;
import org.lungseg.volume.Volume;

/**
 * Segments left lung, right lung and infection in chest CT scans with one ONNX model: the
 * entry point the command line and the function share. One instance holds one ONNX Runtime
 * session and serves any number of concurrent callers; each call holds only its own scan, label
 * map and the lung region.
 *
 * <pre>{@code
 * try (Segmenter segmenter = Segmenter.open(Path.of("model.onnx"), Segmenter.Options.defaults())) {
 *     SegmentationResult r = segmenter.segment(Path.of("ct.nii.gz"));
 *     NiftiWriter.write(r.labels(), Path.of("mask.nii.gz"));
 * }
 * }</pre>
 */
public final class Segmenter implements AutoCloseable {

    /** Scans thinner than this along any axis get a warning: the model was made for whole chests. */
    static final double MIN_EXTENT_MM = 50;

    /**
     * @param session     where and how the network runs
     * @param postprocess clean-up settings
     * @param memory      the most heap one segmentation may plan to use
     * @param maxVoxels   the most voxels a scan file may declare before it is refused unread
     */
    public record Options(InferenceSession.Options session, Postprocessor.Options postprocess, MemoryBudget memory,
                          long maxVoxels) {

        /** CPU with all cores, default clean-up, {@link MemoryBudget#ofHeap()}, the readers' voxel limit. */
        public static Options defaults() {
            return new Options(InferenceSession.Options.cpu(), Postprocessor.Options.defaults(), MemoryBudget.ofHeap(),
                    NiftiReader.DEFAULT_MAX_VOXELS);
        }

        public Options withSession(InferenceSession.Options s) {
            return new Options(s, postprocess, memory, maxVoxels);
        }

        public Options withMemory(MemoryBudget m) {
            return new Options(session, postprocess, m, maxVoxels);
        }

        public Options withMaxVoxels(long limit) {
            return new Options(session, postprocess, memory, limit);
        }
    }

    private final InferenceSession session;
    private final Preprocessor preprocessor;
    private final Postprocessor postprocessor;
    private final MemoryBudget memory;
    private final NiftiReader reader;

    private Segmenter(InferenceSession session, Options options) {
        this.session = session;
        this.reader = new NiftiReader(options.maxVoxels());
        this.preprocessor = new Preprocessor(session.card());
        this.postprocessor = new Postprocessor(options.postprocess());
        this.memory = options.memory();
    }

    /** Loads a model file; refuses one that does not follow the model contract. */
    public static Segmenter open(Path modelFile, Options options) {
        return new Segmenter(InferenceSession.open(modelFile, options.session()), options);
    }

    /** Loads a model held in memory. */
    public static Segmenter open(byte[] model, String name, Options options) {
        return new Segmenter(InferenceSession.open(model, name, options.session()), options);
    }

    public ModelCard card() {
        return session.card();
    }

    public ModelIdentity model() {
        return session.identity();
    }

    /** The execution provider that runs the network. */
    public String provider() {
        return session.provider();
    }

    /**
     * A scan read for segmentation.
     *
     * @param volume the decoded scan
     * @param name   its file name, for messages
     * @param readMs how long reading took
     */
    public record LoadedScan(Volume volume, String name, double readMs) {
    }

    /** {@link #load(Path, DicomReadOptions)} choosing the DICOM series automatically. */
    public LoadedScan load(Path scanFile) {
        return load(scanFile, DicomReadOptions.defaults());
    }

    /**
     * Reads a scan: a NIfTI file, or a DICOM series (a folder, a zip or one of its files) read with
     * {@code dicom}'s series choice and attributes. Either way the grid is checked against the memory
     * limit from the headers, before any voxel is decoded; the voxel limit is this reader's.
     */
    public LoadedScan load(Path scanFile, DicomReadOptions dicom) {
        long t0 = System.nanoTime();
        String name = String.valueOf(scanFile.getFileName());
        if (isDicom(scanFile)) {
            PendingSeries series = DicomSeriesReader.open(scanFile, dicom.withMaxVoxels(reader.maxVoxels()));
            memory.check(series.grid(), card(), name);
            return new LoadedScan(series.decode().volume(), name, ms(t0));
        }
        NiftiHeader header = reader.readHeader(scanFile);
        memory.check(header.grid(), card(), name);
        return new LoadedScan(reader.readVolume(scanFile), name, ms(t0));
    }

    /** Whether a path holds DICOM rather than NIfTI: a folder, a zip, or a file that starts like DICOM. */
    public static boolean isDicom(Path path) {
        String lower = String.valueOf(path.getFileName()).toLowerCase(java.util.Locale.ROOT);
        return java.nio.file.Files.isDirectory(path) || lower.endsWith(".zip") || DicomSeriesReader.looksLikeDicom(path);
    }

    /** Reads a NIfTI file held in memory (an upload), after checking its header against the memory limit. */
    public LoadedScan load(byte[] nifti, String name) {
        long t0 = System.nanoTime();
        NiftiHeader header = reader.readHeader(nifti, name);
        memory.check(header.grid(), card(), name);
        return new LoadedScan(reader.readVolume(nifti, name), name, ms(t0));
    }

    /** Reads and segments a NIfTI file; its size is checked against the memory limit before decoding. */
    public SegmentationResult segment(Path scanFile) {
        return segment(load(scanFile));
    }

    /** Reads and segments a NIfTI file held in memory (an upload). */
    public SegmentationResult segment(byte[] nifti, String name) {
        return segment(load(nifti, name));
    }

    /** Segments a loaded scan; the result's timings include the reading. */
    public SegmentationResult segment(LoadedScan scan) {
        return segment(scan.volume(), scan.name(), scan.readMs());
    }

    /** Segments a scan already in memory. */
    public SegmentationResult segment(Volume scan) {
        return segment(scan, "the scan", -1);
    }

    private SegmentationResult segment(Volume scan, String name, double readMs) {
        memory.check(scan.grid(), card(), name);
        Map<String, Double> timings = new LinkedHashMap<>();
        if (readMs >= 0) {
            timings.put("read", readMs);
        }
        List<String> warnings = new ArrayList<>(scan.warnings());
        warnings.addAll(session.warnings());
        extentWarning(scan.grid()).ifPresent(warnings::add);

        long t = System.nanoTime();
        NetworkInput input = preprocessor.prepare(scan);
        warnings.addAll(input.intensity().warnings());
        timings.put("preprocess", ms(t));

        t = System.nanoTime();
        float[] probabilities = session.predict(input.image());
        timings.put("inference", ms(t));

        t = System.nanoTime();
        Postprocessor.Result post = postprocessor.apply(probabilities, card(), input.space(),
                AirMap.of(scan, input.intensity(), card()));
        warnings.addAll(post.warnings());
        timings.put("postprocess", ms(t));

        return new SegmentationResult(post.labels(), post.measurements(), input.intensity().storage(), input.space(),
                model(), provider(), timings, warnings);
    }

    private static Optional<String> extentWarning(Grid grid) {
        double[] spacing = grid.spacing();
        for (int axis = 0; axis < 3; axis++) {
            double extent = grid.dim(axis) * spacing[axis];
            if (extent < MIN_EXTENT_MM) {
                return Optional.of(String.format(Locale.ROOT,
                        "the scan covers only %.1f mm along its axis %d (%d voxels): the model expects a whole chest,"
                                + " so this answer is unreliable", extent, axis + 1, grid.dim(axis)));
            }
        }
        return Optional.empty();
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    @Override
    public void close() {
        session.close();
    }
}
