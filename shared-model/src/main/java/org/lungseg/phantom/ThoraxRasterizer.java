package org.lungseg.phantom;

import java.util.stream.IntStream;

/**
 * Paints the solid anatomy of a chest CT slice by slice: body outline with skin, fat and muscle,
 * table, shoulders or arms, spine, sternum, scapulae, the thoracic cavity with the heart, the
 * diaphragm domes over liver, stomach and spleen, and the two lungs (apex, recesses, heart notch,
 * gravity gradient, fissures). Convex shapes are turned into one x-interval per row, so most
 * voxels cost a few comparisons. Tubes (ribs, airways, great vessels) come afterwards from
 * {@link ChestTubes}.
 */
final class ThoraxRasterizer {

    /** Height fraction above which each lung narrows into its apical dome. */
    private static final double DOME_START = 0.7;

    private final Anatomy a;
    private final ValueNoise texture;
    private final Ellipsoid heart;
    private final Ellipsoid heartFat;
    private final Ellipsoid stomach;
    private final Ellipsoid spleen;
    private final Ellipsoid[] shoulders;
    private final double tableTop;
    private final double stomachGasLevel;
    private final Fissures fissures;

    ThoraxRasterizer(Anatomy anatomy, long seed) {
        this.a = anatomy;
        this.texture = new ValueNoise(seed);
        double s = a.scale;
        heart = new Ellipsoid(a.heartX, a.heartY, a.heartZ, a.heartA, a.heartB, a.heartC, -a.heartAngle);
        heartFat = heart.grown(a.pericardialFatMm);
        stomach = new Ellipsoid(-0.42 * a.cageA, a.cageCy + 0.25 * a.cageB, a.zDomeLeft - 35 * s,
                42 * s, 48 * s, 40 * s, 0.4);
        stomachGasLevel = a.stomachGas ? stomach.zMax() - 16 * s : Double.POSITIVE_INFINITY;
        spleen = new Ellipsoid(-0.72 * a.cageA, a.cageCy - 0.45 * a.cageB, a.zDomeLeft - 45 * s,
                22 * s, 50 * s, 45 * s, -0.6);
        shoulders = new Ellipsoid[] {
            new Ellipsoid(0.75 * a.cageA + 20 * s, a.cageCy - 20, a.zApex - 30 * s, 55 * s, 55 * s, 65 * s, 0),
            new Ellipsoid(-0.75 * a.cageA - 20 * s, a.cageCy - 20, a.zApex - 30 * s, 55 * s, 55 * s, 65 * s, 0)};
        tableTop = a.cageCy - a.cageB - a.wallMm - a.paraspinalMm - 0.6 * a.fatMm - 1.5;
        fissures = new Fissures(a);
    }

    /** Paints every slice; slices are independent, so they are painted in parallel with the same result. */
    void paint(PhantomCanvas c) {
        IntStream.range(0, c.nz).parallel().forEach(k -> {
            Slice slice = new Slice();
            Row row = new Row();
            slice.at(c.z(k));
            for (int j = 0; j < c.ny; j++) {
                row.at(slice, c.y(j));
                int base = c.index(0, j, k);
                for (int i = 0; i < c.nx; i++) {
                    voxel(c, base + i, c.x(i), row.y, slice.z, slice, row);
                }
            }
        });
    }

    /** Quantities that depend on z only. */
    private final class Slice {
        double z;
        double u;
        double cageA;
        double cageB;
        double cageCy;
        double bodyA;
        double bodyAnt;
        double bodyPost;
        double bodyCy;
        double fatLateral;
        double fatAnt;
        double fatPost;
        double neck;
        double spineY;
        double canalY;
        boolean disc;
        double domeT;
        double lungCx;
        double lungCy;
        double lungAx;
        double lungAy;
        double sternumHalfWidth;

        void at(double zz) {
            double s = a.scale;
            z = zz;
            u = a.heightFraction(z);
            cageA = a.cageA(z);
            cageB = a.cageB(z);
            cageCy = a.cageCy(z);
            neck = smoothstep(a.zApex - 25 * s, a.zApex + 45 * s, z);
            double fat = a.fatMm * (1 - 0.6 * neck);
            fatLateral = 1.1 * fat;
            fatAnt = fat;
            fatPost = 0.6 * fat;
            double thoraxA = cageA + a.wallMm + fatLateral;
            double neckA = 58 * s + fatLateral;
            bodyA = thoraxA + (neckA - thoraxA) * neck;
            bodyAnt = cageCy + cageB + a.wallMm + fatAnt;
            bodyPost = cageCy - cageB - a.wallMm - a.paraspinalMm - fatPost;
            double neckAnt = cageCy + 50 * s + fatAnt;
            bodyAnt += (neckAnt - bodyAnt) * neck;
            bodyCy = cageCy;
            spineY = a.spineY(z);
            canalY = spineY - a.spineB - 8 * s;
            double period = 27 * s;
            double phase = (a.zApex - z) / period;
            disc = phase - Math.floor(phase) < 5 * s / period;
            domeT = u <= DOME_START ? 0 : Math.min(1, (u - DOME_START) / (1 - DOME_START));
            double f = Math.sqrt(Math.max(0, 1 - domeT * domeT));
            lungCx = 0.6 * cageA;
            lungCy = cageCy - 0.1 * cageB * domeT;
            lungAx = 0.56 * cageA * f;
            lungAy = 1.15 * cageB * f;
            boolean sternumLevel = z > a.zDomeRight + 5 && z < a.zApex - 30 * s;
            sternumHalfWidth = !sternumLevel ? 0 : z > a.zApex - 75 * s ? 27 * s : 16 * s;
        }
    }

