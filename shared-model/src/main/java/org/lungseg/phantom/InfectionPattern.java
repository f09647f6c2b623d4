package org.lungseg.phantom;

import java.util.SplittableRandom;

/**
 * COVID-19 pneumonia: ground-glass lesions, some with a consolidated core or a crazy-paving
 * mesh, placed preferably in the peripheral, posterior and lower parts of the lungs, with
 * irregular hazy margins. Lesions are added until the infected share of the lung volume reaches
 * a target drawn for the {@link Severity}. Infected voxels get label 3 and stay in their lung.
 */
final class InfectionPattern {

    private static final int MAX_LESIONS = 150;
    /** How far the margin of a lesion wanders, as a fraction of its radius. */
    private static final double MARGIN = 0.35;

    private final Anatomy a;
    private final Severity severity;
    private final SplittableRandom random;
    private final ValueNoise noise;
    private int lesions;

    InfectionPattern(Anatomy anatomy, Severity severity, SplittableRandom random) {
        this.a = anatomy;
        this.severity = severity;
        this.random = random;
        this.noise = new ValueNoise(random.nextLong());
    }

    int lesions() {
        return lesions;
    }

    void paint(PhantomCanvas c) {
        if (severity == Severity.NONE) {
            return;
        }
        long lung = 0;
        for (byte s : c.side) {
            if (s != 0) {
                lung++;
            }
        }
        if (lung == 0) {
            return;
        }
        double target = Anatomy.uniform(random, severity.minFraction(), severity.maxFraction());
        long infected = 0;
        int failures = 0;
        while (infected < target * lung && lesions < MAX_LESIONS && failures < 20) {
            long added = lesion(c);
            lesions++;
            failures = added == 0 ? failures + 1 : 0;
            infected += added;
        }
    }

    /** Places and paints one lesion; returns how many voxels became infected. */
    private long lesion(PhantomCanvas c) {
        double[] centre = placement(c);
        if (centre == null) {
            return 0;
        }
        double r = Anatomy.uniform(random, severity.minRadiusMm(), severity.maxRadiusMm());
        double rx = r * Anatomy.uniform(random, 0.7, 1.3);
        double ry = r * Anatomy.uniform(random, 0.7, 1.3);
        double rz = r * Anatomy.uniform(random, 0.8, 1.5);
        Ellipsoid shape = new Ellipsoid(centre[0], centre[1], centre[2], rx, ry, rz, Math.PI * random.nextDouble());
        double ggo = Anatomy.uniform(random, -700, -350);
        boolean consolidated = random.nextDouble() < severity.consolidationChance();
        double coreRadius = consolidated ? Anatomy.uniform(random, 0.3, 0.8) : 0;
        double coreHu = Anatomy.uniform(random, -100, 40);
        boolean crazyPaving = random.nextDouble() < 0.3;
        double feature = Math.max(6, 0.45 * r);
        double offset = 1000 * random.nextDouble();

        double reach = Math.max(rx, Math.max(ry, rz)) * (1 + MARGIN);
        int i0 = Math.max(0, (int) Math.floor((centre[0] - reach - c.ox) / c.sx));
        int i1 = Math.min(c.nx - 1, (int) Math.ceil((centre[0] + reach - c.ox) / c.sx));
        int j0 = Math.max(0, (int) Math.floor((centre[1] - reach - c.oy) / c.sy));
        int j1 = Math.min(c.ny - 1, (int) Math.ceil((centre[1] + reach - c.oy) / c.sy));
        int k0 = Math.max(0, (int) Math.floor((centre[2] - reach - c.oz) / c.sz));
        int k1 = Math.min(c.nz - 1, (int) Math.ceil((centre[2] + reach - c.oz) / c.sz));
        long added = 0;
        for (int k = k0; k <= k1; k++) {
            double z = c.z(k);
            for (int j = j0; j <= j1; j++) {
                double y = c.y(j);
                int row = c.index(0, j, k);
                for (int i = i0; i <= i1; i++) {
                    int idx = row + i;
                    if (c.side[idx] == 0) {
                        continue;
                    }
                    double x = c.x(i);
                    double q = shape.q(x, y, z);
                    double limit = (1 + MARGIN) * (1 + MARGIN);
                    if (q >= limit) {
                        continue;
                    }
                    double f = Math.sqrt(q);
                    if (f > 1 - MARGIN) {
                        f += MARGIN * noise.at(x / feature + offset, y / feature, z / feature);
                    }
                    double weight = Anatomy.clamp((1.05 - f) / 0.25, 0, 1);
                    if (weight <= 0) {
                        continue;
                    }
                    weight = weight * weight * (3 - 2 * weight);
                    double lesionHu = ggo;
                    if (coreRadius > 0) {
                        lesionHu += (coreHu - ggo) * ThoraxRasterizer.smoothstep(coreRadius + 0.15, coreRadius - 0.1, f);
                    }
                    if (crazyPaving && Math.abs(noise.at(x / 5 - offset, y / 5, z / 5)) < 0.07) {
                        lesionHu += 140;
                    }
                    double blended = c.hu[idx] + (lesionHu - c.hu[idx]) * weight;
                    if (blended > c.hu[idx]) {
                        c.hu[idx] = (float) blended;
                    }
                    if (f < 1) {
                        if (c.label[idx] != 3) {
                            added++;
                            c.label[idx] = 3;
                        }
                        c.tissue[idx] = (c.hu[idx] > -250 ? Tissue.CONSOLIDATION : Tissue.GROUND_GLASS).code();
                    }
                }
            }
        }
        return added;
    }

    /**
     * A lesion centre in a lung, drawn by rejection: peripheral, posterior and lower points are
     * accepted more often, as COVID-19 pneumonia prefers them.
     */
    private double[] placement(PhantomCanvas c) {
        for (int attempt = 0; attempt < 2000; attempt++) {
            int idx = random.nextInt(c.size());
            if (c.side[idx] == 0) {
                continue;
            }
            int i = idx % c.nx;
            int j = (idx / c.nx) % c.ny;
            int k = idx / (c.nx * c.ny);
            double x = c.x(i);
            double y = c.y(j);
            double z = c.z(k);
            double ex = x / a.cageA(z);
            double ey = (y - a.cageCy(z)) / a.cageB(z);
            double peripheral = Math.min(1, Math.sqrt(ex * ex + ey * ey));
            double posterior = Anatomy.clamp((1 - ey) / 2, 0, 1);
            double lower = Anatomy.clamp(1 - a.heightFraction(z), 0, 1);
            double back = 0.1 + 0.9 * posterior;
            double w = Math.pow(peripheral, 1.5) * back * back * (0.3 + 0.7 * lower);
            if (random.nextDouble() < w) {
                return new double[] {x, y, z};
            }
        }
        return null;
    }
}
