package org.lungseg.inference;

import java.util.stream.IntStream;
import org.lungseg.volume.Grid;

/**
 * Brings the network's class probabilities back onto the scan's own grid by trilinear
 * interpolation, only inside the box where the lungs were found, and thresholds them into class
 * bits of a {@link VoxelRegion}. Where the lung probability is uncertain (inside the boundary
 * band) the scan decides: lung where it holds air, as a lung's edge against the chest wall is a
 * sharp step from air to tissue that a coarse network grid blurs over several millimetres;
 * voxels the network calls infected are left to it, as consolidation is lung without air.
 *
 * <p>The interpolation is separable and follows the scan's storage order: a plane per slice, a
 * row per row, then two reads per voxel and channel, so a full-size scan costs little more than
 * one pass over the box. Slabs of slices run on all cores.
 */
final class ProbabilityResampler {

    private ProbabilityResampler() {
    }

    /**
     * The box of network voxels (per RAS axis, {lo, hi} inclusive) where a lung channel exceeds
     * the threshold, or null when none does.
     */
    static int[][] lungBox(float[] probabilities, ModelCard card) {
        ModelCard.GridSize g = card.grid();
        int n = g.voxelCount();
        int left = card.channel(ModelCard.LEFT_LUNG) * n;
        int right = card.channel(ModelCard.RIGHT_LUNG) * n;
        float t = (float) card.threshold();
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        int at = 0;
        for (int z = 0; z < g.z(); z++) {
            for (int y = 0; y < g.y(); y++) {
                for (int x = 0; x < g.x(); x++, at++) {
                    if (probabilities[left + at] > t || probabilities[right + at] > t) {
                        lo[0] = Math.min(lo[0], x);
                        hi[0] = Math.max(hi[0], x);
                        lo[1] = Math.min(lo[1], y);
                        hi[1] = Math.max(hi[1], y);
                        lo[2] = Math.min(lo[2], z);
                        hi[2] = Math.max(hi[2], z);
                    }
                }
            }
        }
        return hi[0] < 0 ? null : new int[][] {lo, hi};
    }

    /**
     * Resamples and thresholds the probabilities over the source voxels that {@code networkBox} can
     * reach; a lung probability strictly between {@code bandLow} and {@code bandHigh} is decided by
     * {@code air} instead of the threshold (an empty band, low = high, turns that off).
     */
    static VoxelRegion resample(float[] probabilities, ModelCard card, NetworkSpace space, int[][] networkBox,
                                AirMap air, float bandLow, float bandHigh) {
        int[] from = new int[3];
        int[] size = new int[3];
        for (int s = 0; s < 3; s++) {
            int a = space.rasAxisOfSource(s);
            int[] r = space.rasRangeOf(a, networkBox[0][a], networkBox[1][a]);
            int i0 = space.sourceIndex(a, r[0]);
            int i1 = space.sourceIndex(a, r[1]);
            from[s] = Math.min(i0, i1);
            size[s] = Math.abs(i1 - i0) + 1;
        }
        VoxelRegion region = new VoxelRegion(from, size);
        AxisSampling[] t = new AxisSampling[3];
        int[] netStride = new int[3];
        ModelCard.GridSize g = card.grid();
        int[] rasStride = {1, g.x(), g.x() * g.y()};
        for (int s = 0; s < 3; s++) {
            t[s] = space.sourceToNetwork(s, from[s], from[s] + size[s]);
            netStride[s] = rasStride[space.rasAxisOfSource(s)];
        }
        int lo0 = min(t[0].lower());
        int n0 = max(t[0].upper()) - lo0 + 1;
        int lo1 = min(t[1].lower());
        int n1 = max(t[1].upper()) - lo1 + 1;

        int[] channels = {card.channel(ModelCard.LEFT_LUNG), card.channel(ModelCard.RIGHT_LUNG),
            card.channel(ModelCard.INFECTION)};
        Slices slices = new Slices(probabilities, channels, g.voxelCount(), (float) card.threshold(), region, t, netStride,
                lo0, n0, lo1, n1, air, space.source(), bandLow, bandHigh);
        // Slices are independent: share them out over the cores in slabs.
        int slabs = Math.min(size[2], 2 * Runtime.getRuntime().availableProcessors());
        IntStream.range(0, slabs).parallel()
                .forEach(n -> slices.resample(size[2] * n / slabs, size[2] * (n + 1) / slabs));
        return region;
    }

