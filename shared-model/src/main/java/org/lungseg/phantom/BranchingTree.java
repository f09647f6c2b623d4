package org.lungseg.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Grows a branching tree of tapering tubes from a root inside a lung, as pulmonary vessels and
 * bronchi do: each segment splits into a major child that keeps close to the parent's direction
 * and a minor one that turns away, radii shrinking by Murray's law, branches ending where they
 * leave the lung or get thinner than {@code minRadius}.
 */
final class BranchingTree {

    private final PhantomCanvas canvas;
    private final SplittableRandom random;
    private final double minRadius;
    private final int maxSegments;
    private final List<Tube> tubes = new ArrayList<>();

    BranchingTree(PhantomCanvas canvas, SplittableRandom random, double minRadius, int maxSegments) {
        this.canvas = canvas;
        this.random = random;
        this.minRadius = minRadius;
        this.maxSegments = maxSegments;
    }

    List<Tube> tubes() {
        return tubes;
    }

    /** Grows from {@code root} along {@code direction}, which need not be normalised. */
    void grow(double[] root, double[] direction, double radius, int side) {
        List<double[]> stack = new ArrayList<>();
        double[] dir = normalise(direction);
        stack.add(new double[] {root[0], root[1], root[2], dir[0], dir[1], dir[2], radius, 0});
        while (!stack.isEmpty() && tubes.size() < maxSegments) {
            double[] b = stack.remove(stack.size() - 1);
            double r = b[6];
            int generation = (int) b[7];
            double length = Math.max(3, r * (5 + 4 * random.nextDouble()));
            double[] p0 = {b[0], b[1], b[2]};
            double[] d = {b[3], b[4], b[5]};
            double[] p1 = null;
            // A branch that would leave the lung turns away from the pleura, or ends.
            for (int attempt = 0; attempt < 4 && p1 == null; attempt++) {
                if (attempt > 0) {
                    d = rotate(d, perpendicular(d), Math.toRadians(25 + 20 * random.nextDouble()));
                }
                double[] end = {p0[0] + d[0] * length, p0[1] + d[1] * length, p0[2] + d[2] * length};
                if (generation < 2 || canvas.sideAt(end[0], end[1], end[2]) == side) {
                    p1 = end;
                }
            }
            if (p1 == null) {
                continue;
            }
            double rEnd = r * 0.97;
            tubes.add(Tube.of(p0, p1, r, rEnd));
            double[] along = {d[0], d[1], d[2]};
            double major = rEnd * (0.84 + 0.1 * random.nextDouble());
            double minor = rEnd * (0.6 + 0.2 * random.nextDouble());
            double[] axis = perpendicular(along);
            double angleMajor = Math.toRadians(12 + 20 * random.nextDouble());
            double angleMinor = -Math.toRadians(35 + 25 * random.nextDouble());
            if (minor >= minRadius) {
                stack.add(branch(p1, along, axis, angleMinor, minor, generation + 1));
            }
            if (major >= minRadius) {
                stack.add(branch(p1, along, axis, angleMajor, major, generation + 1));
            }
        }
    }

    private double[] branch(double[] at, double[] parent, double[] axis, double angle, double r, int generation) {
        double[] d = rotate(parent, axis, angle);
        return new double[] {at[0], at[1], at[2], d[0], d[1], d[2], r, generation};
    }

    /** A random unit vector perpendicular to {@code d}. */
    private double[] perpendicular(double[] d) {
        double[] helper = Math.abs(d[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double[] u = normalise(cross(d, helper));
        double[] v = cross(d, u);
        double t = 2 * Math.PI * random.nextDouble();
        return new double[] {
            u[0] * Math.cos(t) + v[0] * Math.sin(t),
            u[1] * Math.cos(t) + v[1] * Math.sin(t),
            u[2] * Math.cos(t) + v[2] * Math.sin(t)};
    }

    /** Rodrigues' rotation of unit vector {@code v} about unit {@code axis} perpendicular to it. */
    private static double[] rotate(double[] v, double[] axis, double angle) {
        double[] k = cross(axis, v);
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return normalise(new double[] {v[0] * c + k[0] * s, v[1] * c + k[1] * s, v[2] * c + k[2] * s});
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double[] normalise(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }
}
