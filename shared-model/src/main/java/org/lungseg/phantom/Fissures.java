package org.lungseg.phantom;

/**
 * The oblique fissure of each lung and the horizontal fissure of the right lung, as faint bright
 * lines: planes through the lungs at the heights and slopes of the real ones.
 */
final class Fissures {

    private static final double HALF_WIDTH_MM = 1.0;

    private final double[] py = new double[3];
    private final double[] pz = new double[3];
    private final double[] ny = new double[3];
    private final double[] nz = new double[3];
    private final double[] anteriorSign = new double[3];
    private final double horizontalZ;

    Fissures(Anatomy a) {
        for (int side = 1; side <= 2; side++) {
            double y1 = a.cageCy - a.cageB;
            double z1 = 15 * a.scale;
            double y2 = a.cageCy + 0.55 * a.cageB;
            double z2 = (side == 2 ? a.zDomeRight : a.zDomeLeft) - 5;
            double dy = y2 - y1;
            double dz = z2 - z1;
            double len = Math.hypot(dy, dz);
            py[side] = y1;
            pz[side] = z1;
            ny[side] = dz / len;
            nz[side] = -dy / len;
            anteriorSign[side] = Math.signum(distance(side, a.cageCy + a.cageB, 0));
        }
        horizontalZ = -40 * a.scale;
    }

    private double distance(int side, double y, double z) {
        return ny[side] * (y - py[side]) + nz[side] * (z - pz[side]);
    }

    /** HU to add to the parenchyma of lung {@code side} (1 left, 2 right) at height z, depth y. */
    double hu(int side, double y, double z) {
        double d = distance(side, y, z);
        double ad = Math.abs(d);
        if (ad < HALF_WIDTH_MM) {
            return 130 * (1 - ad / HALF_WIDTH_MM);
        }
        if (side == 2 && Math.signum(d) == anteriorSign[side]) {
            double dh = Math.abs(z - horizontalZ);
            if (dh < HALF_WIDTH_MM) {
                return 130 * (1 - dh / HALF_WIDTH_MM);
            }
        }
        return 0;
    }
}
