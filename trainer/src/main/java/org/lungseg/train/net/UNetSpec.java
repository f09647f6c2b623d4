package org.lungseg.train.net;

/**
 * The shape of a {@link UNet3d}.
 *
 * @param levels  resolutions, counting full resolution (Hydrogen Torch's {@code number_of_blocks})
 * @param base    channels at full resolution, a multiple of 8; doubled at each level down
 * @param classes output channels, one sigmoid per class
 */
public record UNetSpec(int levels, int base, int classes) {

    /** oneDNN's channel block with AVX2, the instruction set lungseg's launchers select for it. */
    public static final int CHANNEL_BLOCK = 8;

    public UNetSpec {
        if (levels < 2 || levels > 7) {
            throw new IllegalArgumentException("a U-Net needs 2 to 7 levels, got " + levels);
        }
        if (base < 1 || classes < 1) {
            throw new IllegalArgumentException("base width and classes must be positive");
        }
        if (base % CHANNEL_BLOCK != 0) {
            // oneDNN pads other channel counts to its SIMD block, and those CPU kernels gave NaN
            // gradients now and then (docs/training.md).
            throw new IllegalArgumentException("the base width must be a multiple of " + CHANNEL_BLOCK + ", got " + base);
        }
    }

    public int width(int level) {
        return base << level;
    }

    /** The grid side must halve cleanly at every level down. */
    public int sideMultiple() {
        return 1 << (levels - 1);
    }
}
