package org.lungseg.phantom;

/**
 * A straight tube segment with rounded ends (a capsule), radius tapering from {@code r0} at
 * {@code p0} to {@code r1} at {@code p1}, in patient-frame millimetres. Chains of tubes make
 * ribs, airways, great vessels and vessel trees.
 */
record Tube(double x0, double y0, double z0, double x1, double y1, double z1, double r0, double r1) {

    static Tube of(double[] p0, double[] p1, double r0, double r1) {
        return new Tube(p0[0], p0[1], p0[2], p1[0], p1[1], p1[2], r0, r1);
    }

    double maxRadius() {
        return Math.max(r0, r1);
    }
}
