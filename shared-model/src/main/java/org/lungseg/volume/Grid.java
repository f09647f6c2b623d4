package org.lungseg.volume;

/**
 * A 3D voxel grid: its dimensions and where it lies in the patient (affine to RAS mm). Voxel
 * (x, y, z) is stored at index {@code x + nx * (y + ny * z)}: the first axis fastest, as NIfTI
 * stores it on disk.
 *
 * @param header the spatial header the grid was read with (or one built from the affine), so that
 *               masks on this grid can repeat it
 */
public record Grid(int nx, int ny, int nz, Affine affine, SpatialHeader header) {

    public Grid {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new InvalidScanException("grid dimensions must be positive, got " + nx + "x" + ny + "x" + nz);
        }
    }

    public Grid(int nx, int ny, int nz, Affine affine) {
        this(nx, ny, nz, affine, SpatialHeader.of(affine));
    }

    public long voxelCount() {
        return (long) nx * ny * nz;
    }

    public int[] dims() {
        return new int[] {nx, ny, nz};
    }

    public int dim(int axis) {
        return axis == 0 ? nx : axis == 1 ? ny : nz;
    }

    public double[] spacing() {
        return affine.spacing();
    }

    /** Volume of one voxel in cubic millimetres. */
    public double voxelVolumeMm3() {
        return Math.abs(affine.determinant3());
    }

    public AxisCodes orientation() {
        return AxisCodes.of(affine);
    }

    public int index(int x, int y, int z) {
        return x + nx * (y + ny * z);
    }

    /** Same dimensions and affine (the header may differ in representation only). */
    public boolean sameGeometry(Grid other, double tolerance) {
        return nx == other.nx && ny == other.ny && nz == other.nz
                && affine.approximatelyEquals(other.affine, tolerance);
    }

    public String dimsText() {
        return nx + "x" + ny + "x" + nz;
    }
}
