package org.lungseg.phantom;

import org.lungseg.volume.Affine;
import org.lungseg.volume.AxisCodes;
import org.lungseg.volume.Grid;

/**
 * Stores a RAS-ordered grid in another orientation (a permutation of the axes with flips, such as
 * LPS or PLS) and builds the affine that keeps every voxel at the same place in the patient, so
 * that left and right come from the affine and never from the array order.
 */
final class StorageOrientation {

    private final Grid grid;
    private final int start;
    private final int[] step = new int[3];
    private final boolean identity;

    /**
     * @param rasAffine voxel to world mapping of the RAS grid (diagonal, positive spacings)
     * @param rasDims   its dimensions
     * @param codes     the storage orientation wanted
     */
    StorageOrientation(Affine rasAffine, int[] rasDims, AxisCodes codes) {
        int[] rasStride = {1, rasDims[0], rasDims[0] * rasDims[1]};
        int[] dims = new int[3];
        double[] rows = new double[12];
        int[] rasIndexOfOrigin = new int[3];
        int first = 0;
        for (int v = 0; v < 3; v++) {
            int w = codes.worldAxis()[v];
            boolean flip = codes.negative()[v];
            dims[v] = rasDims[w];
            rows[w * 4 + v] = (flip ? -1 : 1) * rasAffine.get(w, w);
            step[v] = flip ? -rasStride[w] : rasStride[w];
            if (flip) {
                rasIndexOfOrigin[w] = rasDims[w] - 1;
                first += (rasDims[w] - 1) * rasStride[w];
            }
        }
        double[] origin = rasAffine.apply(rasIndexOfOrigin[0], rasIndexOfOrigin[1], rasIndexOfOrigin[2]);
        rows[3] = origin[0];
        rows[7] = origin[1];
        rows[11] = origin[2];
        this.grid = new Grid(dims[0], dims[1], dims[2], Affine.ofRows(rows));
        this.start = first;
        this.identity = codes.isRas();
    }

    Grid grid() {
        return grid;
    }

    /** The values in storage order; RAS storage hands back the same array. */
    float[] reorder(float[] ras) {
        if (identity) {
            return ras;
        }
        float[] out = new float[ras.length];
        walk((o, src) -> out[o] = ras[src]);
        return out;
    }

    byte[] reorder(byte[] ras) {
        if (identity) {
            return ras;
        }
        byte[] out = new byte[ras.length];
        walk((o, src) -> out[o] = ras[src]);
        return out;
    }

    private interface Copy {
        void copy(int storedIndex, int rasIndex);
    }

    /** Visits the stored voxels in storage order with the RAS index each comes from. */
    private void walk(Copy copy) {
        int o = 0;
        for (int k = 0; k < grid.nz(); k++) {
            for (int j = 0; j < grid.ny(); j++) {
                int src = start + k * step[2] + j * step[1];
                for (int i = 0; i < grid.nx(); i++, src += step[0]) {
                    copy.copy(o++, src);
                }
            }
        }
    }
}
