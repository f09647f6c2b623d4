package org.lungseg.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.lungseg.volume.Affine;
import org.lungseg.volume.InvalidScanException;

/**
 * Where a stack of slices lies: the slices sorted along the slice normal (the cross product of
 * the row and column directions, not file name or Instance Number) and the voxel-to-RAS affine.
 * Voxel x is the column index, y the row, z the slice in that order; DICOM's patient axes are LPS,
 * so the affine negates x and y. A stack with duplicate positions, gaps, uneven spacing or a
 * tilted gantry is refused with what was found rather than read into a warped volume.
 */
record StackGeometry(List<SliceHeader> sorted, Affine affine) {

    /** Positions on the normal closer than this are the same position. */
    private static final double SAME_POSITION_MM = 1e-3;

    static StackGeometry of(List<SliceHeader> slices, String input) {
        if (slices.size() < 2) {
            throw new InvalidScanException(input + ": the CT series has a single slice; a 3D scan needs at least 2");
        }
        SliceHeader first = slices.get(0);
        for (SliceHeader s : slices) {
            requirePresent(s, s.position(), "ImagePositionPatient (0020,0032)");
            requirePresent(s, s.orientation(), "ImageOrientationPatient (0020,0037)");
            requirePresent(s, s.pixelSpacing(), "PixelSpacing (0028,0030)");
        }
        double[] row = {first.orientation()[0], first.orientation()[1], first.orientation()[2]};
        double[] col = {first.orientation()[3], first.orientation()[4], first.orientation()[5]};
        checkOrientation(first, row, col);
        double[] normal = cross(row, col);
        double[] spacing = first.pixelSpacing();
        if (!(spacing[0] > 0 && spacing[1] > 0)) {
            throw new InvalidScanException(first.source() + ": PixelSpacing (0028,0030) must be positive, got "
                    + fmt(spacing[0]) + "\\" + fmt(spacing[1]));
        }
        for (SliceHeader s : slices) {
            if (!sameOrientation(s.orientation(), first.orientation())) {
                throw new InvalidScanException(input + ": slices of one series have different orientations ("
                        + first.source() + ", " + s.source() + ")");
            }
            if (!samePixelSpacing(s.pixelSpacing(), spacing)) {
                throw new InvalidScanException(input + ": slices of one series have different pixel spacings ("
                        + first.source() + ", " + s.source() + ")");
            }
        }
        List<SliceHeader> sorted = new ArrayList<>(slices);
        sorted.sort(Comparator.comparingDouble(s -> dot(s.position(), normal)));
        double step = checkSpacing(sorted, normal, input);
        checkTilt(sorted, normal, Math.min(spacing[0], spacing[1]), step, input);

        double[] origin = sorted.get(0).position();
        // LPS voxel axes: columns run along the row direction, rows along the column direction.
        double[] x = scale(row, spacing[1]);
        double[] y = scale(col, spacing[0]);
        double[] z = scale(normal, step);
        Affine affine = Affine.ofRows(
                -x[0], -y[0], -z[0], -origin[0],
                -x[1], -y[1], -z[1], -origin[1],
                x[2], y[2], z[2], origin[2]);
        return new StackGeometry(List.copyOf(sorted), affine);
    }

    /** The mean step along the normal, after checking every step is near it. */
    private static double checkSpacing(List<SliceHeader> sorted, double[] normal, String input) {
        int n = sorted.size();
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = dot(sorted.get(k).position(), normal);
        }
        double mean = (d[n - 1] - d[0]) / (n - 1);
        if (mean < SAME_POSITION_MM) {
            throw new InvalidScanException(input + ": all " + n + " slices lie at one position; the series is not a 3D stack");
        }
        for (int k = 0; k + 1 < n; k++) {
            double gap = d[k + 1] - d[k];
            if (gap < SAME_POSITION_MM) {
                throw new InvalidScanException(input + ": " + sorted.get(k).source() + " and " + sorted.get(k + 1).source()
                        + " lie at the same position along the slice normal (" + fmt(d[k]) + " mm): the series holds "
                        + "duplicate slices or several acquisitions; remove the extra images or choose another series");
            }
        }
        // The typical step is the median, so one missing slice stands out as the one odd gap.
        double[] steps = new double[n - 1];
        for (int k = 0; k + 1 < n; k++) {
            steps[k] = d[k + 1] - d[k];
        }
        double[] ordered = steps.clone();
        java.util.Arrays.sort(ordered);
        double typical = ordered[(n - 1) / 2];
        for (int k = 0; k + 1 < n; k++) {
            if (Math.abs(steps[k] - typical) > 0.01 + 0.02 * typical) {
                throw new InvalidScanException(input + ": irregular slice spacing: " + sorted.get(k).source() + " and "
                        + sorted.get(k + 1).source() + " are " + fmt(steps[k]) + " mm apart where the series steps "
                        + fmt(typical) + " mm (a missing slice, or a series with variable spacing); "
                        + "lungseg does not resample uneven stacks");
            }
        }
        return mean;
    }

    /** Slice positions must advance along the normal; a sideways drift means a tilted gantry or a sheared stack. */
    private static void checkTilt(List<SliceHeader> sorted, double[] normal, double pixel, double step, String input) {
        double[] p0 = sorted.get(0).position();
        double worst = 0;
        for (SliceHeader s : sorted) {
            double[] v = sub(s.position(), p0);
            double along = dot(v, normal);
            double[] lateral = sub(v, scale(normal, along));
            worst = Math.max(worst, Math.sqrt(dot(lateral, lateral)));
        }
        if (worst > 0.5 * pixel) {
            double span = step * (sorted.size() - 1);
            double degrees = Math.toDegrees(Math.atan2(worst, span));
            throw new InvalidScanException(String.format(Locale.ROOT, "%s: slice positions drift %.2f mm sideways over "
                    + "the stack (a tilted gantry or sheared stack, about %.1f degrees); lungseg does not resample such "
                    + "series. Correct the tilt first (e.g. dcm2niix writes a tilt-corrected NIfTI).", input, worst, degrees));
        }
    }

    /** Image Orientation (Patient) values equal within 1e-4: slices of one stack. */
    static boolean sameOrientation(double[] a, double[] b) {
        for (int i = 0; i < 6; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4) {
                return false;
            }
        }
        return true;
    }

    /** Pixel Spacing values equal within 1e-4 of {@code reference}. */
    static boolean samePixelSpacing(double[] a, double[] reference) {
        return Math.abs(a[0] - reference[0]) <= 1e-4 * reference[0] && Math.abs(a[1] - reference[1]) <= 1e-4 * reference[1];
    }

    private static void checkOrientation(SliceHeader s, double[] row, double[] col) {
        double lr = Math.sqrt(dot(row, row));
        double lc = Math.sqrt(dot(col, col));
        if (Math.abs(lr - 1) > 1e-3 || Math.abs(lc - 1) > 1e-3 || Math.abs(dot(row, col)) > 1e-3) {
            throw new InvalidScanException(s.source() + ": ImageOrientationPatient (0020,0037) is not two orthogonal unit vectors");
        }
    }

    private static void requirePresent(SliceHeader s, double[] value, String attribute) {
        if (value == null) {
            throw new InvalidScanException(s.source() + ": no " + attribute + "; without it the slice cannot be placed");
        }
    }

    private static double[] cross(double[] a, double[] b) {
        double[] c = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
        return scale(c, 1 / Math.sqrt(dot(c, c)));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] scale(double[] a, double f) {
        return new double[] {a[0] * f, a[1] * f, a[2] * f};
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
