package org.lungseg.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.lungseg.volume.Grid;
import org.lungseg.volume.IntensityRange;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.SpatialHeader;
import org.lungseg.volume.Volume;

/**
 * Writes NIfTI files ({@code .nii}, or gzip-compressed when the name ends in {@code .gz}),
 * little-endian. The grid's spatial header is repeated as it was read (sform, qform, their codes,
 * pixdim and units), so a mask opens on top of its scan in 3D Slicer or ITK-SNAP. The file is
 * NIfTI-1 unless the scan was NIfTI-2 (whose double-precision sform and qform NIfTI-1's floats
 * would round) or a dimension exceeds NIfTI-1's 32767; then it is NIfTI-2 (540-byte header,
 * voxels at byte 544).
 */
public final class NiftiWriter {

    private static final int HEADER_BYTES_V1 = 348;
    private static final int VOX_OFFSET_V1 = 352;
    private static final int HEADER_BYTES_V2 = 540;
    private static final int VOX_OFFSET_V2 = 544;
    private static final int CHUNK_VOXELS = 1 << 18;

    private NiftiWriter() {
    }

    /** A label map as uint8. */
    public static void write(LabelMap labels, Path path) {
        writeTo(path, out -> {
            out.write(header(labels.grid(), NiftiDataType.UINT8, "lungseg label map"));
            out.write(labels.labels());
        });
    }

    /** A scan as int16 when every value is a whole number that fits, else (NaN included) as float32. */
    public static void write(Volume volume, Path path) {
        IntensityRange range = IntensityRange.of(volume.voxels());
        // The range sees finite values only: a NaN written as int16 would come back as 0.
        boolean int16 = range.nonFiniteCount() == 0 && range.allIntegral() && range.min() >= Short.MIN_VALUE && range.max() <= Short.MAX_VALUE;
        writeTo(path, out -> {
            out.write(header(volume.grid(), int16 ? NiftiDataType.INT16 : NiftiDataType.FLOAT32, "lungseg"));
            writeVoxels(volume.voxels(), int16, out);
        });
    }

    /** The bytes of a file as {@link #write(LabelMap, Path)} would write it, for uploads and replies. */
    public static byte[] toBytes(LabelMap labels, boolean gzip) {
        var buffer = new java.io.ByteArrayOutputStream(labels.labels().length / (gzip ? 20 : 1) + VOX_OFFSET_V2);
        try (OutputStream out = gzip ? gzipStream(buffer) : buffer) {
            out.write(header(labels.grid(), NiftiDataType.UINT8, "lungseg label map"));
            out.write(labels.labels());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeTo(Path path, Body body) {
        boolean gzip = path.getFileName().toString().endsWith(".gz");
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
                 OutputStream out = gzip ? gzipStream(file) : file) {
                body.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Fastest deflate level: label maps and CT still compress several-fold and writing stays quick. */
    private static OutputStream gzipStream(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    private static void writeVoxels(float[] voxels, boolean int16, OutputStream out) throws IOException {
        int bytesPer = int16 ? 2 : 4;
        ByteBuffer bb = ByteBuffer.allocate(CHUNK_VOXELS * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < voxels.length; start += CHUNK_VOXELS) {
            int end = Math.min(voxels.length, start + CHUNK_VOXELS);
            bb.clear();
            for (int i = start; i < end; i++) {
                if (int16) {
                    bb.putShort((short) voxels[i]);
                } else {
                    bb.putFloat(voxels[i]);
                }
            }
            out.write(bb.array(), 0, bb.position());
        }
    }

    /** NIfTI-2 for a NIfTI-2 scan (its double-precision transforms kept exactly) or a grid too wide for NIfTI-1. */
    static boolean needsNifti2(Grid grid) {
        return grid.header().niftiVersion() == 2
                || grid.nx() > Short.MAX_VALUE || grid.ny() > Short.MAX_VALUE || grid.nz() > Short.MAX_VALUE;
    }

    static byte[] header(Grid grid, NiftiDataType type, String description) {
        return needsNifti2(grid) ? headerV2(grid, type, description) : headerV1(grid, type, description);
    }

    private static byte[] headerV1(Grid grid, NiftiDataType type, String description) {
        SpatialHeader s = grid.header();
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET_V1).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_BYTES_V1);
        short[] dim = {3, (short) grid.nx(), (short) grid.ny(), (short) grid.nz(), 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            h.putShort(40 + 2 * i, dim[i]);
        }
        h.putShort(70, (short) type.code);
        h.putShort(72, (short) type.bitpix);
        float[] pixdim = {(float) s.qfac(), (float) s.pixdim()[0], (float) s.pixdim()[1], (float) s.pixdim()[2], 0, 0, 0, 0};
        for (int i = 0; i < 8; i++) {
            h.putFloat(76 + 4 * i, pixdim[i]);
        }
        h.putFloat(108, VOX_OFFSET_V1);
        h.putFloat(112, 1f);
        h.putFloat(116, 0f);
        h.put(123, (byte) unitsCode(s.spatialUnitMm()));
        putDescription(h, 148, description);
        h.putShort(252, (short) s.qformCode());
        h.putShort(254, (short) s.sformCode());
        for (int i = 0; i < 3; i++) {
            h.putFloat(256 + 4 * i, (float) s.quatern()[i]);
            h.putFloat(268 + 4 * i, (float) s.qoffset()[i]);
        }
        for (int i = 0; i < 12; i++) {
            h.putFloat(280 + 4 * i, (float) s.srow()[i]);
        }
        h.put(344, "n+1\0".getBytes(StandardCharsets.US_ASCII));
        return h.array();
    }

    /** The NIfTI-2 layout: the same fields as NIfTI-1 as int64 dims and double transforms, reordered. */
    private static byte[] headerV2(Grid grid, NiftiDataType type, String description) {
        SpatialHeader s = grid.header();
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET_V2).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_BYTES_V2);
        h.put(4, "n+2\0\r\n\032\n".getBytes(StandardCharsets.ISO_8859_1));
        h.putShort(12, (short) type.code);
        h.putShort(14, (short) type.bitpix);
        long[] dim = {3, grid.nx(), grid.ny(), grid.nz(), 1, 1, 1, 1};
        double[] pixdim = {s.qfac(), s.pixdim()[0], s.pixdim()[1], s.pixdim()[2], 0, 0, 0, 0};
        for (int i = 0; i < 8; i++) {
            h.putLong(16 + 8 * i, dim[i]);
            h.putDouble(104 + 8 * i, pixdim[i]);
        }
        h.putLong(168, VOX_OFFSET_V2);
        h.putDouble(176, 1.0);
        h.putDouble(184, 0.0);
        putDescription(h, 240, description);
        h.putInt(344, s.qformCode());
        h.putInt(348, s.sformCode());
        for (int i = 0; i < 3; i++) {
            h.putDouble(352 + 8 * i, s.quatern()[i]);
            h.putDouble(376 + 8 * i, s.qoffset()[i]);
        }
        for (int i = 0; i < 12; i++) {
            h.putDouble(400 + 8 * i, s.srow()[i]);
        }
        h.putInt(500, unitsCode(s.spatialUnitMm()));
        return h.array();
    }

    private static void putDescription(ByteBuffer h, int offset, String description) {
        byte[] descrip = description.getBytes(StandardCharsets.US_ASCII);
        h.put(offset, descrip, 0, Math.min(descrip.length, 79));
    }

    private static int unitsCode(double unitMm) {
        if (unitMm == 1000.0) {
            return 1;
        }
        return unitMm == 0.001 ? 3 : 2;
    }
}
