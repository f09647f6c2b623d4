package org.lungseg.phantom;

/**
 * An ellipsoid turned about the z axis: convex, so every row of voxels (fixed y and z) crosses it
 * in one interval, which is computed once per row instead of testing every voxel.
 */
final class Ellipsoid {

    private final double cx;
    private final double cy;
    private final double cz;
    private final double a;
    private final double b;
    private final double c;
    private final double cos;
    private final double sin;

    Ellipsoid(double cx, double cy, double cz, double a, double b, double c, double angle) {
        this.cx = cx;
        this.cy = cy;
        this.cz = cz;
        this.a = a;
        this.b = b;
        this.c = c;
        this.cos = Math.cos(angle);
        this.sin = Math.sin(angle);
    }

    /** The same ellipsoid grown by {@code mm} on every semi-axis. */
    Ellipsoid grown(double mm) {
        return new Ellipsoid(cx, cy, cz, a + mm, b + mm, c + mm, Math.atan2(sin, cos));
    }

    double zMax() {
        return cz + c;
    }

    /**
     * Where the row at (y, z) is inside: writes [x0, x1] into {@code out} and returns true, or
     * returns false when the row misses the ellipsoid.
     */
    boolean rowInterval(double y, double z, double[] out) {
        double dz = (z - cz) / c;
        double rest = 1 - dz * dz;
        if (rest <= 0) {
            return false;
        }
        double dy = y - cy;
        // Local coordinates: u = cos*dx + sin*dy, v = -sin*dx + cos*dy; solve (u/a)^2 + (v/b)^2 = rest for dx.
        double ia = 1 / (a * a);
        double ib = 1 / (b * b);
        double qa = cos * cos * ia + sin * sin * ib;
        double qb = 2 * dy * cos * sin * (ia - ib);
        double qc = dy * dy * (sin * sin * ia + cos * cos * ib) - rest;
        double disc = qb * qb - 4 * qa * qc;
        if (disc <= 0) {
            return false;
        }
        double root = Math.sqrt(disc);
        out[0] = cx + (-qb - root) / (2 * qa);
        out[1] = cx + (-qb + root) / (2 * qa);
        return true;
    }

    /** Normalised radius squared: below 1 inside. */
    double q(double x, double y, double z) {
        double dx = x - cx;
        double dy = y - cy;
        double u = (cos * dx + sin * dy) / a;
        double v = (-sin * dx + cos * dy) / b;
        double w = (z - cz) / c;
        return u * u + v * v + w * w;
    }
}
