package org.lungseg.label;

import org.lungseg.volume.LabelMap;

/** Builds {@link BinaryMask}s from label maps by label value. */
public final class LabelMasks {

    private LabelMasks() {
    }

    /** Voxels whose label is any of {@code labels}. */
    public static BinaryMask of(LabelMap map, Label... labels) {
        int[] values = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i].value();
        }
        return ofValues(map, values);
    }

    /** Voxels whose label value is any of {@code values} (0..255). */
    public static BinaryMask ofValues(LabelMap map, int... values) {
        boolean[] wanted = new boolean[256];
        for (int v : values) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("label values are 0..255, got " + v);
            }
            wanted[v] = true;
        }
        byte[] labels = map.labels();
        boolean[] inside = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            inside[i] = wanted[labels[i] & 0xff];
        }
        return new BinaryMask(map.grid(), inside);
    }
}