    /** Quantities that depend on y and z: the x-intervals of the convex shapes. */
    private final class Row {
        double y;
        double bodyHalf;
        double skinHalf;
        double muscleHalf;
        double cageHalf;
        boolean heartHit;
        final double[] heartX = new double[2];
        boolean heartFatHit;
        final double[] heartFatX = new double[2];
        boolean stomachHit;
        final double[] stomachX = new double[2];
        boolean spleenHit;
        final double[] spleenX = new double[2];
        final boolean[] shoulderHit = new boolean[2];
        final double[][] shoulderX = new double[2][2];
        double lungDyNorm2;

        void at(Slice sl, double yy) {
            y = yy;
            double dy = y - sl.bodyCy;
            boolean ant = dy >= 0;
            double bHalf = ant ? sl.bodyAnt - sl.bodyCy : sl.bodyCy - sl.bodyPost;
            double p = ant ? 2.3 : 3.2;
            bodyHalf = superHalfWidth(sl.bodyA, bHalf, p, dy);
            skinHalf = superHalfWidth(sl.bodyA - 2, bHalf - 2, p, dy);
            double fatB = ant ? sl.fatAnt : sl.fatPost;
            muscleHalf = superHalfWidth(sl.bodyA - sl.fatLateral, bHalf - fatB, p, dy);
            double cy = (y - sl.cageCy) / sl.cageB;
            cageHalf = sl.u > 1.25 ? -1 : cy * cy < 1 ? sl.cageA * Math.sqrt(1 - cy * cy) : -1;
            heartHit = heart.rowInterval(y, sl.z, heartX);
            heartFatHit = heartFat.rowInterval(y, sl.z, heartFatX);
            stomachHit = stomach.rowInterval(y, sl.z, stomachX);
            spleenHit = spleen.rowInterval(y, sl.z, spleenX);
            for (int s = 0; s < 2; s++) {
                shoulderHit[s] = shoulders[s].rowInterval(y, sl.z, shoulderX[s]);
            }
            double ly = sl.lungAy > 0 ? (y - sl.lungCy) / sl.lungAy : 2;
            lungDyNorm2 = ly * ly;
        }
    }

    private void voxel(PhantomCanvas c, int idx, double x, double y, double z, Slice sl, Row row) {
        double ax = Math.abs(x);
        if (ax < 45 * a.scale && spine(c, idx, x, y, sl)) {
            return;
        }
        if (ax < row.cageHalf) {
            cavity(c, idx, x, y, z, sl, row);
        } else if (ax < row.bodyHalf) {
            wall(c, idx, x, y, sl, row);
        } else if (shoulder(c, idx, x, y, z, row)) {
            return;
        } else if (a.armsDown && arm(c, idx, x, y, z, sl)) {
            return;
        } else {
            outside(c, idx, x, y);
        }
    }

    private boolean spine(PhantomCanvas c, int idx, double x, double y, Slice sl) {
        double s = a.scale;
        double vx = x / a.spineA;
        double vy = (y - sl.spineY) / a.spineB;
        double q = vx * vx + vy * vy;
        if (q < 1) {
            if (sl.disc) {
                c.set(idx, Tissue.CARTILAGE, 80);
            } else {
                double inner = 1 - 2.5 / a.spineB;
                boolean cortex = q > inner * inner;
                c.set(idx, cortex ? Tissue.BONE : Tissue.MARROW, cortex ? 0.7 * a.boneHu : a.marrowHu);
            }
            return true;
        }
        double dx = x;
        double dyc = y - sl.canalY;
        double r2 = dx * dx + dyc * dyc;
        double canal = 8 * s;
        if (r2 < canal * canal) {
            c.set(idx, Tissue.SOFT_TISSUE, 15);
            return true;
        }
        if (sl.disc) {
            return false;
        }
        double arch = 14 * s;
        boolean bone = (r2 < arch * arch && dyc < 6 * s)
                || (Math.abs(x) < 4 * s && dyc < -12 * s && dyc > -38 * s)
                || (Math.abs(x) > 10 * s && Math.abs(x) < 30 * s && Math.abs(dyc) < 5 * s);
        if (bone) {
            c.set(idx, Tissue.BONE, 0.8 * a.boneHu);
            return true;
        }
        return false;
    }

