package org.lungseg.npy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lungseg.volume.Grid;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** Converts between 3D {@code .npy} arrays and scans or label maps, given an {@link NpyGeometry}. */
public final class NpyScans {

    private NpyScans() {
    }

    /** A scan from a 3D array; NaN or infinite values are replaced by the lowest finite value, with a warning. */
    public static Volume toVolume(NpyArray array, NpyGeometry geometry) {
        Grid grid = grid(array, geometry);
        float[] voxels = array.floats(geometry.axes().gridOrder());
        List<String> warnings = new ArrayList<>();
        float lowest = Float.POSITIVE_INFINITY;
        int nonFinite = 0;
        for (float v : voxels) {
            if (Float.isFinite(v)) {
                lowest = Math.min(lowest, v);
            } else {
                nonFinite++;
            }
        }
        if (nonFinite == voxels.length) {
            throw new InvalidScanException("every voxel of the .npy scan is NaN or infinite");
        }
        if (nonFinite > 0) {
            for (int i = 0; i < voxels.length; i++) {
                if (!Float.isFinite(voxels[i])) {
                    voxels[i] = lowest;
                }
            }
            warnings.add(nonFinite + " NaN or infinite voxels were set to the lowest value, " + lowest);
        }
        return new Volume(grid, voxels, warnings);
    }

    /** A label map from a 3D array of integer labels 0..255 (any numeric or boolean dtype). */
    public static LabelMap toLabelMap(NpyArray array, NpyGeometry geometry) {
        Grid grid = grid(array, geometry);
        float[] values = array.floats(geometry.axes().gridOrder());
        byte[] labels = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= 0 && v <= 255 && v == Math.rint(v))) {
                throw new InvalidScanException("label value " + v + " in the .npy mask is not an integer 0..255");
            }
            labels[i] = (byte) v;
        }
        return new LabelMap(grid, labels);
    }

    /** A float32 array of the scan, shaped and ordered as {@code axes} says. */
    public static NpyArray fromVolume(Volume volume, NpyGeometry.Axes axes) {
        return NpyArray.ofFloats(shape(volume.grid(), axes), volume.voxels(), axes.gridOrder());
    }

    /** A uint8 array of the labels, shaped and ordered as {@code axes} says. */
    public static NpyArray fromLabelMap(LabelMap labels, NpyGeometry.Axes axes) {
        return NpyArray.ofUint8(shape(labels.grid(), axes), labels.labels(), axes.gridOrder());
    }

    private static Grid grid(NpyArray array, NpyGeometry geometry) {
        int[] s = array.shape();
        if (s.length != 3) {
            throw new InvalidScanException("expected a 3D .npy array, got shape " + Arrays.toString(s));
        }
        return geometry.axes() == NpyGeometry.Axes.XYZ
                ? new Grid(s[0], s[1], s[2], geometry.affine())
                : new Grid(s[2], s[1], s[0], geometry.affine());
    }

    private static int[] shape(Grid grid, NpyGeometry.Axes axes) {
        return axes == NpyGeometry.Axes.XYZ
                ? new int[] {grid.nx(), grid.ny(), grid.nz()}
                : new int[] {grid.nz(), grid.ny(), grid.nx()};
    }
}
