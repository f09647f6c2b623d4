package org.lungseg.inference;

import java.util.stream.IntStream;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.volume.Volume;

/**
 * Turns a scan into the network's input as the model card prescribes: RAS orientation, intensity
 * mapped to [0, 1] ({@link IntensityMapping}), optionally cropped to the body, and resized to the
 * network grid by trilinear interpolation. Training and inference share this class so that a model
 * sees the same input in both.
 *
 * <p>The scan is read in place through index tables ({@link NetworkSpace}); the only array
 * allocated is the network image itself. Each voxel is mapped to [0, 1] before it is
 * interpolated, which windows HU scans the same way the 0..255 scans were windowed when stored.
 */
public final class Preprocessor {

    private final ModelCard card;

    public Preprocessor(ModelCard card) {
        this.card = card;
    }

    /** Detects the intensity storage, chooses the network space and resamples. */
    public NetworkInput prepare(Volume scan) {
        IntensityMapping intensity = IntensityMapping.detect(scan, card);
        NetworkSpace space = space(scan, intensity);
        return new NetworkInput(resample(scan, intensity, space), space, intensity);
    }

    /** The network space for this scan: the whole scan, or its body box if the card asks for a crop. */
    public NetworkSpace space(Volume scan, IntensityMapping intensity) {
        NetworkSpace whole = NetworkSpace.whole(scan.grid(), card.grid());
        if (card.crop() == Crop.BODY) {
            int[][] box = BodyBox.find(scan, intensity, card, whole);
            if (box != null) {
                return NetworkSpace.cropped(scan.grid(), card.grid(), box[0], box[1]);
            }
        }
        return whole;
    }

    /** The network image ({@code D*H*W} values, W fastest) of {@code scan} in {@code space}. */
    public static float[] resample(Volume scan, IntensityMapping intensity, NetworkSpace space) {
        AxisSampling[] axis = new AxisSampling[3];
        for (int a = 0; a < 3; a++) {
            int stride = space.sourceStride(space.sourceAxis(a));
            int rasAxis = a;
            axis[a] = space.networkToRas(a).mapIndices(r -> space.sourceIndex(rasAxis, r) * stride);
        }
        float[] v = scan.voxels();
        int mx = axis[0].size();
        int my = axis[1].size();
        int mz = axis[2].size();
        float[] out = new float[mx * my * mz];
        int[] xLo = axis[0].lower();
        int[] xHi = axis[0].upper();
        float[] xW = axis[0].weight();
        // Network slices are independent: share them out over the cores.
        IntStream.range(0, mz).parallel().forEach(z -> {
            float wz = axis[2].weight()[z];
            for (int y = 0; y < my; y++) {
                float wy = axis[1].weight()[y];
                int b00 = axis[1].lower()[y] + axis[2].lower()[z];
                int b10 = axis[1].upper()[y] + axis[2].lower()[z];
                int b01 = axis[1].lower()[y] + axis[2].upper()[z];
                int b11 = axis[1].upper()[y] + axis[2].upper()[z];
                float w00 = (1 - wy) * (1 - wz);
                float w10 = wy * (1 - wz);
                float w01 = (1 - wy) * wz;
                float w11 = wy * wz;
                int row = (z * my + y) * mx;
                for (int x = 0; x < mx; x++) {
                    int lo = xLo[x];
                    int hi = xHi[x];
                    float wx = xW[x];
                    float c00 = lerp(intensity.normalize(v[b00 + lo]), intensity.normalize(v[b00 + hi]), wx);
                    float c10 = lerp(intensity.normalize(v[b10 + lo]), intensity.normalize(v[b10 + hi]), wx);
                    float c01 = lerp(intensity.normalize(v[b01 + lo]), intensity.normalize(v[b01 + hi]), wx);
                    float c11 = lerp(intensity.normalize(v[b11 + lo]), intensity.normalize(v[b11 + hi]), wx);
                    out[row + x] = w00 * c00 + w10 * c10 + w01 * c01 + w11 * c11;
                }
            }
        });
        return out;
    }

    private static float lerp(float a, float b, float w) {
        return a + (b - a) * w;
    }
}