    private void cavity(PhantomCanvas c, int idx, double x, double y, double z, Slice sl, Row row) {
        if (sl.u > 1) {
            c.set(idx, Tissue.SOFT_TISSUE, a.muscleHu - 5);
            return;
        }
        int side = x >= 0 ? 2 : 1;
        double d = diaphragm(x, y, side);
        if (z < d - 4) {
            abdomen(c, idx, x, y, z, row);
            return;
        }
        if (z < d) {
            c.set(idx, Tissue.MUSCLE, a.muscleHu);
            return;
        }
        if (row.heartFatHit && x > row.heartFatX[0] && x < row.heartFatX[1]) {
            boolean blood = row.heartHit && x > row.heartX[0] && x < row.heartX[1];
            c.set(idx, blood ? Tissue.BLOOD : Tissue.FAT, blood ? a.bloodHu : a.fatHu);
            return;
        }
        double ax = Math.abs(x);
        double vx = x / (a.spineA + 4);
        double vy = (y - sl.spineY) / (a.spineB + 4);
        boolean nearSpine = vx * vx + vy * vy < 1;
        boolean inDome = true;
        if (sl.domeT > 0) {
            double lx = sl.lungAx > 0 ? (ax - sl.lungCx) / sl.lungAx : 2;
            inDome = lx * lx + row.lungDyNorm2 < 1;
        }
        // The mediastinum between the lungs: narrow in front, where the lungs nearly meet.
        double band = y > sl.spineY + 45 * a.scale ? 0.5 * a.bandHalfWidth : a.bandHalfWidth;
        if (ax < band || nearSpine || !inDome) {
            c.set(idx, Tissue.FAT, a.fatHu);
            return;
        }
        double gravity = a.lungGravityHu * (0.5 - (y - (sl.cageCy - sl.cageB)) / (2 * sl.cageB));
        double hu = a.lungHu + gravity + 10 * texture.at(x / 9, y / 9, z / 9)
                + fissures.hu(side, y, z);
        c.setLung(idx, side, hu);
    }

    /** Height of the diaphragm under a lung: a dome peaking medially and anteriorly, lowest in the recesses. */
    double diaphragm(double x, double y, int side) {
        double top = side == 2 ? a.zDomeRight : a.zDomeLeft;
        double rise = top - a.zRecess;
        double sx = side == 2 ? 1 : -1;
        double dx = (x - sx * 0.45 * a.cageA) / (0.62 * a.cageA);
        double dy = (y - (a.cageCy + 0.15 * a.cageB)) / a.cageB;
        return Math.max(a.zRecess, top - rise * (dx * dx + dy * dy));
    }

    private void abdomen(PhantomCanvas c, int idx, double x, double y, double z, Row row) {
        double s = a.scale;
        double liverEdge = -0.2 * a.cageA - 0.4 * (y - a.cageCy);
        if (x > liverEdge && z > a.zRecess - 90 * s) {
            c.set(idx, Tissue.LIVER, a.liverHu);
        } else if (row.stomachHit && x > row.stomachX[0] && x < row.stomachX[1]) {
            boolean gas = z > stomachGasLevel;
            c.set(idx, gas ? Tissue.GAS : Tissue.STOMACH, gas ? -1000 : 20);
        } else if (row.spleenHit && x > row.spleenX[0] && x < row.spleenX[1]) {
            c.set(idx, Tissue.SPLEEN, a.liverHu - 10);
        } else {
            // Bowel and mesenteric fat: a patchy mixture.
            double mix = 0.5 + 0.5 * texture.at(x / 14 + 50, y / 14, z / 14);
            c.set(idx, Tissue.SOFT_TISSUE, a.fatHu + (30 - a.fatHu) * mix);
        }
    }

    private void wall(PhantomCanvas c, int idx, double x, double y, Slice sl, Row row) {
        double ax = Math.abs(x);
        double s = a.scale;
        if (ax >= row.skinHalf) {
            c.set(idx, Tissue.SKIN, a.muscleHu);
            return;
        }
        if (ax >= row.muscleHalf) {
            c.set(idx, Tissue.FAT, a.fatHu);
            return;
        }
        if (sl.sternumHalfWidth > 0 && ax < sl.sternumHalfWidth) {
            double front = sl.cageCy + sl.cageB;
            if (y > front && y < front + 12 * s) {
                boolean cortex = ax > sl.sternumHalfWidth - 2 || y < front + 2 || y > front + 12 * s - 2;
                c.set(idx, cortex ? Tissue.BONE : Tissue.MARROW, cortex ? 0.8 * a.boneHu : a.marrowHu);
                return;
            }
        }
        if (scapula(x, y, sl)) {
            c.set(idx, Tissue.BONE, 0.7 * a.boneHu);
            return;
        }
        c.set(idx, Tissue.MUSCLE, a.muscleHu);
    }

