package org.lungseg.phantom;

import java.util.ArrayList;
import java.util.List;

/**
 * The tubular anatomy of the chest, as chains of {@link Tube}s: ribs with costal cartilages and
 * clavicles (which never cut into lung), the aorta, pulmonary arteries and superior vena cava
 * (which displace lung at the hila and in the mediastinum), the oesophagus, and the trachea with
 * the two main bronchi, whose air is painted as airway, never as lung.
 */
final class ChestTubes {

    private final Anatomy a;
    private final double s;

    ChestTubes(Anatomy anatomy) {
        this.a = anatomy;
        this.s = anatomy.scale;
    }

    void paint(PhantomCanvas c) {
        List<Tube> ribs = new ArrayList<>();
        List<Tube> cartilage = new ArrayList<>();
        for (int side = -1; side <= 1; side += 2) {
            for (int k = 0; k < 12; k++) {
                rib(side, k, ribs, cartilage);
            }
            clavicle(side, ribs);
        }
        layer(c, ribs, 0, Tissue.BONE, a.boneHu, false);
        layer(c, ribs, -1.5, Tissue.MARROW, a.marrowHu, false);
        layer(c, cartilage, 0, Tissue.CARTILAGE, 120, false);

        layer(c, greatVessels(), 0, Tissue.BLOOD, a.bloodHu, true);
        List<Tube> oesophagus = alongSpine(-4 * s, a.spineB + 8 * s, a.zApex + 120, a.zRecess - 60, 7 * s);
        layer(c, oesophagus, 0, Tissue.SOFT_TISSUE, a.muscleHu - 5, true);

        List<Tube> airway = airway();
        layer(c, airway, 1.8, Tissue.AIRWAY_WALL, 30, true);
        layer(c, airway, 0, Tissue.AIRWAY, -1000, true);
    }

    /** Where the pulmonary arteries enter each lung: the roots of the vessel trees (side 1 left, 2 right). */
    double[] hilum(int side) {
        double sx = side == 2 ? 1 : -1;
        return new double[] {sx * 42 * s, a.tracheaY(-25 * s) + 6 * s, -25 * s};
    }

    /** Where the main bronchus of each lung ends: the root of its intrapulmonary airway tree. */
    double[] bronchusEnd(int side) {
        return side == 2
                ? new double[] {26 * s, a.tracheaY(0) - 4 * s, -20 * s}
                : new double[] {-42 * s, a.tracheaY(0) - 8 * s, -34 * s};
    }

    double bronchusRadius(int side) {
        return (side == 2 ? 6.5 : 5.5) * s;
    }

    private void rib(int side, int k, List<Tube> ribs, List<Tube> cartilage) {
        double zPost = a.zApex - 8 * s - k * 22 * s;
        double drop = (35 + 2.5 * k) * s;
        double radius = (k == 0 ? 4 : 4.5) * s;
        double start = 0.28;
        double end = k < 7 ? 2.55 : k < 10 ? 2.3 : 1.6 + 0.15 * (11 - k);
        double cartilageEnd = k < 10 ? 2.95 : end;
        int steps = 14;
        double[] prev = ribPoint(side, start, zPost, drop, radius);
        for (int n = 1; n <= steps; n++) {
            double phi = start + (cartilageEnd - start) * n / steps;
            double[] p = ribPoint(side, phi, zPost, drop, radius);
            (phi <= end + 1e-9 ? ribs : cartilage).add(Tube.of(prev, p, radius, radius));
            prev = p;
        }
    }

    /** A point of a rib at angle {@code phi} around the cavity (0 at the back, pi at the front). */
    private double[] ribPoint(int side, double phi, double zPost, double drop, double radius) {
        double z = zPost - drop * (1 - Math.cos(phi)) / 2;
        double off = radius + 1.5;
        double x = side * (a.cageA(z) + off) * Math.sin(phi);
        double y = a.cageCy(z) - (a.cageB(z) + off) * Math.cos(phi);
        return new double[] {x, y, z};
    }

    private void clavicle(int side, List<Tube> bones) {
        double z = a.zApex;
        double front = a.cageCy(z) + a.cageB(z);
        double[] medial = {side * 18 * s, front + 14 * s, z - 22 * s};
        double[] middle = {side * 0.55 * (a.cageA + 30 * s), front + 20 * s, z - 12 * s};
        double[] lateral = {side * (a.cageA + 30 * s), a.cageCy - 25, z - 2 * s};
        bones.add(Tube.of(medial, middle, 7 * s, 7 * s));
        bones.add(Tube.of(middle, lateral, 7 * s, 6 * s));
    }

