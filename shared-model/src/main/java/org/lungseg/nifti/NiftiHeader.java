package org.lungseg.nifti;

import java.nio.ByteOrder;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.SpatialHeader;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header that lungseg uses, already validated by
 * {@link NiftiReader#readHeader}: a 3D scan of a supported datatype with a finite, non-degenerate
 * affine.
 *
 * @param version     1 or 2
 * @param byteOrder   byte order of header and voxels
 * @param grid        dimensions and the affine lungseg uses (sform if set, else qform, else pixdim)
 * @param affineSource "sform", "qform" or "pixdim": which transform {@link #grid()} came from
 * @param dataType    voxel datatype
 * @param voxOffset   byte offset of the voxel data
 * @param sclSlope    intensity scaling slope (applied when non-zero and not the identity)
 * @param sclInter    intensity scaling intercept
 * @param description the header's descrip field
 */
public record NiftiHeader(int version, ByteOrder byteOrder, Grid grid, String affineSource,
                          NiftiDataType dataType, long voxOffset, double sclSlope, double sclInter,
                          String description) {

    public long voxelCount() {
        return grid.voxelCount();
    }

    public long dataBytes() {
        return voxelCount() * dataType.bytes();
    }

    /** Whether voxel values are rescaled by scl_slope/scl_inter (NIfTI: slope 0 means no scaling). */
    public boolean scaled() {
        return Double.isFinite(sclSlope) && sclSlope != 0 && Double.isFinite(sclInter)
                && !(sclSlope == 1 && sclInter == 0);
    }

    public SpatialHeader spatial() {
        return grid.header();
    }

    public Affine affine() {
        return grid.affine();
    }
}
