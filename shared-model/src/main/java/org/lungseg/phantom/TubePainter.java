package org.lungseg.phantom;

/**
 * Visits the voxels near a {@link Tube}, only inside its bounding box, with each voxel's signed
 * distance to the tube's surface in millimetres (negative inside).
 */
final class TubePainter {

    /** What to do with a voxel at a signed distance from the surface. */
    interface Brush {
        void paint(int index, double distanceMm);
    }

    private TubePainter() {
    }

    /** Calls {@code brush} for every voxel whose signed distance is below {@code reach}. */
    static void paint(PhantomCanvas c, Tube t, double reach, Brush brush) {
        double pad = t.maxRadius() + reach;
        int i0 = Math.max(0, (int) Math.floor((Math.min(t.x0(), t.x1()) - pad - c.ox) / c.sx));
        int i1 = Math.min(c.nx - 1, (int) Math.ceil((Math.max(t.x0(), t.x1()) + pad - c.ox) / c.sx));
        int j0 = Math.max(0, (int) Math.floor((Math.min(t.y0(), t.y1()) - pad - c.oy) / c.sy));
        int j1 = Math.min(c.ny - 1, (int) Math.ceil((Math.max(t.y0(), t.y1()) + pad - c.oy) / c.sy));
        int k0 = Math.max(0, (int) Math.floor((Math.min(t.z0(), t.z1()) - pad - c.oz) / c.sz));
        int k1 = Math.min(c.nz - 1, (int) Math.ceil((Math.max(t.z0(), t.z1()) + pad - c.oz) / c.sz));
        double dx = t.x1() - t.x0();
        double dy = t.y1() - t.y0();
        double dz = t.z1() - t.z0();
        double len2 = dx * dx + dy * dy + dz * dz;
        double inv = len2 > 0 ? 1 / len2 : 0;
        for (int k = k0; k <= k1; k++) {
            double pz = c.z(k) - t.z0();
            for (int j = j0; j <= j1; j++) {
                double py = c.y(j) - t.y0();
                int row = c.index(0, j, k);
                for (int i = i0; i <= i1; i++) {
                    double px = c.x(i) - t.x0();
                    double s = (px * dx + py * dy + pz * dz) * inv;
                    s = s < 0 ? 0 : s > 1 ? 1 : s;
                    double ex = px - s * dx;
                    double ey = py - s * dy;
                    double ez = pz - s * dz;
                    double d = Math.sqrt(ex * ex + ey * ey + ez * ez) - (t.r0() + s * (t.r1() - t.r0()));
                    if (d < reach) {
                        brush.paint(row + i, d);
                    }
                }
            }
        }
    }
}
