package org.lungseg.inference;

import java.util.List;
import org.lungseg.volume.Affine;
import org.lungseg.volume.AxisCodes;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Reorientation;
import org.lungseg.volume.Volume;

/**
 * Test copies of a scan stored in another orientation: the same voxels at the same world
 * positions, with the array order and affine of the given code (e.g. "PLS", "SAR"). Built from
 * world coordinates, independently of the inference code under test.
 */
final class Storage {

    private Storage() {
    }

    /** All 48 axis-aligned storage orders. */
    static List<String> allOrientations() {
        return org.lungseg.volume.AxisCodes.all().stream().map(Object::toString).toList();
    }

    static Volume reorient(Volume scan, String code) {
        Reorientation r = Reorientation.toRas(scan.grid());
        Volume ras = r.toRas(scan);
        Grid target = gridFor(ras.grid(), code);
        int[] from = rasIndexOf(ras.grid(), target);
        float[] out = new float[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ras.voxels()[from[i]];
        }
        return new Volume(target, out, scan.warnings());
    }

    static LabelMap reorient(LabelMap labels, String code) {
        LabelMap ras = Reorientation.toRas(labels.grid()).toRas(labels);
        Grid target = gridFor(ras.grid(), code);
        int[] from = rasIndexOf(ras.grid(), target);
        byte[] out = new byte[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ras.labels()[from[i]];
        }
        return new LabelMap(target, out);
    }

    /** A grid covering the same voxels as {@code ras} (an axis-aligned RAS grid), stored as {@code code}. */
    static Grid gridFor(Grid ras, String code) {
        AxisCodes codes = AxisCodes.parse(code);
        double[] rows = new double[12];
        int[] dims = new int[3];
        for (int v = 0; v < 3; v++) {
            int w = codes.worldAxis()[v];
            dims[v] = ras.dim(w);
            double step = ras.affine().get(w, w);
            rows[w * 4 + v] = codes.negative()[v] ? -step : step;
        }
        for (int w = 0; w < 3; w++) {
            int v = codes.voxelAxisOf(w);
            double origin = ras.affine().get(w, 3);
            rows[w * 4 + 3] = codes.negative()[v] ? origin + (ras.dim(w) - 1) * ras.affine().get(w, w) : origin;
        }
        return new Grid(dims[0], dims[1], dims[2], Affine.ofRows(rows));
    }

    /** For each voxel of {@code target}: the index of the RAS voxel at the same world position. */
    private static int[] rasIndexOf(Grid ras, Grid target) {
        int[] from = new int[Math.toIntExact(target.voxelCount())];
        for (int k = 0, i = 0; k < target.nz(); k++) {
            for (int j = 0; j < target.ny(); j++) {
                for (int x = 0; x < target.nx(); x++, i++) {
                    double[] world = target.affine().apply(x, j, k);
                    int[] r = new int[3];
                    for (int w = 0; w < 3; w++) {
                        r[w] = (int) Math.round((world[w] - ras.affine().get(w, 3)) / ras.affine().get(w, w));
                    }
                    from[i] = ras.index(r[0], r[1], r[2]);
                }
            }
        }
        return from;
    }
}
