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
 * Writes NIfTI-1 files ({@code .nii}, or gzip-compressed when the name ends in {@code .gz}).
 * The grid's spatial header is repeated as it was read (sform, qform, their codes, pixdim and
 * units), so a mask opens on top of its scan in 3D Slicer or ITK-SNAP.
 */
public final class NiftiWriter {

    private static final int HEADER_BYTES = 348;
    private static final int VOX_OFFSET = 352;
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

    /** A scan as int16 when every value is a whole number that fits, else as float32. */
    public static void write(Volume volume, Path path) {
        IntensityRange range = IntensityRange.of(volume.voxels());
        boolean int16 = range.allIntegral() && range.min() >= Short.MIN_VALUE && range.max() <= Short.MAX_VALUE;
        writeTo(path, out -> {
            out.write(header(volume.grid(), int16 ? NiftiDataType.INT16 : NiftiDataType.FLOAT32, "lungseg"));
            writeVoxels(volume.voxels(), int16, out);
        });
    }

    /** The bytes of a file as {@link #write(LabelMap, Path)} would write it, for uploads and replies. */
    public static byte[] toBytes(LabelMap labels, boolean gzip) {
        var buffer = new java.io.ByteArrayOutputStream(labels.labels().length / (gzip ? 20 : 1) + VOX_OFFSET);
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

    static byte[] header(Grid grid, NiftiDataType type, String description) {
        SpatialHeader s = grid.header();
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_BYTES);
        short[] dim = {3, (short) grid.nx(), (short) grid.ny(), (short) grid.nz(), 1, 1, 1, 1};
        if (grid.nx() > Short.MAX_VALUE || grid.ny() > Short.MAX_VALUE || grid.nz() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("NIfTI-1 dimensions are limited to 32767: " + grid.dimsText());
        }
        for (int i = 0; i < 8; i++) {
            h.putShort(40 + 2 * i, dim[i]);
        }
        h.putShort(70, (short) type.code);
        h.putShort(72, (short) type.bitpix);
        float[] pixdim = {(float) s.qfac(), (float) s.pixdim()[0], (float) s.pixdim()[1], (float) s.pixdim()[2], 0, 0, 0, 0};
        for (int i = 0; i < 8; i++) {
            h.putFloat(76 + 4 * i, pixdim[i]);
        }
        h.putFloat(108, VOX_OFFSET);
        h.putFloat(112, 1f);
        h.putFloat(116, 0f);
        h.put(123, (byte) unitsCode(s.spatialUnitMm()));
        byte[] descrip = description.getBytes(StandardCharsets.US_ASCII);
        h.put(148, descrip, 0, Math.min(descrip.length, 79));
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

    private static int unitsCode(double unitMm) {
        if (unitMm == 1000.0) {
            return 1;
        }
        return unitMm == 0.001 ? 3 : 2;
    }
}
