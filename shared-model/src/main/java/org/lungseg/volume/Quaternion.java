package org.lungseg.volume;

/**
 * NIfTI's qform parameterisation of a rigid rotation plus voxel spacing (nifti1_io's
 * {@code quatern_to_mat44} and {@code mat44_to_quatern}).
 */
public record Quaternion(double b, double c, double d, double qfac) {

    /** The qform affine of a header. Non-positive spacings count as 1, as nifti1_io does. */
    public Affine toAffine(double[] offset, double[] pixdim) {
        double bb = b;
        double cc = c;
        double dd = d;
        double a = 1.0 - (bb * bb + cc * cc + dd * dd);
        if (a < 1e-7) { // the quaternion is (nearly) a pure rotation by 180 degrees: renormalise
            a = 1.0 / Math.sqrt(bb * bb + cc * cc + dd * dd);
            bb *= a;
            cc *= a;
            dd *= a;
            a = 0;
        } else {
            a = Math.sqrt(a);
        }
        double xd = pixdim[0] > 0 ? pixdim[0] : 1;
        double yd = pixdim[1] > 0 ? pixdim[1] : 1;
        double zd = pixdim[2] > 0 ? pixdim[2] : 1;
        if (qfac < 0) {
            zd = -zd;
        }
        return Affine.ofRows(
                (a * a + bb * bb - cc * cc - dd * dd) * xd, 2 * (bb * cc - a * dd) * yd, 2 * (bb * dd + a * cc) * zd, offset[0],
                2 * (bb * cc + a * dd) * xd, (a * a + cc * cc - bb * bb - dd * dd) * yd, 2 * (cc * dd - a * bb) * zd, offset[1],
                2 * (bb * dd - a * cc) * xd, 2 * (cc * dd + a * bb) * yd, (a * a + dd * dd - cc * cc - bb * bb) * zd, offset[2]);
    }

    /** The quaternion of an affine's rotation part (columns normalised; handedness into qfac). */
    public static Quaternion of(Affine affine) {
        double[][] r = new double[3][3];
        for (int col = 0; col < 3; col++) {
            double n = affine.spacing(col);
            for (int row = 0; row < 3; row++) {
                r[row][col] = n == 0 ? (row == col ? 1 : 0) : affine.get(row, col) / n;
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = 1;
        if (det < 0) {
            qfac = -1;
            for (int row = 0; row < 3; row++) {
                r[row][2] = -r[row][2];
            }
        }
        double a = r[0][0] + r[1][1] + r[2][2] + 1;
        double b;
        double c;
        double d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r[2][1] - r[1][2]) / a;
            c = 0.25 * (r[0][2] - r[2][0]) / a;
            d = 0.25 * (r[1][0] - r[0][1]) / a;
        } else {
            double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
            double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
            double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
            if (xd > 1) {
                b = 0.5 * Math.sqrt(xd);
                c = 0.25 * (r[0][1] + r[1][0]) / b;
                d = 0.25 * (r[0][2] + r[2][0]) / b;
                a = 0.25 * (r[2][1] - r[1][2]) / b;
            } else if (yd > 1) {
                c = 0.5 * Math.sqrt(yd);
                b = 0.25 * (r[0][1] + r[1][0]) / c;
                d = 0.25 * (r[1][2] + r[2][1]) / c;
                a = 0.25 * (r[0][2] - r[2][0]) / c;
            } else {
                d = 0.5 * Math.sqrt(zd);
                b = 0.25 * (r[0][2] + r[2][0]) / d;
                c = 0.25 * (r[1][2] + r[2][1]) / d;
                a = 0.25 * (r[1][0] - r[0][1]) / d;
            }
            if (a < 0) {
                b = -b;
                c = -c;
                d = -d;
            }
        }
        return new Quaternion(b, c, d, qfac);
    }
}
