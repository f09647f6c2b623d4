package org.lungseg.nifti;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.lungseg.volume.InvalidScanException;

/**
 * Turns a NIfTI voxel stream of any supported datatype and byte order into float values, chunk by
 * chunk, applying scl_slope/scl_inter. Reads exactly the declared number of bytes and no more.
 */
final class VoxelDecoder {

    private static final int CHUNK_BYTES = 1 << 20;

    private final String name;
    private final NiftiHeader header;

    VoxelDecoder(String name, NiftiHeader header) {
        this.name = name;
        this.header = header;
    }

    /** Decodes all voxels into {@code target}, which holds exactly the declared voxel count. */
    void decodeInto(InputStream in, float[] target) throws IOException {
        read(in, target, true, null);
    }

    /** Decodes all voxels through {@code sink}, {@code chunk.length} values at a time. */
    void decode(InputStream in, NiftiReader.VoxelVisitor sink, float[] chunk) throws IOException {
        read(in, chunk, false, sink);
    }

    private void read(InputStream in, float[] dst, boolean whole, NiftiReader.VoxelVisitor sink) throws IOException {
        int size = header.dataType().bytes();
        long remaining = header.dataBytes();
        int chunkBytes = whole ? CHUNK_BYTES : Math.min(CHUNK_BYTES, dst.length * size);
        byte[] raw = new byte[(int) Math.min(chunkBytes, remaining)];
        int voxel = 0;
        while (remaining > 0) {
            int want = (int) Math.min(raw.length, remaining);
            int got = in.readNBytes(raw, 0, want);
            if (got < want) {
                long read = header.dataBytes() - remaining + got;
                throw new InvalidScanException(name + ": truncated voxel data: the header declares "
                        + header.dataBytes() + " bytes (" + header.grid().dimsText() + " "
                        + header.dataType().name().toLowerCase() + "), the file holds " + read);
            }
            int count = want / size;
            int offset = whole ? voxel : 0;
            convert(raw, want, dst, offset);
            scale(dst, offset, count);
            if (sink != null) {
                sink.accept(dst, count);
            }
            voxel += count;
            remaining -= want;
        }
    }

    private void scale(float[] dst, int offset, int count) {
        if (!header.scaled()) {
            return;
        }
        float slope = (float) header.sclSlope();
        float inter = (float) header.sclInter();
        for (int i = offset; i < offset + count; i++) {
            dst[i] = dst[i] * slope + inter;
        }
    }

    private void convert(byte[] raw, int length, float[] dst, int off) {
        ByteBuffer bb = ByteBuffer.wrap(raw, 0, length).order(header.byteOrder());
        switch (header.dataType()) {
            case UINT8 -> {
                for (int i = 0; i < length; i++) {
                    dst[off + i] = raw[i] & 0xff;
                }
            }
            case INT8 -> {
                for (int i = 0; i < length; i++) {
                    dst[off + i] = raw[i];
                }
            }
            case INT16 -> {
                short[] s = new short[length / 2];
                bb.asShortBuffer().get(s);
                for (int i = 0; i < s.length; i++) {
                    dst[off + i] = s[i];
                }
            }
            case UINT16 -> {
                short[] s = new short[length / 2];
                bb.asShortBuffer().get(s);
                for (int i = 0; i < s.length; i++) {
                    dst[off + i] = s[i] & 0xffff;
                }
            }
            case INT32 -> {
                int[] v = new int[length / 4];
                bb.asIntBuffer().get(v);
                for (int i = 0; i < v.length; i++) {
                    dst[off + i] = v[i];
                }
            }
            case UINT32 -> {
                int[] v = new int[length / 4];
                bb.asIntBuffer().get(v);
                for (int i = 0; i < v.length; i++) {
                    dst[off + i] = v[i] & 0xffffffffL;
                }
            }
            case FLOAT32 -> bb.asFloatBuffer().get(dst, off, length / 4);
            case FLOAT64 -> {
                double[] d = new double[length / 8];
                bb.asDoubleBuffer().get(d);
                for (int i = 0; i < d.length; i++) {
                    dst[off + i] = (float) d[i];
                }
            }
        }
    }
}
