package org.lungseg.phantom;

import java.util.SplittableRandom;

/**
 * The branching structures inside the lungs: bronchi (air lumen, thin wall) from the ends of the
 * main bronchi, then pulmonary arteries from the hila and veins towards the left atrium, bright
 * tubes that thin out towards the periphery. They stay lung in the labels, as in real masks.
 */
final class LungTrees {

    private final Anatomy a;
    private final ChestTubes chest;
    private final SplittableRandom random;

    LungTrees(Anatomy anatomy, ChestTubes chest, SplittableRandom random) {
        this.a = anatomy;
        this.chest = chest;
        this.random = random;
    }

    void paint(PhantomCanvas c) {
        double s = a.scale;
        double minVessel = Math.max(0.35, 0.2 * c.sx);
        double minAirway = Math.max(1.0, 0.6 * c.sx);

        BranchingTree airways = new BranchingTree(c, random, minAirway, 4000);
        BranchingTree vessels = new BranchingTree(c, random, minVessel, 20000);
        for (int side = 1; side <= 2; side++) {
            double sx = side == 2 ? 1 : -1;
            double[] bronchus = chest.bronchusEnd(side);
            double rb = 0.8 * chest.bronchusRadius(side);
            airways.grow(bronchus, new double[] {sx * 0.3, 0, 1}, rb, side);
            airways.grow(bronchus, new double[] {sx * 0.4, -0.5, -1}, rb, side);
            airways.grow(bronchus, new double[] {sx * 0.5, 0.8, -0.4}, 0.8 * rb, side);

            double[] hilum = chest.hilum(side);
            double ra = 5.5 * s;
            vessels.grow(hilum, new double[] {sx * 0.3, -0.1, 1}, ra, side);
            vessels.grow(hilum, new double[] {sx * 0.5, -0.6, -1}, ra, side);
            vessels.grow(hilum, new double[] {sx * 0.6, 0.8, -0.3}, 0.9 * ra, side);
            vessels.grow(hilum, new double[] {sx, 0.1, 0.1}, 0.8 * ra, side);

            double[] atrium = {sx * 34 * s, a.heartY - 0.7 * a.heartB, a.heartZ + 15 * s};
            vessels.grow(atrium, new double[] {sx * 0.7, -0.3, 0.6}, ra, side);
            vessels.grow(atrium, new double[] {sx * 0.6, -0.5, -0.6}, ra, side);
            vessels.grow(atrium, new double[] {sx, 0.4, 0}, 0.8 * ra, side);
        }

        CoverageLayer wall = new CoverageLayer(c);
        CoverageLayer lumen = new CoverageLayer(c);
        for (Tube t : airways.tubes()) {
            wall.add(t, 0.3 + 0.2 * t.maxRadius());
            lumen.add(t, 0);
        }
        wall.apply(-20, null);
        lumen.apply(-1000, null);

        CoverageLayer blood = new CoverageLayer(c);
        for (Tube t : vessels.tubes()) {
            blood.add(t, 0);
        }
        blood.apply(a.bloodHu, Tissue.VESSEL);
    }
}
