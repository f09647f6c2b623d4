package org.lungseg.nifti;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

class NiftiRoundTripTest {

    @TempDir
    Path dir;

    private static final Affine LPS = Affine.ofRows(-0.7, 0, 0, 120, 0, -0.7, 0, 95, 0, 0, 2.5, -300);

    @ParameterizedTest
    @ValueSource(strings = {"mask.nii", "mask.nii.gz"})
    void labelMapRoundTripKeepsLabelsAndGeometry(String name) {
        Grid grid = new Grid(7, 5, 3, LPS);
        byte[] labels = new byte[105];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 4);
        }
        Path file = dir.resolve(name);
        NiftiWriter.write(new LabelMap(grid, labels), file);

        LabelMap back = NiftiReader.readLabels(file);
        assertThat(back.labels()).isEqualTo(labels);
        assertThat(back.grid().sameGeometry(grid, 1e-4)).isTrue();
        assertThat(back.grid().orientation()).hasToString("LPS");
    }

    @Test
    void volumeWithWholeValuesIsStoredAsInt16AndOthersAsFloat32() {
        Grid grid = new Grid(4, 4, 4, LPS);
        float[] hu = new float[64];
        float[] fractional = new float[64];
        for (int i = 0; i < 64; i++) {
            hu[i] = -1024 + 37 * i;
            fractional[i] = 0.25f * i - 3;
        }
        Path a = dir.resolve("hu.nii.gz");
        Path b = dir.resolve("frac.nii");
        NiftiWriter.write(new Volume(grid, hu), a);
        NiftiWriter.write(new Volume(grid, fractional), b);

        NiftiReader reader = new NiftiReader();
        assertThat(reader.readHeader(a).dataType()).isEqualTo(NiftiDataType.INT16);
        assertThat(reader.readHeader(b).dataType()).isEqualTo(NiftiDataType.FLOAT32);
        assertThat(NiftiReader.read(a).voxels()).containsExactly(hu);
        assertThat(NiftiReader.read(b).voxels()).containsExactly(fractional);

        // NaN is no whole number: a scan of it (a broken float export) keeps its NaN, which the reader
        // then reports and reads as air, rather than turning into zeros (water) on the way.
        float[] nan = new float[64];
        java.util.Arrays.fill(nan, Float.NaN);
        nan[3] = -1000;
        Path c = dir.resolve("nan.nii");
        NiftiWriter.write(new Volume(grid, nan), c);
        assertThat(reader.readHeader(c).dataType()).isEqualTo(NiftiDataType.FLOAT32);
        assertThat(NiftiReader.read(c).warnings()).containsExactly(
                "63 voxels were NaN or infinite and were set to air (-1000)");
    }

    /** Every datatype in both byte orders, NIfTI-1 and NIfTI-2, with scaling: decoded values match. */
    @ParameterizedTest
    @EnumSource(NiftiDataType.class)
    void everyDatatypeAndByteOrderDecodes(NiftiDataType type) throws Exception {
        Random random = new Random(type.code);
        double[] values = new double[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (type) {
                case UINT8 -> random.nextInt(256);
                case INT8 -> random.nextInt(256) - 128;
                case INT16 -> random.nextInt(65536) - 32768;
                case UINT16 -> random.nextInt(65536);
                case INT32 -> random.nextInt();
                case UINT32 -> random.nextInt() & 0xffffffffL;
                case FLOAT32 -> (float) (random.nextGaussian() * 500);
                case FLOAT64 -> random.nextGaussian() * 500;
            };
        }
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (int version : new int[] {1, 2}) {
                TestNifti nifti = TestNifti.of(version, order, 2, 3, 4).datatype(type.code, type.bitpix)
                        .scale(2.0, -1024).data(encode(values, type, order));
                Volume v = NiftiReader.read(nifti.bytes(), "t.nii");
                for (int i = 0; i < values.length; i++) {
                    assertThat(v.voxels()[i]).as("%s %s v%d voxel %d", type, order, version, i)
                            .isEqualTo((float) ((float) values[i] * 2.0f - 1024f), org.assertj.core.data.Offset.offset(Math.abs((float) values[i]) * 1e-6f + 1e-3f));
                }
            }
        }
    }

    @Test
    void qformIsUsedWhenSformIsAbsentAndMetresAreConverted() {
        TestNifti nifti = TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, 2, 2, 2).sformCode(0).qformCode(1)
                .pixdim(-1, 0.002, 0.002, 0.005).units(1).data(new byte[16]);
        Grid grid = NiftiReader.read(nifti.bytes(), "q.nii").grid();
        // identity rotation with qfac -1: k points inferior; metres -> mm
        assertThat(grid.spacing()).containsExactly(new double[] {2, 2, 5}, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(grid.orientation()).hasToString("RAI");
    }

    /** Both transforms set and different: the standard's order puts the sform first. */
    @Test
    void sformIsPreferredOverADifferentQform() {
        double[] srow = {-0.75, 0, 0, 100, 0, -0.75, 0, 80, 0, 0, 2.5, -50};
        TestNifti nifti = TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, 2, 2, 2).sformCode(1).srow(srow)
                .qformCode(1).pixdim(1, 0.75, 0.75, 2.5).quatern(1, 0, 0).qoffset(5, 6, 7).data(new byte[16]);
        NiftiHeader header = new NiftiReader().readHeader(nifti.bytes(), "both.nii");

        assertThat(header.affineSource()).isEqualTo("sform");
        assertThat(header.affine().rows()).containsExactly(srow);
        assertThat(header.grid().orientation()).hasToString("LPS");
        // the qform (180 degrees about x) would have given RPI at another origin
        assertThat(header.spatial().qformCode()).isEqualTo(1);
        assertThat(header.spatial().quatern()).containsExactly(1, 0, 0);
    }

    /**
     * qform only, quatern (b, c, d) = (0, 0, 1): a = sqrt(1 - b^2 - c^2 - d^2) = 0, and the rotation
     * matrix of (a, b, c, d) is [[a2+b2-c2-d2, 2(bc-ad), 2(bd+ac)], [2(bc+ad), a2+c2-b2-d2, 2(cd-ab)],
     * [2(bd-ac), 2(cd+ab), a2+d2-b2-c2]] = diag(-1, -1, 1): 180 degrees about z. Columns scale by
     * pixdim (k also by qfac), then the qoffset: i runs to patient left, j posterior, k superior (or
     * inferior when qfac is -1).
     */
    @ParameterizedTest
    @CsvSource({"1, LPS", "-1, LPI"})
    void qformOnlyWithA180DegreeRotationGivesTheHandComputedAffine(double qfac, String orientation) {
        TestNifti nifti = TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, 2, 2, 2).sformCode(0).qformCode(1)
                .pixdim(qfac, 0.75, 0.5, 2.5).quatern(0, 0, 1).qoffset(100, 80, -50).data(new byte[16]);
        NiftiHeader header = new NiftiReader().readHeader(nifti.bytes(), "q.nii");

        double[] expected = {-0.75, 0, 0, 100, 0, -0.5, 0, 80, 0, 0, 2.5 * qfac, -50};
        assertThat(header.affineSource()).isEqualTo("qform");
        assertThat(header.affine().rows()).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(header.grid().orientation()).hasToString(orientation);
    }

    @Test
    void writerKeepsTheInputsSformAndQformExactly() throws Exception {
        TestNifti nifti = TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, 3, 3, 3).qformCode(1).sformCode(2)
                .pixdim(-1, 1.5, 1.5, 3).quatern(0, 1, 0).qoffset(10, 20, 30)
                .srow(-1.5, 0, 0, 11, 0, -1.5, 0, 22, 0, 0, 3, 33).data(new byte[54]);
        Volume scan = NiftiReader.read(nifti.bytes(), "s.nii");
        Path out = dir.resolve("mask.nii.gz");
        NiftiWriter.write(LabelMap.empty(scan.grid()), out);

        ByteBuffer in = nifti.header();
        ByteBuffer written = ByteBuffer.wrap(new GZIPInputStream(Files.newInputStream(out)).readNBytes(348))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(written.getShort(252)).isEqualTo(in.getShort(252));
        assertThat(written.getShort(254)).isEqualTo(in.getShort(254));
        for (int offset = 256; offset < 328; offset += 4) { // quatern, qoffset, srow
            assertThat(written.getFloat(offset)).as("byte %d", offset).isEqualTo(in.getFloat(offset));
        }
        for (int i = 0; i < 4; i++) { // qfac and spacing
            assertThat(written.getFloat(76 + 4 * i)).isEqualTo(in.getFloat(76 + 4 * i));
        }
    }

    /** A NIfTI-2 scan (either byte order) gets a NIfTI-2 mask that the reader reads back to the same labels and grid. */
    @ParameterizedTest
    @CsvSource({"mask.nii, LITTLE_ENDIAN", "mask.nii.gz, LITTLE_ENDIAN", "mask.nii, BIG_ENDIAN", "mask.nii.gz, BIG_ENDIAN"})
    void nifti2LabelMapRoundTripsAsNifti2(String name, String byteOrder) throws Exception {
        ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        TestNifti scan = TestNifti.of(2, order, 7, 5, 3).datatype(2, 8).pixdim(1, 0.7, 0.7, 2.5)
                .srow(-0.7, 0, 0, 120, 0, -0.7, 0, 95, 0, 0, 2.5, -300).data(new byte[105]);
        Grid grid = NiftiReader.read(scan.bytes(), "scan.nii").grid();
        byte[] labels = new byte[105];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 4);
        }
        Path file = dir.resolve(name);
        NiftiWriter.write(new LabelMap(grid, labels), file);

        ByteBuffer raw = writtenHeader(file, 8);
        assertThat(raw.getInt(0)).isEqualTo(540);
        assertThat(new String(raw.array(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("n+2\0");
        NiftiHeader header = new NiftiReader().readHeader(file);
        assertThat(header.version()).isEqualTo(2);
        assertThat(header.voxOffset()).isEqualTo(544);
        LabelMap back = NiftiReader.readLabels(file);
        assertThat(back.labels()).isEqualTo(labels);
        assertThat(back.grid().affine().rows()).containsExactly(grid.affine().rows());
        assertThat(back.grid().orientation()).hasToString("LPS");
    }

    /** Transforms that a float cannot hold: the mask of a NIfTI-2 scan repeats them bit for bit. */
    @Test
    void nifti2ScansDoublePrecisionSformAndQformAreKeptBitIdentical() throws Exception {
        double[] srow = {-0.7031250000001, 1e-9, 0, 120.123456789012345, 0, -0.7031250000001, 0, 95.3333333333333,
            0, 0, 2.5000000000001, -300.1234567890123};
        TestNifti scan = TestNifti.of(2, ByteOrder.LITTLE_ENDIAN, 3, 3, 3).datatype(2, 8).qformCode(1).sformCode(1)
                .pixdim(1, 0.7031250000001, 0.7031250000001, 2.5000000000001).quatern(0, 0, 1)
                .qoffset(120.123456789012345, 95.3333333333333, -300.1234567890123).srow(srow).data(new byte[27]);
        assertThat((double) (float) srow[3]).as("float cannot hold it").isNotEqualTo(srow[3]);
        Volume v = NiftiReader.read(scan.bytes(), "scan.nii");
        Path out = dir.resolve("mask.nii.gz");
        NiftiWriter.write(LabelMap.empty(v.grid()), out);

        ByteBuffer in = scan.header();
        ByteBuffer written = writtenHeader(out, 540);
        for (int offset = 352; offset < 496; offset += 8) { // quatern, qoffset, srow
            assertThat(Double.doubleToRawLongBits(written.getDouble(offset))).as("byte %d", offset)
                    .isEqualTo(Double.doubleToRawLongBits(in.getDouble(offset)));
        }
        for (int offset = 104; offset < 136; offset += 8) { // qfac and spacing
            assertThat(written.getDouble(offset)).as("byte %d", offset).isEqualTo(in.getDouble(offset));
        }
        assertThat(written.getInt(344)).isEqualTo(1);
        assertThat(written.getInt(348)).isEqualTo(1);
        assertThat(NiftiReader.readLabels(out).grid().affine().rows()).containsExactly(v.grid().affine().rows());
    }

    @Test
    void aDimensionBeyondNifti1sLimitIsWrittenAsNifti2() {
        Grid wide = new Grid(40_000, 1, 2, LPS);
        Path file = dir.resolve("wide.nii.gz");
        NiftiWriter.write(LabelMap.empty(wide), file);

        NiftiHeader header = new NiftiReader().readHeader(file);
        assertThat(header.version()).isEqualTo(2);
        assertThat(header.grid().dimsText()).isEqualTo("40000x1x2");
    }

    @Test
    void aNifti1ScanStillGetsANifti1Mask() {
        Path file = dir.resolve("mask.nii");
        NiftiWriter.write(LabelMap.empty(new Grid(4, 4, 4, LPS)), file);
        assertThat(new NiftiReader().readHeader(file).version()).isEqualTo(1);
    }

    /** The first bytes of a written file, decompressed when gzip, little-endian. */
    private static ByteBuffer writtenHeader(Path file, int bytes) throws Exception {
        try (var in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return ByteBuffer.wrap(in.readNBytes(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static byte[] encode(double[] values, NiftiDataType type, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(values.length * type.bytes()).order(order);
        for (double v : values) {
            switch (type) {
                case UINT8, INT8 -> b.put((byte) (long) v);
                case INT16, UINT16 -> b.putShort((short) (long) v);
                case INT32, UINT32 -> b.putInt((int) (long) v);
                case FLOAT32 -> b.putFloat((float) v);
                case FLOAT64 -> b.putDouble(v);
            }
        }
        return b.array();
    }
}
