package org.lungseg.inference;

import java.util.SplittableRandom;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.Volume;

/**
 * A quick chest-like CT of any size for memory and speed checks (not anatomy): an elliptic body of
 * soft tissue in air, two ellipsoidal lungs, scanner noise, whole-number HU; stored LPS like most
 * scanners write it.
 */
final class SyntheticChest {

    private SyntheticChest() {
    }

    /** {@code nx x ny x nz} voxels over a 350 x 350 x 300 mm field of view. */
    static Volume of(int nx, int ny, int nz) {
        double sx = 350.0 / nx;
        double sz = 300.0 / nz;
        Grid grid = new Grid(nx, ny, nz, Affine.ofRows(-sx, 0, 0, 175, 0, -sx, 0, 175, 0, 0, sz, -150));
        float[] v = new float[Math.toIntExact(grid.voxelCount())];
        SplittableRandom random = new SplittableRandom(7);
        for (int z = 0, i = 0; z < nz; z++) {
            double h = 2.0 * z / nz - 1;
            for (int y = 0; y < ny; y++) {
                double w = 2.0 * y / ny - 1;
                for (int x = 0; x < nx; x++, i++) {
                    double u = 2.0 * x / nx - 1;
                    float base;
                    if (u * u / 0.8 + w * w / 0.5 > 1) {
                        base = -1000;
                    } else {
                        double lx = Math.abs(u) - 0.38;
                        boolean lung = lx * lx / 0.06 + w * w / 0.25 + h * h / 0.8 < 1;
                        base = lung ? -850 : 40;
                    }
                    v[i] = base + random.nextInt(-20, 21);
                }
            }
        }
        return new Volume(grid, v);
    }
}
