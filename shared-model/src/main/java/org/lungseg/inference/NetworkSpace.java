package org.lungseg.inference;

import java.util.Arrays;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.volume.Grid;
import org.lungseg.volume.Reorientation;

/**
 * Where the network grid lies in a scan: the scan reoriented to RAS (permutation and flips only,
 * as {@link Reorientation} defines it), optionally cropped to a box of RAS voxels, and resized to
 * the network grid with half-voxel alignment (PyTorch's {@code align_corners=False}). Both
 * directions are exposed as per-axis {@link AxisSampling}s so that no reoriented copy of the scan
 * is ever made: preprocessing reads the scan's own array, postprocessing writes into the scan's
 * own grid.
 */
public final class NetworkSpace {

    private final Grid source;
    private final Grid ras;
    private final GridSize network;
    private final int[] cropStart;
    private final int[] cropSize;
    private final RasIndex index;

    private NetworkSpace(Grid source, GridSize network, int[] cropStart, int[] cropSize) {
        this.source = source;
        this.ras = Reorientation.toRas(source).ras();
        this.network = network;
        this.index = new RasIndex(source);
        for (int a = 0; a < 3; a++) {
            if (cropStart[a] < 0 || cropSize[a] < 1 || cropStart[a] + cropSize[a] > ras.dim(a)) {
                throw new IllegalArgumentException("crop " + Arrays.toString(cropStart) + "+" + Arrays.toString(cropSize)
                        + " does not fit the RAS grid " + ras.dimsText());
            }
        }
        this.cropStart = cropStart.clone();
        this.cropSize = cropSize.clone();
    }

    /** The whole scan resized to {@code network}. */
    public static NetworkSpace whole(Grid source, GridSize network) {
        Grid ras = Reorientation.toRas(source).ras();
        return new NetworkSpace(source, network, new int[3], ras.dims());
    }

    /** A box of the RAS-reoriented scan, {@code start} and {@code size} in RAS voxels, resized to {@code network}. */
    public static NetworkSpace cropped(Grid source, GridSize network, int[] start, int[] size) {
        return new NetworkSpace(source, network, start, size);
    }

    public Grid source() {
        return source;
    }

    /** The scan's grid reoriented to RAS. */
    public Grid ras() {
        return ras;
    }

    public GridSize network() {
        return network;
    }

    /** First RAS voxel of the crop, per RAS axis. */
    public int[] cropStart() {
        return cropStart.clone();
    }

    /** RAS voxels in the crop, per RAS axis. */
    public int[] cropSize() {
        return cropSize.clone();
    }

    public boolean isCropped() {
        return !Arrays.equals(cropSize, ras.dims());
    }

    /** The source voxel axis that runs along RAS axis {@code a}. */
    public int sourceAxis(int rasAxis) {
        return index.sourceAxis(rasAxis);
    }

    /** The RAS axis that source voxel axis {@code s} runs along. */
    public int rasAxisOfSource(int s) {
        return index.rasAxisOfSource(s);
    }

    /** The source index along its own axis of RAS index {@code r} along RAS axis {@code a} (and back). */
    public int sourceIndex(int rasAxis, int r) {
        return index.sourceIndex(rasAxis, r);
    }

    /** Array offset, in the source scan, of one step along source axis {@code s}. */
    public int sourceStride(int s) {
        return index.stride(s);
    }

    /** For each network voxel along RAS axis {@code a}: the two RAS voxels it interpolates between. */
    public AxisSampling networkToRas(int rasAxis) {
        double step = (double) cropSize[rasAxis] / network.dim(rasAxis);
        return AxisSampling.of(network.dim(rasAxis), cropStart[rasAxis] + 0.5 * step - 0.5, step,
                cropStart[rasAxis], cropStart[rasAxis] + cropSize[rasAxis] - 1);
    }

    /**
     * For each source voxel along source axis {@code s}, from {@code from} (inclusive) to {@code to}
     * (exclusive): the two network voxels (along the matching RAS axis) it interpolates between.
     */
    public AxisSampling sourceToNetwork(int s, int from, int to) {
        int a = index.rasAxisOfSource(s);
        boolean flipped = index.flipped(a);
        double scale = (double) network.dim(a) / cropSize[a];
        int count = to - from;
        // Source index i is RAS index r = i (or n-1-i when flipped); network coordinate (r - crop + 0.5) * scale - 0.5.
        double rFirst = index.sourceIndex(a, from);
        double dir = flipped ? -1 : 1;
        double start = (rFirst - cropStart[a] + 0.5) * scale - 0.5;
        return AxisSampling.of(count, start, dir * scale, 0, network.dim(a) - 1);
    }

    /**
     * The RAS voxels along RAS axis {@code a}, as {@code [first, last]}, whose interpolation reads any
     * of network voxels {@code firstNetwork..lastNetwork}: those whose network coordinate lies
     * within one voxel of that range.
     */
    public int[] rasRangeOf(int rasAxis, int firstNetwork, int lastNetwork) {
        double step = (double) cropSize[rasAxis] / network.dim(rasAxis);
        int lo = (int) Math.floor(cropStart[rasAxis] + (firstNetwork - 0.5) * step - 0.5);
        int hi = (int) Math.ceil(cropStart[rasAxis] + (lastNetwork + 1.5) * step - 0.5);
        int first = Math.max(lo, cropStart[rasAxis]);
        int last = Math.min(hi, cropStart[rasAxis] + cropSize[rasAxis] - 1);
        return new int[] {first, last};
    }
}
