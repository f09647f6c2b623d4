package org.lungseg.npy;

/**
 * The order in which the elements of an n-dimensional array are laid out in one flat sequence.
 * {@link #FIRST_AXIS_FASTEST} is numpy's Fortran order ({@code 'F'}), NIfTI's on-disk order and
 * the order of {@code org.lungseg.volume.Grid}'s voxel index; {@link #LAST_AXIS_FASTEST} is
 * numpy's default C order ({@code 'C'}).
 */
public enum FlatteningOrder {
    FIRST_AXIS_FASTEST,
    LAST_AXIS_FASTEST;

    /** The order numpy's {@code fortran_order} header flag names. */
    public static FlatteningOrder ofFortranOrder(boolean fortranOrder) {
        return fortranOrder ? FIRST_AXIS_FASTEST : LAST_AXIS_FASTEST;
    }

    /** Distance in the flat sequence between neighbours along each axis. */
    public long[] strides(int[] shape) {
        long[] strides = new long[shape.length];
        long step = 1;
        for (int k = 0; k < shape.length; k++) {
            int axis = this == FIRST_AXIS_FASTEST ? k : shape.length - 1 - k;
            strides[axis] = step;
            step *= shape[axis];
        }
        return strides;
    }

    /** Axis {@code k}-th fastest in this order. */
    int axisAt(int k, int rank) {
        return this == FIRST_AXIS_FASTEST ? k : rank - 1 - k;
    }
}
