package org.lungseg.nifti;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.Quaternion;
import org.lungseg.volume.SpatialHeader;

/**
 * Parses a NIfTI-1 or NIfTI-2 header and checks it describes a readable 3D scan that the file can
 * back, leaving the stream at the first voxel.
 */
final class NiftiHeaderParser {

    private final String name;
    private final long maxFileBytes;
    private final boolean gzip;
    private final long maxVoxels;

    /**
     * @param maxFileBytes the most uncompressed bytes the source could hold (its length, or its
     *                     length times deflate's maximum ratio for gzip)
     */
    NiftiHeaderParser(String name, long maxFileBytes, boolean gzip, long maxVoxels) {
        this.name = name;
        this.maxFileBytes = maxFileBytes;
        this.gzip = gzip;
        this.maxVoxels = maxVoxels;
    }

    private InvalidScanException bad(String message) {
        return new InvalidScanException(name + ": " + message);
    }

    NiftiHeader parse(InputStream in) throws IOException {
        byte[] first = in.readNBytes(4);
        if (first.length < 4) {
            throw bad("too short to be a NIfTI file (" + first.length + " bytes)");
        }
        int le = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int be = ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN).getInt();
        ByteOrder order;
        int size;
        if (le == 348 || le == 540) {
            order = ByteOrder.LITTLE_ENDIAN;
            size = le;
        } else if (be == 348 || be == 540) {
            order = ByteOrder.BIG_ENDIAN;
            size = be;
        } else {
            throw bad("not a NIfTI file (sizeof_hdr is " + le + ", expected 348 for NIfTI-1 or 540 for NIfTI-2)");
        }
        byte[] rest = in.readNBytes(size - 4);
        if (rest.length < size - 4) {
            throw bad("truncated header (" + (rest.length + 4) + " of " + size + " bytes)");
        }
        ByteBuffer h = ByteBuffer.allocate(size).order(order).put(first).put(rest);
        h.flip();
        NiftiHeader header = size == 348 ? parseV1(h, order) : parseV2(h, order);
        skipFully(in, header.voxOffset() - size);
        return header;
    }

    private void skipFully(InputStream in, long n) throws IOException {
        long skipped = 0;
        byte[] scratch = new byte[8192];
        while (skipped < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                throw bad("truncated before the voxel data (vox_offset " + n + " bytes past the header)");
            }
            skipped += r;
        }
    }

    private NiftiHeader parseV1(ByteBuffer h, ByteOrder order) {
        String magic = ascii(h, 344, 4);
        if (magic.equals("ni1")) {
            throw bad("a NIfTI-1 header for a separate .img file (.hdr/.img pair); store the scan as one .nii or .nii.gz");
        }
        if (!magic.equals("n+1")) {
            throw bad("no NIfTI magic (found \"" + printable(magic) + "\"): an ANALYZE 7.5 or damaged header");
        }
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = h.getShort(40 + 2 * i);
        }
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = h.getFloat(76 + 4 * i);
        }
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) {
            srow[i] = h.getFloat(280 + 4 * i);
        }
        return build(1, order, dim, h.getShort(70), h.getShort(72), pixdim, h.getFloat(108),
                h.getFloat(112), h.getFloat(116), h.get(123) & 0xff, h.getShort(252), h.getShort(254),
                new double[] {h.getFloat(256), h.getFloat(260), h.getFloat(264)},
                new double[] {h.getFloat(268), h.getFloat(272), h.getFloat(276)}, srow, ascii(h, 148, 80));
    }

    private NiftiHeader parseV2(ByteBuffer h, ByteOrder order) {
        String magic = ascii(h, 4, 3);
        if (magic.equals("ni2")) {
            throw bad("a NIfTI-2 header for a separate .img file (.hdr/.img pair); store the scan as one .nii or .nii.gz");
        }
        if (!magic.equals("n+2")) {
            throw bad("no NIfTI-2 magic (found \"" + printable(magic) + "\")");
        }
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = h.getLong(16 + 8 * i);
        }
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = h.getDouble(104 + 8 * i);
        }
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) {
            srow[i] = h.getDouble(400 + 8 * i);
        }
        return build(2, order, dim, h.getShort(12), h.getShort(14), pixdim, h.getLong(168),
                h.getDouble(176), h.getDouble(184), h.getInt(500), h.getInt(344), h.getInt(348),
                new double[] {h.getDouble(352), h.getDouble(360), h.getDouble(368)},
                new double[] {h.getDouble(376), h.getDouble(384), h.getDouble(392)}, srow, ascii(h, 240, 80));
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private NiftiHeader build(int version, ByteOrder order, long[] dim, int datatype, int bitpix,
                              double[] pixdim, double voxOffset, double sclSlope, double sclInter,
                              int xyztUnits, int qformCode, int sformCode, double[] quatern,
                              double[] qoffset, double[] srow, String description) {
        int rank = (int) dim[0];
        if (dim[0] < 1 || dim[0] > 7) {
            throw bad("dim[0] is " + dim[0] + ", but a NIfTI image has 1 to 7 dimensions");
        }
        for (int i = 1; i <= rank; i++) {
            if (dim[i] < 1) {
                throw bad("dimension " + i + " is " + dim[i] + "; every dimension must be at least 1");
            }
        }
        if (rank < 3) {
            throw bad("a " + rank + "D image (" + dimsText(dim, rank) + "); a 3D CT scan is needed");
        }
        long extra = 1;
        for (int i = 4; i <= rank; i++) {
            if (extra > Long.MAX_VALUE / dim[i]) { // NIfTI-2's int64 dims can multiply past a long
                throw bad("a " + rank + "D image (" + dimsText(dim, rank) + ") declares more than "
                        + Long.MAX_VALUE + " volumes; a single 3D scan is needed");
            }
            extra *= dim[i];
        }
        if (extra > 1) {
            throw bad("a " + rank + "D image (" + dimsText(dim, rank) + ", " + extra
                    + " volumes); a single 3D scan is needed");
        }
        NiftiDataType type = NiftiDataType.ofCode(datatype).orElseThrow(() -> bad("unsupported datatype "
                + NiftiDataType.describeUnsupported(datatype)
                + "; lungseg reads uint8, int8, int16, uint16, int32, uint32, float32 and float64"));
        if (bitpix != type.bitpix) {
            throw bad("bitpix is " + bitpix + " but datatype " + type.name().toLowerCase() + " has "
                    + type.bitpix + " bits per voxel");
        }
        long voxels = capVoxels(dim);
        long headerSize = version == 1 ? 348 : 540;
        if (!(voxOffset >= headerSize) || voxOffset != Math.rint(voxOffset) || voxOffset > maxFileBytes) {
            throw bad("vox_offset " + voxOffset + " lies outside the file (the header ends at byte "
                    + headerSize + ", the file holds " + (gzip ? "at most " : "") + maxFileBytes + " bytes)");
        }
        long dataBytes = voxels * type.bytes();
        if ((long) voxOffset + dataBytes > maxFileBytes) {
            throw bad("declares " + dimsText(dim, 3) + " " + type.name().toLowerCase() + " voxels ("
                    + dataBytes + " bytes) but the file " + (gzip ? "could hold at most " : "holds only ")
                    + Math.max(0, maxFileBytes - (long) voxOffset) + " bytes of voxel data: truncated or wrong dimensions");
        }
        double unitMm = switch (xyztUnits & 7) {
            case 1 -> 1000.0; // metres
            case 3 -> 0.001;  // micrometres
            default -> 1.0;   // millimetres, or unknown (NIfTI readers assume mm)
        };
        double qfac = pixdim[0] < 0 ? -1 : 1;
        Affine stored;
        String affineSource;
        if (sformCode > 0) {
            stored = Affine.ofRows(srow);
            affineSource = "sform";
        } else if (qformCode > 0) {
            requirePositiveSpacing(pixdim, "qform");
            stored = new Quaternion(quatern[0], quatern[1], quatern[2], qfac)
                    .toAffine(qoffset, new double[] {pixdim[1], pixdim[2], pixdim[3]});
            affineSource = "qform";
        } else {
            requirePositiveSpacing(pixdim, "pixdim");
            stored = Affine.ofSpacing(pixdim[1], pixdim[2], pixdim[3], 0, 0, 0);
            affineSource = "pixdim";
        }
        if (!stored.isFinite()) {
            throw bad("the " + affineSource + " holds NaN or infinite values " + Arrays.toString(stored.rows()));
        }
        Affine affine = scale(stored, unitMm);
        for (int axis = 0; axis < 3; axis++) {
            if (!(affine.spacing(axis) > 1e-6)) {
                throw bad("zero voxel spacing along axis " + (axis + 1) + " in the " + affineSource);
            }
        }
        double det = Math.abs(affine.determinant3());
        if (det < 1e-9 * affine.spacing(0) * affine.spacing(1) * affine.spacing(2)) {
            throw bad("the " + affineSource + " is singular: its voxel axes are not independent");
        }
        SpatialHeader spatial = new SpatialHeader(qformCode, quatern, qoffset, qfac, sformCode, srow,
                new double[] {pixdim[1], pixdim[2], pixdim[3]}, unitMm, version);
        Grid grid = new Grid((int) dim[1], (int) dim[2], (int) dim[3], affine, spatial);
        return new NiftiHeader(version, order, grid, affineSource, type, (long) voxOffset, sclSlope,
                sclInter, description);
    }

    private long capVoxels(long[] dim) {
        long voxels = 1;
        for (int i = 1; i <= 3; i++) {
            if (dim[i] > maxVoxels) {
                voxels = Long.MAX_VALUE;
                break;
            }
            voxels *= dim[i]; // each factor <= maxVoxels, and we stop as soon as the product passes it
            if (voxels > maxVoxels) {
                break;
            }
        }
        if (voxels > maxVoxels) {
            throw bad("declares " + dimsText(dim, 3) + " voxels, above the limit of " + maxVoxels
                    + " voxels (raise it with --max-voxels / lungseg.max-voxels if this is a real scan)");
        }
        return voxels;
    }

    private void requirePositiveSpacing(double[] pixdim, String source) {
        for (int i = 1; i <= 3; i++) {
            if (!(pixdim[i] > 0) || !Double.isFinite(pixdim[i])) {
                throw bad("zero, negative or non-finite voxel spacing pixdim[" + i + "] = " + pixdim[i]
                        + " (geometry from the " + source + ")");
            }
        }
    }

    private static Affine scale(Affine a, double factor) {
        if (factor == 1.0) {
            return a;
        }
        double[] r = a.rows();
        for (int i = 0; i < r.length; i++) {
            r[i] *= factor;
        }
        return Affine.ofRows(r);
    }

    private static String dimsText(long[] dim, int rank) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= rank; i++) {
            sb.append(i > 1 ? "x" : "").append(dim[i]);
        }
        return sb.toString();
    }

    private static String ascii(ByteBuffer h, int offset, int length) {
        byte[] b = new byte[length];
        h.get(offset, b);
        int end = 0;
        while (end < length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