    private List<Tube> greatVessels() {
        List<Tube> v = new ArrayList<>();
        double heartTop = a.heartZ + 0.6 * a.heartC;
        double tr = a.tracheaY(20 * s);
        double[] ascending0 = {8 * s, a.heartY + 5, heartTop - 10};
        double[] ascending1 = {6 * s, a.heartY - 2, 22 * s};
        double[] arch1 = {-10 * s, tr + 18 * s, 36 * s};
        double[] arch2 = {-20 * s, tr - 2 * s, 32 * s};
        // The descending aorta runs down the left front of the vertebral bodies.
        double besideSpine = -(a.spineA + 12 * s);
        double[] descending0 = {besideSpine, a.spineY(18 * s) + 0.5 * a.spineB, 18 * s};
        double[] descending1 = {besideSpine, a.spineY(a.zRecess) + 0.5 * a.spineB, a.zRecess - 120 * s};
        v.add(Tube.of(ascending0, ascending1, 15 * s, 15 * s));
        v.add(Tube.of(ascending1, arch1, 15 * s, 13 * s));
        v.add(Tube.of(arch1, arch2, 13 * s, 12 * s));
        v.add(Tube.of(arch2, descending0, 12 * s, 12 * s));
        v.add(Tube.of(descending0, descending1, 12 * s, 11 * s));

        double[] trunk0 = {-12 * s, a.heartY + 20 * s, heartTop - 5};
        double[] bifurcation = {-10 * s, a.tracheaY(-12 * s) + 22 * s, -12 * s};
        double[] rightPa = {22 * s, a.tracheaY(-22 * s) + 12 * s, -22 * s};
        double[] leftPa = {-34 * s, a.tracheaY(-16 * s) + 2 * s, -16 * s};
        v.add(Tube.of(trunk0, bifurcation, 13 * s, 12 * s));
        v.add(Tube.of(bifurcation, rightPa, 10 * s, 10 * s));
        v.add(Tube.of(rightPa, hilum(2), 10 * s, 8 * s));
        v.add(Tube.of(bifurcation, leftPa, 10 * s, 10 * s));
        v.add(Tube.of(leftPa, hilum(1), 10 * s, 8 * s));

        double[] svc0 = {22 * s, a.tracheaY(45 * s) + 14 * s, a.zApex - 20 * s};
        double[] svc1 = {20 * s, a.heartY + 4, heartTop - 5};
        v.add(Tube.of(svc0, svc1, 9 * s, 10 * s));
        return v;
    }

    private List<Tube> airway() {
        double top = a.zApex + 120;
        double[] upper = {0, a.tracheaY(top) + 10 * s, top};
        double[] carina = {0, a.tracheaY(0), 0};
        List<Tube> t = new ArrayList<>();
        t.add(Tube.of(upper, carina, a.tracheaRadius, a.tracheaRadius * 0.95));
        t.add(Tube.of(carina, bronchusEnd(2), a.tracheaRadius * 0.75, bronchusRadius(2)));
        t.add(Tube.of(carina, bronchusEnd(1), a.tracheaRadius * 0.7, bronchusRadius(1)));
        return t;
    }

    /** A tube in front of the spine that follows it from {@code zTop} down to {@code zBottom}. */
    private List<Tube> alongSpine(double x, double aheadOfSpine, double zTop, double zBottom, double r) {
        List<Tube> chain = new ArrayList<>();
        int steps = (int) Math.ceil((zTop - zBottom) / 20);
        for (int n = 0; n < steps; n++) {
            double z0 = zTop - (zTop - zBottom) * n / steps;
            double z1 = zTop - (zTop - zBottom) * (n + 1) / steps;
            chain.add(new Tube(x, a.spineY(z0) + aheadOfSpine, z0, x, a.spineY(z1) + aheadOfSpine, z1, r, r));
        }
        return chain;
    }

    /**
     * Sets every voxel within {@code offset} mm of the tubes' surfaces (negative: inside) to a
     * tissue. Layers go outermost first so that inner layers of neighbouring tubes stay whole.
     */
    private static void layer(PhantomCanvas c, List<Tube> tubes, double offset, Tissue t, double hu,
                              boolean overridesLung) {
        for (Tube tube : tubes) {
            TubePainter.paint(c, tube, offset, (idx, d) -> {
                if (overridesLung || c.side[idx] == 0) {
                    c.set(idx, t, hu);
                }
            });
        }
    }
}
