package org.lungseg.volume;

/**
 * Reorders a grid's voxels into RAS storage (x increasing towards the patient's Right, y
 * Anterior, z Superior) by axis permutation and flips only, and back. No
 * resampling happens, so the round trip is exact. The patient's left and right come from the
 * affine, never from array order.
 */
public final class Reorientation {

    private final Grid source;
    private final Grid ras;
    /** For each RAS axis: the signed step in the source array and the source index of RAS voxel 0. */
    private final long[] sourceStride = new long[3];
    private final long sourceOrigin;

    private Reorientation(Grid source) {
        this.source = source;
        AxisCodes codes = source.orientation();
        int[] srcStride = {1, source.nx(), source.nx() * source.ny()};
        int[] rasDims = new int[3];
        double[] t = new double[12]; // maps RAS index -> source index
        long origin = 0;
        for (int a = 0; a < 3; a++) {
            int v = codes.voxelAxisOf(a);
            boolean flip = codes.negative()[v];
            int n = source.dim(v);
            rasDims[a] = n;
            sourceStride[a] = flip ? -srcStride[v] : srcStride[v];
            if (flip) {
                origin += (long) (n - 1) * srcStride[v];
            }
            t[v * 4 + a] = flip ? -1 : 1;
            t[v * 4 + 3] = flip ? n - 1 : 0;
        }
        this.sourceOrigin = origin;
        Affine rasAffine = source.affine().multiply(Affine.ofRows(t));
        this.ras = new Grid(rasDims[0], rasDims[1], rasDims[2], rasAffine);
    }

    public static Reorientation toRas(Grid source) {
        return new Reorientation(source);
    }

    public Grid source() {
        return source;
    }

    public Grid ras() {
        return ras;
    }

    public boolean isIdentity() {
        return sourceOrigin == 0 && sourceStride[0] == 1 && sourceStride[1] == source.nx()
                && sourceStride[2] == (long) source.nx() * source.ny();
    }

    public Volume toRas(Volume volume) {
        requireSource(volume.grid());
        float[] out = isIdentity() ? volume.voxels().clone() : new float[volume.voxels().length];
        if (!isIdentity()) {
            float[] in = volume.voxels();
            forEachRow((src, step, dst, len) -> {
                for (int x = 0; x < len; x++, src += step) {
                    out[dst + x] = in[(int) src];
                }
            });
        }
        return new Volume(ras, out, volume.warnings());
    }

    public LabelMap toRas(LabelMap labels) {
        requireSource(labels.grid());
        byte[] in = labels.labels();
        byte[] out = new byte[in.length];
        forEachRow((src, step, dst, len) -> {
            for (int x = 0; x < len; x++, src += step) {
                out[dst + x] = in[(int) src];
            }
        });
        return new LabelMap(ras, out);
    }

    /** Puts a label map computed in RAS back on the source grid, with the source's header. */
    public LabelMap toSource(LabelMap rasLabels) {
        if (!rasLabels.grid().sameGeometry(ras, 1e-6)) {
            throw new IllegalArgumentException("label map is not on this reorientation's RAS grid");
        }
        byte[] in = rasLabels.labels();
        byte[] out = new byte[in.length];
        forEachRow((src, step, dst, len) -> {
            for (int x = 0; x < len; x++, src += step) {
                out[(int) src] = in[dst + x];
            }
        });
        return new LabelMap(source, out);
    }

    private void requireSource(Grid grid) {
        if (!grid.sameGeometry(source, 1e-6)) {
            throw new IllegalArgumentException("volume is not on this reorientation's source grid");
        }
    }

    /** One RAS row (fixed y, z): where it starts in the source, the source step per x, and its RAS start. */
    private interface RowVisitor {
        void row(long sourceStart, long sourceStep, int rasStart, int length);
    }

    private void forEachRow(RowVisitor visitor) {
        int nx = ras.nx();
        int ny = ras.ny();
        int nz = ras.nz();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                long src = sourceOrigin + y * sourceStride[1] + z * sourceStride[2];
                visitor.row(src, sourceStride[0], nx * (y + ny * z), nx);
            }
        }
    }
}
