package org.lungseg.function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The function's Prometheus metrics (at {@code /q/metrics}): segmentations by outcome, seconds
 * per stage, scan sizes in bytes and voxels, and the wait for a segmentation slot. The slot
 * gauges are registered by {@link InferenceGate}.
 */
@ApplicationScoped
public class SegmentationMetrics {

    /** Histogram buckets that span one small scan to a whole-body CT, in bytes or voxels. */
    private static final double[] SIZE_BUCKETS = {1 << 20, 4 << 20, 16 << 20, 64 << 20, 256 << 20, 1 << 30};
    /** Histogram buckets from a fast stage to a slow CPU inference. */
    private static final Duration[] SECONDS_BUCKETS = Stream.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
            120.0).map(s -> Duration.ofMillis((long) (s * 1000))).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final DistributionSummary scanBytes;
    private final DistributionSummary scanVoxels;
    private final Timer queueWait;

    public SegmentationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.scanBytes = DistributionSummary.builder("lungseg.scan.size").baseUnit("bytes")
                .description("Size of the scan as received (compressed or not)").serviceLevelObjectives(SIZE_BUCKETS)
                .register(registry);
        this.scanVoxels = DistributionSummary.builder("lungseg.scan.voxels")
                .description("Voxels of the scan, from its header").serviceLevelObjectives(SIZE_BUCKETS)
                .register(registry);
        this.queueWait = Timer.builder("lungseg.queue.wait")
                .description("Time a request waited for a segmentation slot").serviceLevelObjectives(SECONDS_BUCKETS)
                .register(registry);
    }

    /** One finished request: {@code ok}, or the problem kind (e.g. {@code invalid-scan}, {@code busy}). */
    public void outcome(String outcome) {
        Counter.builder("lungseg.segmentations").description("Segmentation requests by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void scan(long bytes, long voxels) {
        scanBytes.record(bytes);
        scanVoxels.record(voxels);
    }

    public void queueWait(Duration waited) {
        queueWait.record(waited);
    }

    /** Milliseconds per stage, as the result reports them. */
    public void stages(Map<String, Double> timingsMs) {
        timingsMs.forEach((stage, ms) -> Timer.builder("lungseg.stage").description("Seconds per segmentation stage")
                .tag("stage", stage).serviceLevelObjectives(SECONDS_BUCKETS).register(registry)
                .record((long) (ms * 1e6), TimeUnit.NANOSECONDS));
    }

    MeterRegistry registry() {
        return registry;
    }
}
