package org.lungseg.phantom;

import org.lungseg.volume.AxisCodes;

/**
 * What to generate: the stored grid, how it is stored, how sick the patient is, and the seed that
 * fixes everything else (body, anatomy, lesions, noise). Equal specs give byte-identical phantoms.
 *
 * @param inPlaneSpacingMm voxel size across the slice; 0 chooses a field of view that fits the body
 * @param sliceSpacingMm   distance between slices; 0 chooses one that covers the chest (0.6 to 5 mm)
 * @param orientation      storage axes of the written arrays (the affine says where the patient is)
 * @param windowed         store 0..255 values of the window [-1250, 250] HU, as the Radiopaedia
 *                         half of COVID-19-CT-Seg does, instead of HU
 */
public record PhantomSpec(int nx, int ny, int nz, double inPlaneSpacingMm, double sliceSpacingMm,
                          AxisCodes orientation, Severity severity, boolean windowed, long seed) {

    public static final int MAX_IN_PLANE = 512;
    public static final int MIN_IN_PLANE = 16;
    public static final int MAX_SLICES = 600;
    public static final int MIN_SLICES = 16;
    public static final double MIN_SLICE_SPACING_MM = 0.6;
    public static final double MAX_SLICE_SPACING_MM = 5.0;

    public PhantomSpec {
        if (nx < MIN_IN_PLANE || ny < MIN_IN_PLANE || nx > MAX_IN_PLANE || ny > MAX_IN_PLANE) {
            throw new IllegalArgumentException("in-plane size must be " + MIN_IN_PLANE + " to " + MAX_IN_PLANE
                    + " voxels, got " + nx + "x" + ny);
        }
        if (nz < MIN_SLICES || nz > MAX_SLICES) {
            throw new IllegalArgumentException("slice count must be " + MIN_SLICES + " to " + MAX_SLICES + ", got " + nz);
        }
        if (inPlaneSpacingMm != 0 && !(inPlaneSpacingMm >= 0.2 && inPlaneSpacingMm <= 5)) {
            throw new IllegalArgumentException("in-plane spacing must be 0.2 to 5 mm (or 0 for automatic), got "
                    + inPlaneSpacingMm);
        }
        if (sliceSpacingMm != 0 && !(sliceSpacingMm >= MIN_SLICE_SPACING_MM && sliceSpacingMm <= MAX_SLICE_SPACING_MM)) {
            throw new IllegalArgumentException("slice spacing must be " + MIN_SLICE_SPACING_MM + " to "
                    + MAX_SLICE_SPACING_MM + " mm (or 0 for automatic), got " + sliceSpacingMm);
        }
        if (orientation == null || severity == null) {
            throw new IllegalArgumentException("orientation and severity are required");
        }
    }

    /** A 256x256x128 RAS case in HU with moderate pneumonia and automatic spacing. */
    public static PhantomSpec of(long seed) {
        return new PhantomSpec(256, 256, 128, 0, 0, AxisCodes.RAS, Severity.MODERATE, false, seed);
    }

    public PhantomSpec withSize(int nx, int ny, int nz) {
        return new PhantomSpec(nx, ny, nz, inPlaneSpacingMm, sliceSpacingMm, orientation, severity, windowed, seed);
    }

    public PhantomSpec withSpacing(double inPlaneMm, double sliceMm) {
        return new PhantomSpec(nx, ny, nz, inPlaneMm, sliceMm, orientation, severity, windowed, seed);
    }

    public PhantomSpec withOrientation(AxisCodes codes) {
        return new PhantomSpec(nx, ny, nz, inPlaneSpacingMm, sliceSpacingMm, codes, severity, windowed, seed);
    }

    public PhantomSpec withSeverity(Severity s) {
        return new PhantomSpec(nx, ny, nz, inPlaneSpacingMm, sliceSpacingMm, orientation, s, windowed, seed);
    }

    public PhantomSpec withWindowed(boolean w) {
        return new PhantomSpec(nx, ny, nz, inPlaneSpacingMm, sliceSpacingMm, orientation, severity, w, seed);
    }

    public PhantomSpec withSeed(long s) {
        return new PhantomSpec(nx, ny, nz, inPlaneSpacingMm, sliceSpacingMm, orientation, severity, windowed, s);
    }
}
