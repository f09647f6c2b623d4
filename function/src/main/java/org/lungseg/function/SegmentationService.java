package org.lungseg.function;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.lungseg.dicom.PendingSeries;
import org.lungseg.inference.MemoryBudget;
import org.lungseg.inference.PreviewRenderer;
import org.lungseg.inference.SegmentationResult;
import org.lungseg.inference.Segmenter;
import org.lungseg.nifti.NiftiHeader;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.volume.Volume;

/**
 * Segments one scan from wherever it is: fetch, check the header against the memory budget
 * (before anything is decoded, and before queueing), wait for a slot, decode, segment, render
 * the preview, then write or inline the outputs. Logs carry the scan id, outcome and timings,
 * never the scan's header text (descrip, db_name may hold patient data) nor its voxels.
 */
@ApplicationScoped
public class SegmentationService {

    private static final Logger LOG = Logger.getLogger(SegmentationService.class);
    private static final String MASK_TYPE = "application/gzip";
    private static final String PREVIEW_TYPE = "image/png";

    private final ModelHolder model;
    private final InferenceGate gate;
    private final S3ScanStore s3;
    private final FileScanStore files;
    private final SegmentationMetrics metrics;
    private final NiftiReader reader;
    private final PreviewRenderer previews = new PreviewRenderer();

    public SegmentationService(FunctionConfig config, ModelHolder model, InferenceGate gate, S3ScanStore s3,
                               FileScanStore files, SegmentationMetrics metrics) {
        this.model = model;
        this.gate = gate;
        this.s3 = s3;
        this.files = files;
        this.metrics = metrics;
        this.reader = new NiftiReader(config.maxVoxels());
    }

    public SegmentationReport segment(ScanJob job) {
        long t0 = System.nanoTime();
        try {
            SegmentationReport report = run(job, t0);
            metrics.outcome("ok");
            LOG.infof("scan %s: ok in %.0f ms %s, %d warnings", job.id(), ms(t0), report.timingsMs(),
                    report.warnings().size());
            return report;
        } catch (RuntimeException e) {
            Problem problem = Problems.of(e, -1);
            metrics.outcome(problem.kind());
            if (problem.status() >= 500 && problem.status() != 503) {
                LOG.errorf(e, "scan %s: failed after %.0f ms (%s)", job.id(), ms(t0), problem.kind());
            } else {
                LOG.infof("scan %s: %d %s after %.0f ms", job.id(), problem.status(), problem.kind(), ms(t0));
            }
            throw new SegmentationFailure(job.id(), e);
        } catch (OutOfMemoryError e) {
            // The budget should prevent this; if it did not, say so rather than leave the client hanging.
            metrics.outcome("out-of-memory");
            LOG.errorf("scan %s: out of memory after %.0f ms", job.id(), ms(t0));
            throw new SegmentationFailure(job.id(), new IllegalStateException("out of memory", e));
        }
    }

    private SegmentationReport run(ScanJob job, long t0) {
        Segmenter segmenter = model.require();
        Map<String, Double> timings = new LinkedHashMap<>();
        long t = System.nanoTime();
        FileScanStore.Resolved file = null;
        ScanPayload payload;
        if (job.location() instanceof ScanLocation.S3Object object) {
            payload = s3.fetch(object);
        } else if (job.location() instanceof ScanLocation.LocalFile local) {
            file = files.resolve(local);
            payload = ScanPayload.file(file.real());
        } else {
            payload = ScanPayload.inMemory(job.uploadName(), job.upload());
        }
        timings.put("fetch", ms(t));
        try (payload) {
            // A zip is a DICOM series: its headers are read inside the slot (the zip's entries are
            // held in memory), and the memory budget is checked on its grid before pixels are decoded.
            boolean dicom = ScanFormat.of(payload.head(4)) == ScanFormat.ZIP;
            MemoryBudget budget = model.memoryBudget();
            if (!dicom) {
                NiftiHeader header = payload.header(reader);
                metrics.scan(payload.size(), header.voxelCount());
                budget.check(header.grid(), segmenter.card(), payload.name());
            }

            Rendered rendered;
            try (InferenceGate.Slot slot = gate.acquire()) {
                timings.put("queue", slot.waited().toNanos() / 1e6);
                metrics.queueWait(slot.waited());
                rendered = segment(segmenter, payload, dicom, budget, job, timings);
            }
            t = System.nanoTime();
            SegmentationReport.Outputs outputs = outputs(job, file, rendered);
            if (outputs != null) {
                timings.put("outputs", ms(t));
            }
            Map<String, Double> stages = new LinkedHashMap<>(timings);
            stages.remove("queue");
            metrics.stages(stages);
            timings.put("total", ms(t0));
            String source = job.location() == null ? "upload" : job.location().uri();
            return SegmentationReport.of(job.id(), source, rendered.result(), timings, outputs);
        }
    }

