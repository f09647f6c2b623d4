package org.lungseg.volume;

import java.util.Arrays;

/**
 * A 4x4 affine mapping voxel indices (i, j, k) to world millimetres in RAS+ (x to the patient's
 * Right, y Anterior, z Superior), as NIfTI's sform/qform define it. Immutable, row-major.
 */
public final class Affine {

    private final double[] m;

    private Affine(double[] rowMajor) {
        this.m = rowMajor;
    }

    /** The 12 values of the first three rows, row-major; the last row is 0 0 0 1. */
    public static Affine ofRows(double... rows12) {
        if (rows12.length != 12) {
            throw new IllegalArgumentException("an affine needs 12 values, got " + rows12.length);
        }
        double[] m = Arrays.copyOf(rows12, 16);
        m[15] = 1;
        return new Affine(m);
    }

    public static Affine identity() {
        return ofRows(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0);
    }

    /** Axis-aligned RAS grid with the given spacing and the world position of voxel (0,0,0). */
    public static Affine ofSpacing(double sx, double sy, double sz, double ox, double oy, double oz) {
        return ofRows(sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz);
    }

    public double get(int row, int col) {
        return m[row * 4 + col];
    }

    /** World position of a (possibly fractional) voxel index. */
    public double[] apply(double i, double j, double k) {
        return new double[] {
            m[0] * i + m[1] * j + m[2] * k + m[3],
            m[4] * i + m[5] * j + m[6] * k + m[7],
            m[8] * i + m[9] * j + m[10] * k + m[11]};
    }

    public Affine multiply(Affine other) {
        double[] r = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    s += m[i * 4 + k] * other.m[k * 4 + j];
                }
                r[i * 4 + j] = s;
            }
        }
        return new Affine(r);
    }

    /** Length of voxel axis {@code axis}'s step in world millimetres: the voxel spacing. */
    public double spacing(int axis) {
        return Math.sqrt(m[axis] * m[axis] + m[4 + axis] * m[4 + axis] + m[8 + axis] * m[8 + axis]);
    }

    public double[] spacing() {
        return new double[] {spacing(0), spacing(1), spacing(2)};
    }

    public double determinant3() {
        return m[0] * (m[5] * m[10] - m[6] * m[9])
                - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
    }

    public boolean isFinite() {
        for (double v : m) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The 12 values of the first three rows. */
    public double[] rows() {
        return Arrays.copyOf(m, 12);
    }

    public boolean approximatelyEquals(Affine other, double tolerance) {
        for (int i = 0; i < 16; i++) {
            if (Math.abs(m[i] - other.m[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && Arrays.equals(m, a.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            sb.append(r == 0 ? "[" : " ");
            for (int c = 0; c < 4; c++) {
                // a space before each value: -1432.0000 fills all ten places and would join its neighbour
                sb.append(String.format(java.util.Locale.ROOT, " %10.4f", m[r * 4 + c]));
            }
            sb.append(r == 2 ? "]" : "\n");
        }
        return sb.toString();
    }
}
