package org.lungseg.phantom;

/**
 * Smooth, seeded 3D value noise in [-1, 1]: random values on an integer lattice, blended with a
 * smoothstep. Hash-based, so any point can be evaluated in any order with the same result.
 */
final class ValueNoise {

    private final long seed;

    ValueNoise(long seed) {
        this.seed = seed;
    }

    /** Noise at a point given in lattice units (one unit is the feature size). */
    double at(double x, double y, double z) {
        long ix = floor(x);
        long iy = floor(y);
        long iz = floor(z);
        double tx = smooth(x - ix);
        double ty = smooth(y - iy);
        double tz = smooth(z - iz);
        double c00 = lerp(tx, lattice(ix, iy, iz), lattice(ix + 1, iy, iz));
        double c10 = lerp(tx, lattice(ix, iy + 1, iz), lattice(ix + 1, iy + 1, iz));
        double c01 = lerp(tx, lattice(ix, iy, iz + 1), lattice(ix + 1, iy, iz + 1));
        double c11 = lerp(tx, lattice(ix, iy + 1, iz + 1), lattice(ix + 1, iy + 1, iz + 1));
        return lerp(tz, lerp(ty, c00, c10), lerp(ty, c01, c11));
    }

    /** Floor without Math.floor, which the interpreter runs slowly before the JIT has compiled it. */
    private static long floor(double v) {
        long t = (long) v;
        return v < t ? t - 1 : t;
    }

    private double lattice(long x, long y, long z) {
        long h = mix(seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL) ^ (z * 0x165667B19E3779F9L));
        return (h >>> 11) * 0x1.0p-52 - 1.0;
    }

    /** SplitMix64's finaliser: a good 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double t, double a, double b) {
        return a + t * (b - a);
    }
}
