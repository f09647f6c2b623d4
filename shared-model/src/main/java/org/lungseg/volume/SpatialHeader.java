package org.lungseg.volume;

/**
 * The spatial fields of a NIfTI header exactly as a scan carried them (both transforms and their
 * codes), kept so that a mask written for the scan repeats them and overlays it in any viewer.
 * Scans that come from elsewhere (DICOM, phantoms, reorientation) get one built from their affine.
 *
 * @param qformCode  NIfTI qform_code (0 = none)
 * @param quatern    quatern_b, quatern_c, quatern_d
 * @param qoffset    qoffset_x, qoffset_y, qoffset_z
 * @param qfac       pixdim[0]: -1 or 1, the handedness of the qform
 * @param sformCode  NIfTI sform_code (0 = none)
 * @param srow       srow_x, srow_y, srow_z, row-major (12 values)
 * @param pixdim     pixdim[1..3], the voxel spacing as stored
 * @param spatialUnitMm millimetres per stored spatial unit (1 for mm, 1000 for metres)
 * @param niftiVersion  1 or 2, the NIfTI version the scan was stored in (1 for scans from
 *                      elsewhere): a mask for a NIfTI-2 scan is NIfTI-2 too, so its double-precision
 *                      transforms survive unrounded
 */
public record SpatialHeader(int qformCode, double[] quatern, double[] qoffset, double qfac,
                            int sformCode, double[] srow, double[] pixdim, double spatialUnitMm,
                            int niftiVersion) {

    public static final int CODE_SCANNER = 1;

    /** A header whose sform and qform (code "scanner anatomical") both describe {@code affine}. */
    public static SpatialHeader of(Affine affine) {
        Quaternion q = Quaternion.of(affine);
        return new SpatialHeader(CODE_SCANNER, new double[] {q.b(), q.c(), q.d()},
                new double[] {affine.get(0, 3), affine.get(1, 3), affine.get(2, 3)}, q.qfac(),
                CODE_SCANNER, affine.rows(), affine.spacing(), 1.0, 1);
    }
}
