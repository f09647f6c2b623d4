package org.lungseg.inference;

import org.lungseg.volume.LabelMap;

/**
 * Brings a label map into a {@link NetworkSpace} by nearest neighbour, the label-side twin of
 * {@link Preprocessor#resample}: the trainer uses it for its targets, so a target voxel lies
 * exactly where the image voxel it belongs to was sampled.
 */
public final class LabelResampler {

    private LabelResampler() {
    }

    /** The labels at each network voxel ({@code D*H*W} values, W fastest). */
    public static byte[] resample(LabelMap labels, NetworkSpace space) {
        if (!labels.grid().sameGeometry(space.source(), 1e-3)) {
            throw new IllegalArgumentException("label map is not on the scan's grid");
        }
        int[][] offset = new int[3][];
        for (int a = 0; a < 3; a++) {
            int stride = space.sourceStride(space.sourceAxis(a));
            int rasAxis = a;
            AxisSampling s = space.networkToRas(a).mapIndices(r -> space.sourceIndex(rasAxis, r) * stride);
            offset[a] = new int[s.size()];
            for (int i = 0; i < s.size(); i++) {
                offset[a][i] = s.weight()[i] < 0.5f ? s.lower()[i] : s.upper()[i];
            }
        }
        byte[] in = labels.labels();
        int mx = offset[0].length;
        int my = offset[1].length;
        int mz = offset[2].length;
        byte[] out = new byte[mx * my * mz];
        for (int z = 0, i = 0; z < mz; z++) {
            for (int y = 0; y < my; y++) {
                int base = offset[1][y] + offset[2][z];
                for (int x = 0; x < mx; x++, i++) {
                    out[i] = in[base + offset[0][x]];
                }
            }
        }
        return out;
    }
}
