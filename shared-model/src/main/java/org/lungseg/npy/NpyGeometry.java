package org.lungseg.npy;

import org.lungseg.volume.Affine;

/**
 * Where a 3D {@code .npy} array lies in the patient. A {@code .npy} file carries no geometry, so
 * this is an assumption the caller states: which array axis is which voxel axis of the grid, and
 * the affine of that grid.
 *
 * <p>The default, {@link #DEFAULT}, assumes what a NIfTI volume saved with
 * {@code np.save(path, nib.load(f).get_fdata())} gives, and what we believe H2O Hydrogen Torch's
 * 3D layout ({@code images/<name>.npy}) holds: shape {@code (X, Y, Z)}, array axis 0 being the
 * NIfTI {@code i} axis, on a 1 mm isotropic RAS grid at the origin. Neither the axis order nor the
 * orientation has been verified against real H2O files; pass another geometry when the source is
 * known (e.g. {@link Axes#ZYX} for a stack of axial slices as SimpleITK or pydicom return it).
 */
public record NpyGeometry(Axes axes, Affine affine) {

    /** Which grid axis each array axis is. */
    public enum Axes {
        /** Shape {@code (X, Y, Z)}: array axis 0 is grid x (the fastest voxel axis). */
        XYZ,
        /** Shape {@code (Z, Y, X)}: array axis 0 is grid z, the last array axis is grid x. */
        ZYX;

        /** Flattening of the array that visits voxels in grid index order (x fastest). */
        FlatteningOrder gridOrder() {
            return this == XYZ ? FlatteningOrder.FIRST_AXIS_FASTEST : FlatteningOrder.LAST_AXIS_FASTEST;
        }
    }

    /** Shape (X, Y, Z) on a 1 mm RAS grid whose voxel (0, 0, 0) is at the world origin. */
    public static final NpyGeometry DEFAULT = new NpyGeometry(Axes.XYZ, Affine.identity());
}
