package org.lungseg.phantom;

import java.util.stream.IntStream;

/**
 * Gaussian blur of a 3D float grid (first axis fastest), one axis at a time, edges clamped:
 * the scanner's point spread in plane and its slice sensitivity profile along z. Lines are
 * independent, so they run in parallel with the same result as in sequence.
 */
final class SeparableBlur {

    private SeparableBlur() {
    }

    /** Normalised Gaussian taps for a sigma in voxels; a single tap of 1 when sigma is negligible. */
    static float[] kernel(double sigmaVoxels) {
        if (sigmaVoxels < 0.2) {
            return new float[] {1};
        }
        int radius = (int) Math.ceil(2.5 * sigmaVoxels);
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int t = -radius; t <= radius; t++) {
            double w = Math.exp(-0.5 * t * t / (sigmaVoxels * sigmaVoxels));
            k[t + radius] = (float) w;
            sum += w;
        }
        for (int t = 0; t < k.length; t++) {
            k[t] = (float) (k[t] / sum);
        }
        return k;
    }

    /** Sum of squared taps: how much the kernel shrinks the variance of white noise. */
    static double noiseGain(float[] kernel) {
        double g = 0;
        for (float w : kernel) {
            g += w * w;
        }
        return g;
    }

    /** Blurs {@code values} in place along x, y and z; {@code scratch} must have the same length. */
    static void blur(float[] values, float[] scratch, int nx, int ny, int nz, float[] kx, float[] ky, float[] kz) {
        float[] in = values;
        float[] out = scratch;
        if (kx.length > 1) {
            alongX(in, out, nx, ny * nz, kx);
            float[] t = in;
            in = out;
            out = t;
        }
        if (ky.length > 1) {
            alongStride(in, out, nx, ny, nz, nx, ky);
            float[] t = in;
            in = out;
            out = t;
        }
        if (kz.length > 1) {
            alongStride(in, out, nx * ny, nz, 1, nx * ny, kz);
            in = out;
        }
        if (in != values) {
            System.arraycopy(in, 0, values, 0, values.length);
        }
    }

    private static void alongX(float[] in, float[] out, int nx, int rows, float[] k) {
        int r = k.length / 2;
        IntStream.range(0, rows).parallel().forEach(row -> {
            int base = row * nx;
            for (int i = 0; i < nx; i++) {
                float sum = 0;
                if (i >= r && i < nx - r) {
                    int at = base + i - r;
                    for (int t = 0; t < k.length; t++) {
                        sum += k[t] * in[at + t];
                    }
                } else {
                    for (int t = -r; t <= r; t++) {
                        int ii = Math.min(nx - 1, Math.max(0, i + t));
                        sum += k[t + r] * in[base + ii];
                    }
                }
                out[base + i] = sum;
            }
        });
    }

    /**
     * Blurs along an axis of length {@code n} whose neighbours are {@code step} apart; the grid is
     * {@code blocks} blocks of n lines of {@code line} contiguous values each.
     */
    private static void alongStride(float[] in, float[] out, int line, int n, int blocks, int step, float[] k) {
        int r = k.length / 2;
        IntStream.range(0, blocks * n).parallel().forEach(bp -> {
            int b = bp / n;
            int p = bp - b * n;
            int blockBase = b * line * n;
            int dst = blockBase + p * step;
            java.util.Arrays.fill(out, dst, dst + line, 0f);
            for (int t = -r; t <= r; t++) {
                int pp = Math.min(n - 1, Math.max(0, p + t));
                int src = blockBase + pp * step;
                float w = k[t + r];
                for (int x = 0; x < line; x++) {
                    out[dst + x] += w * in[src + x];
                }
            }
        });
    }
}
