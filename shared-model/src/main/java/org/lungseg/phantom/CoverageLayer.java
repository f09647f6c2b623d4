package org.lungseg.phantom;

/**
 * How much of each voxel a set of thin tubes covers (0..255), kept as the maximum over the tubes
 * so that overlapping segments at a branch point do not add up, then blended into the lung HU in
 * one step: partial-volume averaging for vessels and airway walls smaller than a voxel.
 */
final class CoverageLayer {

    private final PhantomCanvas canvas;
    private final byte[] coverage;
    private final double voxelMm;
    /** The range of indices touched so far, so that applying does not scan the whole grid. */
    private int first = Integer.MAX_VALUE;
    private int last = -1;

    CoverageLayer(PhantomCanvas canvas) {
        this.canvas = canvas;
        this.coverage = new byte[canvas.size()];
        this.voxelMm = Math.cbrt(canvas.sx * canvas.sy * canvas.sz);
    }

    /**
     * Adds a tube grown by {@code offset} mm; only lung voxels are covered. A tube thinner than a
     * voxel covers at most its cross-section's share of the voxel, so small vessels stay faint.
     */
    void add(Tube tube, double offset) {
        double r = tube.maxRadius() + offset;
        double share = Math.min(1, Math.PI * r * r / (voxelMm * voxelMm));
        TubePainter.paint(canvas, tube, offset + 0.5 * voxelMm, (idx, d) -> {
            if (canvas.side[idx] == 0) {
                return;
            }
            double cover = share * Math.min(1, 0.5 - (d - offset) / voxelMm);
            int v = (int) Math.round(255 * cover);
            if (v > (coverage[idx] & 0xFF)) {
                coverage[idx] = (byte) v;
                first = Math.min(first, idx);
                last = Math.max(last, idx);
            }
        });
    }

    /** Blends every covered voxel towards {@code hu}; voxels at least half covered take the tissue. */
    void apply(double hu, Tissue tissue) {
        float[] values = canvas.hu;
        for (int i = first; i <= last; i++) {
            int v = coverage[i] & 0xFF;
            if (v != 0) {
                double w = v / 255.0;
                values[i] = (float) (values[i] + (hu - values[i]) * w);
                if (v >= 128 && tissue != null) {
                    canvas.tissue[i] = tissue.code();
                }
            }
        }
    }
}
