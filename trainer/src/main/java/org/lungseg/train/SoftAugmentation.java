package org.lungseg.train;

import java.util.SplittableRandom;

/**
 * Hydrogen Torch's "Soft" augmentation for CT volumes in network space: a small rotation in the
 * axial plane (up to 10 degrees), scaling (0.9 to 1.1) and shift (up to 4 %), intensity scale and
 * shift, scanner-like noise and occasional blur. Labels follow the geometry by nearest neighbour.
 * A left-right mirror, when enabled, also swaps the two lung channels so that left stays the
 * patient's left.
 */
public final class SoftAugmentation {

    private final int nx;
    private final int ny;
    private final int nz;
    private final boolean flipLeftRight;
    private final int[] lungChannels;

    /** @param lungChannels channels of the left and right lung, or null when the model has no pair to swap */
    public SoftAugmentation(int nx, int ny, int nz, boolean flipLeftRight, int[] lungChannels) {
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.flipLeftRight = flipLeftRight && lungChannels != null;
        this.lungChannels = lungChannels;
    }

    /** A new, augmented sample; the input is not modified. */
    public NetworkSample apply(NetworkSample s, SplittableRandom random) {
        double angle = Math.toRadians(random.nextDouble(-10, 10));
        double scale = random.nextDouble(0.9, 1.1);
        double[] shift = {random.nextDouble(-0.04, 0.04) * nx, random.nextDouble(-0.04, 0.04) * ny,
                random.nextDouble(-0.04, 0.04) * nz};
        boolean mirror = flipLeftRight && random.nextBoolean();
        int n = nx * ny * nz;
        int channels = s.targets().length / n;
        float[] image = new float[n];
        byte[] targets = new byte[s.targets().length];
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        double cx = (nx - 1) / 2.0;
        double cy = (ny - 1) / 2.0;
        double cz = (nz - 1) / 2.0;
        float[] in = s.image();
        byte[] tin = s.targets();
        for (int z = 0, i = 0; z < nz; z++) {
            double sz = (z - cz) / scale + cz - shift[2];
            for (int y = 0; y < ny; y++) {
                double dy = y - cy;
                for (int x = 0; x < nx; x++, i++) {
                    double dx = (mirror ? nx - 1 - x : x) - cx;
                    // inverse rotation and scale about the centre, then the shift
                    double sx = cos * dx + sin * dy + cx - shift[0];
                    double sy = -sin * dx + cos * dy + cy - shift[1];
                    image[i] = trilinear(in, sx, sy, sz);
                    int nearest = nearestIndex(sx, sy, sz);
                    for (int c = 0; c < channels; c++) {
                        targets[c * n + i] = tin[mappedChannel(c, mirror) * n + nearest];
                    }
                }
            }
        }
        adjustIntensity(image, random);
        return new NetworkSample(s.name(), image, targets);
    }

    private int mappedChannel(int c, boolean mirror) {
        if (!mirror) {
            return c;
        }
        return c == lungChannels[0] ? lungChannels[1] : c == lungChannels[1] ? lungChannels[0] : c;
    }

    private void adjustIntensity(float[] image, SplittableRandom random) {
        float gain = (float) random.nextDouble(0.9, 1.1);
        float offset = (float) random.nextDouble(-0.05, 0.05);
        float noise = random.nextBoolean() ? (float) random.nextDouble(0, 0.02) : 0f;
        for (int i = 0; i < image.length; i++) {
            float v = image[i] * gain + offset;
            if (noise > 0) {
                v += (float) (random.nextGaussian() * noise);
            }
            image[i] = v;
        }
        if (random.nextDouble() < 0.2) {
            blur(image);
        }
    }

    /** A [1 2 1]/4 blur along each axis: a light partial-volume softening. */
    private void blur(float[] image) {
        int[] strides = {1, nx, nx * ny};
        int[] dims = {nx, ny, nz};
        float[] tmp = new float[image.length];
        for (int a = 0; a < 3; a++) {
            int stride = strides[a];
            int n = dims[a];
            for (int i = 0; i < image.length; i++) {
                int pos = (i / stride) % n;
                float left = pos > 0 ? image[i - stride] : image[i];
                float right = pos < n - 1 ? image[i + stride] : image[i];
                tmp[i] = 0.25f * left + 0.5f * image[i] + 0.25f * right;
            }
            System.arraycopy(tmp, 0, image, 0, image.length);
        }
    }

    private float trilinear(float[] v, double x, double y, double z) {
        x = Math.min(Math.max(x, 0), nx - 1);
        y = Math.min(Math.max(y, 0), ny - 1);
        z = Math.min(Math.max(z, 0), nz - 1);
        int x0 = (int) x;
        int y0 = (int) y;
        int z0 = (int) z;
        int x1 = Math.min(x0 + 1, nx - 1);
        int y1 = Math.min(y0 + 1, ny - 1);
        int z1 = Math.min(z0 + 1, nz - 1);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        float fz = (float) (z - z0);
        int r00 = (z0 * ny + y0) * nx;
        int r10 = (z0 * ny + y1) * nx;
        int r01 = (z1 * ny + y0) * nx;
        int r11 = (z1 * ny + y1) * nx;
        float c00 = v[r00 + x0] + (v[r00 + x1] - v[r00 + x0]) * fx;
        float c10 = v[r10 + x0] + (v[r10 + x1] - v[r10 + x0]) * fx;
        float c01 = v[r01 + x0] + (v[r01 + x1] - v[r01 + x0]) * fx;
        float c11 = v[r11 + x0] + (v[r11 + x1] - v[r11 + x0]) * fx;
        float c0 = c00 + (c10 - c00) * fy;
        float c1 = c01 + (c11 - c01) * fy;
        return c0 + (c1 - c0) * fz;
    }

    /** Index of the nearest voxel, clamped to the volume's edge as the image is. */
    private int nearestIndex(double x, double y, double z) {
        long ix = Math.min(Math.max(Math.round(x), 0), nx - 1);
        long iy = Math.min(Math.max(Math.round(y), 0), ny - 1);
        long iz = Math.min(Math.max(Math.round(z), 0), nz - 1);
        return (int) ((iz * ny + iy) * nx + ix);
    }
}
