package org.lungseg.inference;

import java.util.Locale;
import org.lungseg.volume.Grid;

/**
 * The heap a segmentation needs, estimated from the scan's dimensions alone, and the limit it must
 * stay under. Per voxel: the scan as float (4 bytes), the label map (1) and, at most, the
 * postprocessing region around the lungs (1); plus the network tensors, which depend on the model
 * only. A scan above the limit is refused with {@link ScanTooLargeException} instead of running
 * the process out of memory.
 */
public final class MemoryBudget {

    /** Bytes per scan voxel: float scan, byte label map, byte postprocessing region. */
    static final int BYTES_PER_VOXEL = 4 + 1 + 1;
    /** Share of the maximum heap one segmentation may plan to use by default. */
    static final double DEFAULT_HEAP_SHARE = 0.85;
    private static final long SLACK = 16L << 20;

    private final long limitBytes;

    public MemoryBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("memory limit must be positive, got " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** {@value #DEFAULT_HEAP_SHARE} of this JVM's maximum heap. */
    public static MemoryBudget ofHeap() {
        return new MemoryBudget((long) (Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_SHARE));
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** Estimated heap bytes to segment a scan on {@code grid} with {@code card}'s network. */
    public static long estimate(Grid grid, ModelCard card) {
        // Image, our copy of the probabilities, and ONNX Runtime's copies of both.
        long network = 2L * 4 * card.grid().voxelCount() * (1 + card.channelCount());
        return grid.voxelCount() * BYTES_PER_VOXEL + network + SLACK;
    }

    /** Refuses a scan whose estimate exceeds the limit; {@code name} names it in the message. */
    public void check(Grid grid, ModelCard card, String name) {
        long need = estimate(grid, card);
        if (need > limitBytes) {
            throw new ScanTooLargeException(String.format(Locale.ROOT,
                    "%s is too large to segment here: %s voxels (%s) need about %s of memory, above the limit of %s."
                            + " Raise the limit (more heap with -Xmx, or --memory-limit on the command line, lungseg.memory-limit in the"
                            + " function) or downsample the scan.",
                    name, grid.dimsText(), String.format(Locale.ROOT, "%,d", grid.voxelCount()), size(need),
                    size(limitBytes)));
        }
    }

    static String size(long bytes) {
        return bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
