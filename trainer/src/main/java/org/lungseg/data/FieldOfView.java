package org.lungseg.data;

import java.util.SplittableRandom;
import org.lungseg.label.Label;
import org.lungseg.metrics.BoundingBox;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/**
 * Cuts a labelled chest to a smaller field of view, as clinical scans often are and phantoms never
 * are: around one lung, a slab of a few axial slices, or the lung bases with the upper abdomen.
 * The cut keeps the voxels' positions in patient space (the affine moves with the corner).
 */
public final class FieldOfView {

    public enum Cut { ONE_LUNG, SLAB, BASES }

    private FieldOfView() {
    }

    /** A cut drawn from {@code random}; the case is returned whole when it has no lungs to cut around. */
    public static LabelledCase random(LabelledCase c, SplittableRandom random) {
        Cut cut = Cut.values()[random.nextInt(Cut.values().length)];
        LabelMap lungs = c.wholeLungs();
        Grid g = lungs.grid();
        int si = g.orientation().voxelAxisOf(2);
        int[] lo = {0, 0, 0};
        int[] hi = {g.nx(), g.ny(), g.nz()};
        BoundingBox box = lungBox(lungs, cut == Cut.ONE_LUNG
                ? (random.nextBoolean() ? Label.LEFT_LUNG.value() : Label.RIGHT_LUNG.value()) : -1);
        if (box == null) {
            return c;
        }
        int[] first = box.lo();
        int[] size = box.dims();
        switch (cut) {
            case ONE_LUNG -> {
                for (int a = 0; a < 3; a++) {
                    int margin = (int) Math.round(random.nextDouble(5, 30) / g.spacing()[a]);
                    lo[a] = Math.max(0, first[a] - margin);
                    hi[a] = Math.min(g.dim(a), first[a] + size[a] + margin);
                }
            }
            case SLAB -> {
                int thickness = Math.min(size[si], 2 + random.nextInt(7));
                lo[si] = first[si] + random.nextInt(size[si] + 1 - thickness);
                hi[si] = lo[si] + thickness;
            }
            case BASES -> {
                // An axis stored towards I puts the lung bases at its high indices.
                boolean inferiorAtLow = !g.orientation().negative()[si];
                int keep = Math.max(2, (int) Math.round(size[si] * random.nextDouble(0.1, 0.35)));
                if (inferiorAtLow) {
                    hi[si] = first[si] + keep;
                } else {
                    lo[si] = first[si] + size[si] - keep;
                }
            }
        }
        return crop(c, c.name() + "-" + cut.name().toLowerCase(java.util.Locale.ROOT), lo, hi);
    }

    /** The voxels {@code lo[a] <= i < hi[a]} on each axis, as a case of its own. */
    static LabelledCase crop(LabelledCase c, String name, int[] lo, int[] hi) {
        Grid g = c.ct().grid();
        Affine corner = g.affine().multiply(Affine.ofSpacing(1, 1, 1, lo[0], lo[1], lo[2]));
        Grid cut = new Grid(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], corner);
        float[] ct = new float[(int) cut.voxelCount()];
        byte[] labels = new byte[ct.length];
        byte[] lungs = c.lungs() == null ? null : new byte[ct.length];
        int i = 0;
        for (int z = lo[2]; z < hi[2]; z++) {
            for (int y = lo[1]; y < hi[1]; y++) {
                for (int x = lo[0]; x < hi[0]; x++, i++) {
                    int src = g.index(x, y, z);
                    ct[i] = c.ct().voxels()[src];
                    labels[i] = c.labels().labels()[src];
                    if (lungs != null) {
                        lungs[i] = c.lungs().labels()[src];
                    }
                }
            }
        }
        return new LabelledCase(name, new Volume(cut, ct), new LabelMap(cut, labels),
                lungs == null ? null : new LabelMap(cut, lungs));
    }

    /** The box around voxels with {@code value} (any lung when -1), or null when there are none. */
    private static BoundingBox lungBox(LabelMap m, int value) {
        byte[] v = m.labels();
        boolean[] mask = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            mask[i] = value < 0 ? v[i] != 0 : v[i] == value;
        }
        return BoundingBox.of(m.grid(), mask);
    }
}
