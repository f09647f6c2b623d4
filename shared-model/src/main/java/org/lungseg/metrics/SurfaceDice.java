package org.lungseg.metrics;

import org.lungseg.label.BinaryMask;
import org.lungseg.label.Label;
import org.lungseg.volume.Grid;

/**
 * Normalised surface Dice (NSD) at a tolerance in mm: the fraction of the surface voxels of
 * prediction and reference that lie within the tolerance of the other's surface (Nikolov et al.
 * 2021, DeepMind's {@code surface-distance}). This is the boundary metric of the COVID-19-CT-Seg
 * benchmark (Ma et al., Med. Phys. 2021), whose evaluation script ({@code
 * JunMa11/COVID-19-CT-Seg-Benchmark}, {@code utils/COVID-19-Seg-Evaluation.py}) scores left and
 * right lung at 1 mm and infection at 3 mm: see {@link #benchmarkToleranceMm(Label)}.
 *
 * <p>Surfaces here are voxels: a voxel inside the mask with a 6-neighbour outside it (or on the
 * grid border). Each counts once, where DeepMind weights surface elements between voxels by their
 * area, so values differ slightly from that implementation, most at tolerances below the spacing.
 * Distances are exact Euclidean, in mm with the grid's anisotropic spacing. Both surfaces empty
 * scores 1.0 (as Dice does here); only one empty scores 0.0.
 */
public final class SurfaceDice {

    /** The benchmark's tolerance for left and right lung. */
    public static final double LUNG_TOLERANCE_MM = 1.0;
    /** The benchmark's tolerance for infection. */
    public static final double INFECTION_TOLERANCE_MM = 3.0;

    private SurfaceDice() {
    }

    /** The COVID-19-CT-Seg benchmark's tolerance for a class. */
    public static double benchmarkToleranceMm(Label label) {
        return switch (label) {
            case LEFT_LUNG, RIGHT_LUNG -> LUNG_TOLERANCE_MM;
            case INFECTION -> INFECTION_TOLERANCE_MM;
            case BACKGROUND -> throw new IllegalArgumentException("the benchmark does not score background");
        };
    }

    public static double of(BinaryMask predicted, BinaryMask reference, double toleranceMm) {
        if (!(toleranceMm >= 0)) {
            throw new IllegalArgumentException("tolerance must be a non-negative number of mm, got " + toleranceMm);
        }
        Grids.requireSame(predicted.grid(), reference.grid());
        Grid grid = reference.grid();
        boolean[] ps = surface(predicted);
        boolean[] rs = surface(reference);
        BoundingBox box = BoundingBox.of(grid, ps, rs);
        if (box == null) {
            return 1.0;
        }
        boolean[] pBox = box.crop(ps);
        boolean[] rBox = box.crop(rs);
        double limit = toleranceMm * toleranceMm;
        long[] predictedWithin = within(pBox, rBox, box, grid, limit);
        long[] referenceWithin = within(rBox, pBox, box, grid, limit);
        long total = predictedWithin[1] + referenceWithin[1];
        return (double) (predictedWithin[0] + referenceWithin[0]) / total;
    }

    /** {count of {@code from} voxels within the limit of {@code to}, count of {@code from} voxels}. */
    private static long[] within(boolean[] from, boolean[] to, BoundingBox box, Grid grid, double limitSquared) {
        float[] d2 = DistanceTransform.squaredDistances(to, box.dims(), grid.spacing());
        long near = 0;
        long all = 0;
        for (int i = 0; i < from.length; i++) {
            if (from[i]) {
                all++;
                if (d2[i] <= limitSquared) {
                    near++;
                }
            }
        }
        return new long[] {near, all};
    }

    /** Surface voxels of a mask, grid order. */
    static boolean[] surface(BinaryMask mask) {
        Grid g = mask.grid();
        boolean[] m = mask.voxels();
        boolean[] s = new boolean[m.length];
        int nx = g.nx();
        int ny = g.ny();
        int nz = g.nz();
        int slice = nx * ny;
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    s[i] = m[i] && (x == 0 || x == nx - 1 || y == 0 || y == ny - 1 || z == 0 || z == nz - 1
                            || !m[i - 1] || !m[i + 1] || !m[i - nx] || !m[i + nx] || !m[i - slice] || !m[i + slice]);
                }
            }
        }
        return s;
    }
}
