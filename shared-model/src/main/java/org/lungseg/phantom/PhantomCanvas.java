package org.lungseg.phantom;

/**
 * The phantom while it is being built: one RAS grid (first axis fastest) in the patient frame of
 * {@link Anatomy}, with HU, tissue, lung side (1 left, 2 right, 0 none: the whole lung, infected
 * or not) and the label map (0..3) of every voxel.
 */
final class PhantomCanvas {

    final int nx;
    final int ny;
    final int nz;
    /** Voxel size in mm along x, y, z. */
    final double sx;
    final double sy;
    final double sz;
    /** Patient-frame position of voxel (0, 0, 0). */
    final double ox;
    final double oy;
    final double oz;

    final float[] hu;
    final byte[] tissue;
    final byte[] side;
    final byte[] label;

    PhantomCanvas(int nx, int ny, int nz, double sx, double sy, double sz, double ox, double oy, double oz) {
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.sx = sx;
        this.sy = sy;
        this.sz = sz;
        this.ox = ox;
        this.oy = oy;
        this.oz = oz;
        int n = Math.multiplyExact(Math.multiplyExact(nx, ny), nz);
        hu = new float[n];
        tissue = new byte[n];
        side = new byte[n];
        label = new byte[n];
    }

    int size() {
        return hu.length;
    }

    int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    double x(int i) {
        return ox + i * sx;
    }

    double y(int j) {
        return oy + j * sy;
    }

    double z(int k) {
        return oz + k * sz;
    }

    /** Lung side (0, 1 or 2) of the voxel nearest to a patient-frame point; 0 outside the grid. */
    int sideAt(double x, double y, double z) {
        int i = (int) Math.round((x - ox) / sx);
        int j = (int) Math.round((y - oy) / sy);
        int k = (int) Math.round((z - oz) / sz);
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) {
            return 0;
        }
        return side[index(i, j, k)];
    }

    /** Makes a voxel non-lung tissue of the given HU. */
    void set(int index, Tissue t, double value) {
        tissue[index] = t.code();
        hu[index] = (float) value;
        side[index] = 0;
        label[index] = 0;
    }

    void setLung(int index, int lungSide, double value) {
        tissue[index] = Tissue.LUNG.code();
        hu[index] = (float) value;
        side[index] = (byte) lungSide;
        label[index] = (byte) lungSide;
    }
}