    /** A thin curved plate over the posterior-lateral ribs. */
    private boolean scapula(double x, double y, Slice sl) {
        double s = a.scale;
        double ax = Math.abs(x);
        if (sl.z > a.zApex - 5 * s || sl.z < a.zApex - 150 * s || y > sl.cageCy - 0.2 * sl.cageB
                || ax < 0.3 * sl.cageA || ax > 0.95 * sl.cageA) {
            return false;
        }
        double off = 14 * s;
        double ex = x / (sl.cageA + off);
        double ey = (y - sl.cageCy) / (sl.cageB + off);
        double radius = 0.5 * (sl.cageA + sl.cageB) + off;
        return Math.abs(ex * ex + ey * ey - 1) * radius * 0.5 < 2.0 * s;
    }

    private boolean shoulder(PhantomCanvas c, int idx, double x, double y, double z, Row row) {
        double s = a.scale;
        for (int k = 0; k < 2; k++) {
            if (row.shoulderHit[k] && x > row.shoulderX[k][0] && x < row.shoulderX[k][1]) {
                double edge = Math.min(x - row.shoulderX[k][0], row.shoulderX[k][1] - x);
                double hx = (k == 0 ? 1 : -1) * (a.cageA + 20 * s);
                double dx = x - hx;
                double dy = y - (a.cageCy - 12);
                double dz = z - (a.zApex - 25 * s);
                double r2 = dx * dx + dy * dy + dz * dz;
                double head = 22 * s;
                if (r2 < head * head) {
                    boolean cortex = r2 > (head - 2.5) * (head - 2.5);
                    c.set(idx, cortex ? Tissue.BONE : Tissue.MARROW, cortex ? 0.7 * a.boneHu : a.marrowHu);
                } else if (edge < 2) {
                    c.set(idx, Tissue.SKIN, a.muscleHu);
                } else if (edge < 2 + 0.5 * a.fatMm) {
                    c.set(idx, Tissue.FAT, a.fatHu);
                } else {
                    c.set(idx, Tissue.MUSCLE, a.muscleHu);
                }
                return true;
            }
        }
        return false;
    }

    private boolean arm(PhantomCanvas c, int idx, double x, double y, double z, Slice sl) {
        double s = a.scale;
        if (z > a.zApex - 20 * s) {
            return false;
        }
        double cx = (x >= 0 ? 1 : -1) * (a.cageA + a.wallMm + 1.1 * a.fatMm + 42 * s);
        double dx = x - cx;
        double dy = y - (a.cageCy - 5);
        double r = Math.sqrt(dx * dx + dy * dy);
        double arm = 38 * s + 0.4 * a.fatMm;
        if (r >= arm) {
            return false;
        }
        double humerus = 11 * s;
        if (r < humerus) {
            boolean cortex = r > humerus - 3;
            c.set(idx, cortex ? Tissue.BONE : Tissue.MARROW, cortex ? a.boneHu : a.marrowHu);
        } else if (r > arm - 2) {
            c.set(idx, Tissue.SKIN, a.muscleHu);
        } else if (r > arm - 2 - 0.4 * a.fatMm) {
            c.set(idx, Tissue.FAT, a.fatHu);
        } else {
            c.set(idx, Tissue.MUSCLE, a.muscleHu);
        }
        return true;
    }

    /** Scanner table under the patient: carbon shells around a foam core, edges curving up. */
    private void outside(PhantomCanvas c, int idx, double x, double y) {
        double ax = Math.abs(x);
        double top = tableTop + 0.0006 * x * x;
        double depth = top - y;
        if (ax < 230 && depth > 0 && depth < 14) {
            boolean shell = depth < 2.5 || depth > 11.5;
            c.set(idx, Tissue.TABLE, shell ? 250 : -880);
            return;
        }
        c.set(idx, Tissue.OUTSIDE_AIR, -1000);
    }

    private static double superHalfWidth(double a, double b, double p, double dy) {
        if (a <= 0 || b <= 0) {
            return -1;
        }
        double t = Math.abs(dy) / b;
        if (t >= 1) {
            return -1;
        }
        return a * Math.pow(1 - Math.pow(t, p), 1 / p);
    }

    static double smoothstep(double lo, double hi, double v) {
        double t = Anatomy.clamp((v - lo) / (hi - lo), 0, 1);
        return t * t * (3 - 2 * t);
    }
}