    /** The result and its encoded outputs. */
    private record Rendered(SegmentationResult result, byte[] mask, byte[] preview) {
    }

    /** Everything that holds the decoded scan: runs inside a slot. */
    private Rendered segment(Segmenter segmenter, ScanPayload payload, boolean dicom, MemoryBudget budget,
                             ScanJob job, Map<String, Double> timings) {
        long t = System.nanoTime();
        Volume scan;
        if (dicom) {
            // The zip's inflated files stay in memory until the scan is built: they may take half the
            // budget, so a decode checked against the whole budget peaks at up to 1.5 times it.
            PendingSeries series = payload.dicomSeries(reader, job.series(), budget.limitBytes() / 2);
            metrics.scan(payload.size(), series.grid().voxelCount());
            budget.check(series.grid(), segmenter.card(), payload.name());
            scan = series.decode().volume();
        } else {
            scan = payload.volume(reader);
        }
        timings.put("read", ms(t));
        SegmentationResult result = segmenter.segment(scan);
        timings.putAll(result.timingsMs());
        if (job.outputs() == OutputMode.NONE) {
            return new Rendered(result, null, null);
        }
        t = System.nanoTime();
        byte[] preview = previews.render(scan, result);
        timings.put("preview", ms(t));
        t = System.nanoTime();
        byte[] mask = NiftiWriter.toBytes(result.labels(), true);
        timings.put("encode", ms(t));
        return new Rendered(result, mask, preview);
    }

    private SegmentationReport.Outputs outputs(ScanJob job, FileScanStore.Resolved file, Rendered r) {
        switch (job.outputs()) {
            case NONE:
                return null;
            case INLINE:
                return new SegmentationReport.Outputs(inline(r.mask(), MASK_TYPE), inline(r.preview(), PREVIEW_TYPE));
            default:
                break;
        }
        if (job.location() instanceof ScanLocation.S3Object object) {
            OutputNames names = s3.outputs();
            return new SegmentationReport.Outputs(
                    stored(s3.write(object, names.mask(object.key()), r.mask(), MASK_TYPE), r.mask(), MASK_TYPE),
                    stored(s3.write(object, names.preview(object.key()), r.preview(), PREVIEW_TYPE), r.preview(),
                            PREVIEW_TYPE));
        }
        OutputNames names = files.outputs();
        return new SegmentationReport.Outputs(
                stored(files.write(file, names.mask(file.key()), r.mask()), r.mask(), MASK_TYPE),
                stored(files.write(file, names.preview(file.key()), r.preview()), r.preview(), PREVIEW_TYPE));
    }

    private static SegmentationReport.Output inline(byte[] bytes, String type) {
        return new SegmentationReport.Output(null, type, bytes.length, Base64.getEncoder().encodeToString(bytes));
    }

    private static SegmentationReport.Output stored(String location, byte[] bytes, String type) {
        return new SegmentationReport.Output(location, type, bytes.length, null);
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
