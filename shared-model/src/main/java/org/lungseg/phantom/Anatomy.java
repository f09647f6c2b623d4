package org.lungseg.phantom;

import java.util.SplittableRandom;

/**
 * One synthetic adult's body plan, in millimetres in a patient frame (x to the patient's right,
 * y anterior, z superior, origin at the carina). Sizes scale together with {@link #scale}; the
 * rest varies on its own (build, fat, heart size, dome heights), all drawn from one seed.
 * The shapes that use these numbers are drawn by {@link ThoraxRasterizer} and {@link ChestTubes}.
 */
final class Anatomy {

    final double scale;

    // Heights: lung apex, lowest point of the costophrenic recesses, top of each diaphragm dome.
    final double zApex;
    final double zRecess;
    final double zDomeRight;
    final double zDomeLeft;

    // Inner thoracic wall at its widest (an ellipse centred on x = 0), and the layers outside it.
    final double cageA;
    final double cageB;
    final double cageCy;
    final double wallMm;
    final double fatMm;
    final double paraspinalMm;

    // Mediastinum and spine.
    final double bandHalfWidth;
    final double spineA;
    final double spineB;

    // Heart: centre, semi-axes and the angle of its long axis to the left in the axial plane.
    final double heartX;
    final double heartY;
    final double heartZ;
    final double heartA;
    final double heartB;
    final double heartC;
    final double heartAngle;
    final double pericardialFatMm;

    // Airway.
    final double tracheaRadius;

    // Variants that change how a case looks.
    final boolean armsDown;
    final boolean stomachGas;
    final boolean contrast;

    // Tissue HU of this patient and scanner.
    final double lungHu;
    final double lungGravityHu;
    final double fatHu;
    final double muscleHu;
    final double bloodHu;
    final double liverHu;
    final double boneHu;
    final double marrowHu;

    Anatomy(SplittableRandom r) {
        scale = uniform(r, 0.92, 1.1);
        double s = scale;
        zApex = 80 * s + uniform(r, -5, 5);
        zRecess = zApex - 250 * s * uniform(r, 0.93, 1.07);
        zDomeRight = zRecess + 78 * s * uniform(r, 0.85, 1.15);
        zDomeLeft = zDomeRight - uniform(r, 10, 25);

        cageA = 130 * s * uniform(r, 0.93, 1.08);
        cageB = 96 * s * uniform(r, 0.92, 1.08);
        cageCy = -10;
        wallMm = 13 * s * uniform(r, 0.9, 1.15);
        fatMm = uniform(r, 5, 30) * s;
        paraspinalMm = 30 * s;

        bandHalfWidth = 13 * s;
        spineA = 20 * s;
        spineB = 16 * s;

        double cardiomegaly = uniform(r, 0.9, 1.15);
        heartA = 56 * s * cardiomegaly;
        heartB = 42 * s * cardiomegaly;
        heartC = 46 * s * cardiomegaly;
        heartAngle = Math.toRadians(uniform(r, 25, 45));
        heartX = -20 * s;
        heartY = cageCy + 0.38 * cageB;
        heartZ = zDomeRight + 24 * s;
        pericardialFatMm = uniform(r, 2, 7);

        tracheaRadius = 9 * s * uniform(r, 0.9, 1.1);

        armsDown = r.nextDouble() < 0.2;
        stomachGas = r.nextDouble() < 0.6;
        contrast = r.nextDouble() < 0.2;

        lungHu = uniform(r, -935, -895);
        lungGravityHu = uniform(r, 30, 80);
        fatHu = uniform(r, -115, -85);
        muscleHu = uniform(r, 35, 55);
        bloodHu = contrast ? uniform(r, 180, 320) : uniform(r, 32, 48);
        liverHu = contrast ? uniform(r, 90, 120) : uniform(r, 50, 66);
        boneHu = uniform(r, 650, 1100);
        marrowHu = uniform(r, 150, 300);
    }

    /** Fraction of the lung height at {@code z}: 0 at the recesses, 1 at the apex. */
    double heightFraction(double z) {
        return (z - zRecess) / (zApex - zRecess);
    }

    /** Lateral semi-axis of the thoracic cavity at height {@code z}: narrow at the apex, widest below. */
    double cageA(double z) {
        double u = clamp(heightFraction(z), 0, 1.25);
        return cageA * (1 - 0.5 * Math.pow(u, 2.2));
    }

    double cageB(double z) {
        double u = clamp(heightFraction(z), 0, 1.25);
        return cageB * (1 - 0.3 * Math.pow(u, 2.2));
    }

    /** The cavity's centre moves back towards the apex, where the thoracic inlet slopes. */
    double cageCy(double z) {
        double u = clamp(heightFraction(z), 0, 1.25);
        return cageCy - 14 * u * u;
    }

    /** Centre of the vertebral body, which sits in the back of the cavity and follows it up. */
    double spineY(double z) {
        return cageCy(z) - cageB(z) + 0.9 * spineB;
    }

    /** Centre of the trachea, in front of the oesophagus and the spine. */
    double tracheaY(double z) {
        return spineY(z) + spineB + 26 * scale;
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }
}
