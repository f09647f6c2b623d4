package org.lungseg.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Builds NIfTI files byte by byte, with any field set to any value, so tests can write both
 * valid scans and every kind of broken or hostile one.
 */
public final class TestNifti {

    private final int version;
    private final ByteOrder order;
    private final long[] dim = {3, 1, 1, 1, 1, 1, 1, 1};
    private int sizeofHdr;
    private int datatype = 4;
    private int bitpix = 16;
    private final double[] pixdim = {1, 1, 1, 1, 0, 0, 0, 0};
    private double voxOffset;
    private double sclSlope;
    private double sclInter;
    private int units = 2;
    private int qformCode;
    private int sformCode = 1;
    private final double[] quatern = new double[3];
    private final double[] qoffset = new double[3];
    private double[] srow = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    private String magic;
    private byte[] data = new byte[0];

    private TestNifti(int version, ByteOrder order) {
        this.version = version;
        this.order = order;
        this.sizeofHdr = version == 1 ? 348 : 540;
        this.voxOffset = version == 1 ? 352 : 544;
        this.magic = version == 1 ? "n+1" : "n+2";
    }

    public static TestNifti of(int version, ByteOrder order, long nx, long ny, long nz) {
        TestNifti t = new TestNifti(version, order);
        t.dim[1] = nx;
        t.dim[2] = ny;
        t.dim[3] = nz;
        return t;
    }

    /** A valid little-endian NIfTI-1 int16 scan of the given size filled with -1000 (air). */
    public static TestNifti int16(int nx, int ny, int nz) {
        return int16(1, ByteOrder.LITTLE_ENDIAN, nx, ny, nz);
    }

    /** A valid NIfTI-1 or NIfTI-2 int16 scan in either byte order, filled with -1000 (air). */
    public static TestNifti int16(int version, ByteOrder order, int nx, int ny, int nz) {
        ByteBuffer b = ByteBuffer.allocate(nx * ny * nz * 2).order(order);
        while (b.hasRemaining()) {
            b.putShort((short) -1000);
        }
        return of(version, order, nx, ny, nz).data(b.array());
    }

    public TestNifti dims(long... dims) {
        System.arraycopy(dims, 0, dim, 0, dims.length);
        return this;
    }

    public TestNifti sizeofHdr(int value) {
        sizeofHdr = value;
        return this;
    }

    public TestNifti datatype(int code, int bits) {
        datatype = code;
        bitpix = bits;
        return this;
    }

    public TestNifti pixdim(double qfac, double dx, double dy, double dz) {
        pixdim[0] = qfac;
        pixdim[1] = dx;
        pixdim[2] = dy;
        pixdim[3] = dz;
        return this;
    }

    public TestNifti voxOffset(double value) {
        voxOffset = value;
        return this;
    }

    public TestNifti scale(double slope, double inter) {
        sclSlope = slope;
        sclInter = inter;
        return this;
    }

    public TestNifti units(int code) {
        units = code;
        return this;
    }

    public TestNifti qformCode(int code) {
        qformCode = code;
        return this;
    }

    public TestNifti sformCode(int code) {
        sformCode = code;
        return this;
    }

    public TestNifti quatern(double b, double c, double d) {
        quatern[0] = b;
        quatern[1] = c;
        quatern[2] = d;
        return this;
    }

    public TestNifti qoffset(double x, double y, double z) {
        qoffset[0] = x;
        qoffset[1] = y;
        qoffset[2] = z;
        return this;
    }

    public TestNifti srow(double... rows12) {
        srow = rows12.clone();
        return this;
    }

    public TestNifti magic(String value) {
        magic = value;
        return this;
    }

    public TestNifti data(byte[] bytes) {
        data = bytes;
        return this;
    }

    public ByteBuffer header() {
        return version == 1 ? headerV1() : headerV2();
    }

    /** Header, padding up to vox_offset (when it lies past the header) and data. */
    public byte[] bytes() {
        ByteBuffer h = header();
        int pad = (int) Math.max(0, Math.min(voxOffset, 1 << 20) - h.capacity());
        ByteBuffer all = ByteBuffer.allocate(h.capacity() + pad + data.length);
        all.put(h.array()).put(new byte[pad]).put(data);
        return all.array();
    }

    public byte[] gzipped() {
        return gzip(bytes());
    }

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private ByteBuffer headerV1() {
        ByteBuffer h = ByteBuffer.allocate(348).order(order);
        h.putInt(0, sizeofHdr);
        for (int i = 0; i < 8; i++) {
            h.putShort(40 + 2 * i, (short) dim[i]);
        }
        h.putShort(70, (short) datatype);
        h.putShort(72, (short) bitpix);
        for (int i = 0; i < 8; i++) {
            h.putFloat(76 + 4 * i, (float) pixdim[i]);
        }
        h.putFloat(108, (float) voxOffset);
        h.putFloat(112, (float) sclSlope);
        h.putFloat(116, (float) sclInter);
        h.put(123, (byte) units);
        h.putShort(252, (short) qformCode);
        h.putShort(254, (short) sformCode);
        for (int i = 0; i < 3; i++) {
            h.putFloat(256 + 4 * i, (float) quatern[i]);
            h.putFloat(268 + 4 * i, (float) qoffset[i]);
        }
        for (int i = 0; i < 12; i++) {
            h.putFloat(280 + 4 * i, (float) srow[i]);
        }
        h.put(344, (magic + "\0").getBytes(StandardCharsets.US_ASCII), 0, Math.min(4, magic.length() + 1));
        return h;
    }

    private ByteBuffer headerV2() {
        ByteBuffer h = ByteBuffer.allocate(540).order(order);
        h.putInt(0, sizeofHdr);
        byte[] m = (magic + "\0\r\n\032\n").getBytes(StandardCharsets.ISO_8859_1);
        h.put(4, m, 0, Math.min(8, m.length));
        h.putShort(12, (short) datatype);
        h.putShort(14, (short) bitpix);
        for (int i = 0; i < 8; i++) {
            h.putLong(16 + 8 * i, dim[i]);
            h.putDouble(104 + 8 * i, pixdim[i]);
        }
        h.putLong(168, (long) voxOffset);
        h.putDouble(176, sclSlope);
        h.putDouble(184, sclInter);
        h.putInt(344, qformCode);
        h.putInt(348, sformCode);
        for (int i = 0; i < 3; i++) {
            h.putDouble(352 + 8 * i, quatern[i]);
            h.putDouble(376 + 8 * i, qoffset[i]);
        }
        for (int i = 0; i < 12; i++) {
            h.putDouble(400 + 8 * i, srow[i]);
        }
        h.putInt(500, units);
        return h;
    }
}