    /** Resamples and thresholds whole source slices (constant last index) of the region. */
    private record Slices(float[] probabilities, int[] channels, int voxels, float threshold, VoxelRegion region,
                          AxisSampling[] t, int[] netStride, int lo0, int n0, int lo1, int n1, AirMap air,
                          Grid source, float bandLow, float bandHigh) {

        void resample(int kFrom, int kTo) {
            int used = channels[2] >= 0 ? 3 : 2;
            float[][] plane = new float[used][n0 * n1];
            float[][] row = new float[used][n0];
            byte[] cells = region.cells();
            int[] o = region.origin();
            for (int k = kFrom; k < kTo; k++) {
                int z0 = t[2].lower()[k] * netStride[2];
                int z1 = t[2].upper()[k] * netStride[2];
                float wz = t[2].weight()[k];
                for (int c = 0; c < used; c++) {
                    int base = channels[c] * voxels;
                    float[] p = plane[c];
                    for (int p1 = 0; p1 < n1; p1++) {
                        int b = base + (lo1 + p1) * netStride[1] + lo0 * netStride[0];
                        for (int p0 = 0, at = b; p0 < n0; p0++, at += netStride[0]) {
                            p[p1 * n0 + p0] = lerp(probabilities[at + z0], probabilities[at + z1], wz);
                        }
                    }
                }
                for (int j = 0; j < region.size(1); j++) {
                    int y0 = (t[1].lower()[j] - lo1) * n0;
                    int y1 = (t[1].upper()[j] - lo1) * n0;
                    float wy = t[1].weight()[j];
                    float lungMax = 0;
                    for (int c = 0; c < used; c++) {
                        float[] p = plane[c];
                        float[] r = row[c];
                        for (int p0 = 0; p0 < n0; p0++) {
                            r[p0] = lerp(p[y0 + p0], p[y1 + p0], wy);
                        }
                        if (c < 2) {
                            for (float v : r) {
                                lungMax = Math.max(lungMax, v);
                            }
                        }
                    }
                    if (lungMax <= Math.min(threshold, bandLow)) {
                        // Interpolation never exceeds its inputs: no lung on this row, and no hole of one
                        // (a row through a hole meets the lung on both sides).
                        continue;
                    }
                    int cell = region.cell(0, j, k);
                    int scanRow = source.index(o[0], o[1] + j, o[2] + k);
                    int[] xl = t[0].lower();
                    int[] xh = t[0].upper();
                    float[] wx = t[0].weight();
                    for (int i = 0; i < region.size(0); i++) {
                        int a = xl[i] - lo0;
                        int b = xh[i] - lo0;
                        float left = lerp(row[0][a], row[0][b], wx[i]);
                        float right = lerp(row[1][a], row[1][b], wx[i]);
                        boolean infected = used == 3 && lerp(row[2][a], row[2][b], wx[i]) > threshold;
                        float lung = Math.max(left, right);
                        boolean isLung = lung > threshold;
                        boolean edge = false;
                        if (!infected && lung > bandLow && lung < bandHigh) {
                            boolean airy = air.isAir(scanRow + i); // uncertain: the scan decides
                            edge = airy && !isLung;
                            isLung = airy;
                        }
                        int bits = 0;
                        if (isLung) {
                            bits = (left >= right ? VoxelRegion.LEFT : VoxelRegion.RIGHT) | (edge ? VoxelRegion.EDGE : 0);
                        }
                        // Infection outside the lungs is kept for now: hole filling may still put it inside.
                        if (infected) {
                            bits |= VoxelRegion.INFECTION;
                        }
                        cells[cell + i] = (byte) bits;
                    }
                }
            }
        }
    }

    private static float lerp(float a, float b, float w) {
        return a + (b - a) * w;
    }

    private static int min(int[] v) {
        int m = Integer.MAX_VALUE;
        for (int x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static int max(int[] v) {
        int m = Integer.MIN_VALUE;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
