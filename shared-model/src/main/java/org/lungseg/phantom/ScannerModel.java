package org.lungseg.phantom;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The acquisition: quantum noise (added before the point spread, so that it comes out correlated
 * as in real reconstructions), partial-volume blur in plane and along z from the slice thickness,
 * integer HU, and in some cases the reconstruction circle outside which scanners store -1024.
 */
final class ScannerModel {

    static final float PADDING_HU = -1024;

    private final double noiseSigmaHu;
    private final double psfSigmaMm;
    private final double sliceThicknessMm;
    private final boolean reconstructionCircle;

    ScannerModel(SplittableRandom r, double sliceSpacingMm) {
        noiseSigmaHu = Anatomy.uniform(r, 10, 35);
        psfSigmaMm = Anatomy.uniform(r, 0.45, 0.8);
        sliceThicknessMm = Math.max(0.6, sliceSpacingMm) * Anatomy.uniform(r, 1.0, 1.3);
        reconstructionCircle = r.nextDouble() < 0.3;
    }

    void acquire(PhantomCanvas c, SplittableRandom noise) {
        float[] kx = SeparableBlur.kernel(psfSigmaMm / c.sx);
        float[] ky = SeparableBlur.kernel(psfSigmaMm / c.sy);
        float[] kz = SeparableBlur.kernel(sliceThicknessMm / 2.355 / c.sz);
        double gain = SeparableBlur.noiseGain(kx) * SeparableBlur.noiseGain(ky) * SeparableBlur.noiseGain(kz);
        // One stream per slice, seeded in order, so that slices can take their noise in parallel.
        long[] seeds = new long[c.nz];
        for (int k = 0; k < c.nz; k++) {
            seeds[k] = noise.nextLong();
        }
        int plane = c.nx * c.ny;
        double sigma = noiseSigmaHu / Math.sqrt(gain);
        IntStream.range(0, c.nz).parallel().forEach(k ->
                GaussianNoise.add(c.hu, k * plane, (k + 1) * plane, sigma, new SplittableRandom(seeds[k])));
        SeparableBlur.blur(c.hu, new float[c.hu.length], c.nx, c.ny, c.nz, kx, ky, kz);
        for (int i = 0; i < c.hu.length; i++) {
            c.hu[i] = Math.round(c.hu[i]);
        }
        if (reconstructionCircle) {
            padOutsideCircle(c);
        }
    }

    /** Sets voxels outside the inscribed circle of each slice to padding, unless that would cut a lung. */
    private static void padOutsideCircle(PhantomCanvas c) {
        double ci = (c.nx - 1) / 2.0;
        double cj = (c.ny - 1) / 2.0;
        double radius = Math.min(c.nx * c.sx, c.ny * c.sy) / 2;
        boolean[] outside = new boolean[c.nx * c.ny];
        for (int j = 0; j < c.ny; j++) {
            for (int i = 0; i < c.nx; i++) {
                double dx = (i - ci) * c.sx;
                double dy = (j - cj) * c.sy;
                outside[i + c.nx * j] = dx * dx + dy * dy > radius * radius;
            }
        }
        int plane = outside.length;
        for (int v = 0; v < c.size(); v += plane) {
            for (int p = 0; p < plane; p++) {
                if (outside[p] && c.side[v + p] != 0) {
                    return;
                }
            }
        }
        for (int v = 0; v < c.size(); v += plane) {
            for (int p = 0; p < plane; p++) {
                if (outside[p]) {
                    c.set(v + p, Tissue.OUTSIDE_AIR, PADDING_HU);
                }
            }
        }
    }
}
