package org.lungseg.train.net;

/**
 * The shape of a {@link UNet3d}.
 *
 * @param levels  resolutions, counting full resolution (Hydrogen Torch's {@code number_of_blocks})
 * @param base    channels at full resolution; doubled at each level down
 * @param classes output channels, one sigmoid per class
 */
public record UNetSpec(int levels, int base, int classes) {

    public UNetSpec {
        if (levels < 2 || levels > 7) {
            throw new IllegalArgumentException("a U-Net needs 2 to 7 levels, got " + levels);
        }
        if (base < 1 || classes < 1) {
            throw new IllegalArgumentException("base width and classes must be positive");
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
