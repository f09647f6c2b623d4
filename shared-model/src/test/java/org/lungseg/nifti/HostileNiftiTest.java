package org.lungseg.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.Volume;

/**
 * Malformed and hostile files, each written by the test: every one gets an InvalidScanException
 * whose message names the file and the problem, and nothing is allocated beyond what the file can back.
 */
class HostileNiftiTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private void assertRefused(String name, byte[] bytes, String... messageParts) throws IOException {
        Path p = file(name, bytes);
        assertThatThrownBy(() -> NiftiReader.read(p))
                .isInstanceOf(InvalidScanException.class)
                .hasMessageStartingWith(name + ": ")
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void emptyFile() throws IOException {
        assertRefused("empty.nii", new byte[0], "empty");
    }

    @Test
    void notANifti() throws IOException {
        assertRefused("notes.nii", "Patient notes, not a scan at all.".getBytes(), "not a NIfTI file");
        assertRefused("dicom.nii.gz", TestNifti.gzip(new byte[600]), "not a NIfTI file");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] whole = TestNifti.int16(4, 4, 4).bytes();
        assertRefused("short.nii", Arrays.copyOf(whole, 200), "truncated header", "200 of 348");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] whole = TestNifti.int16(16, 16, 16).bytes();
        assertRefused("cut.nii", Arrays.copyOf(whole, whole.length - 100), "truncated or wrong dimensions");
        byte[] gz = TestNifti.gzip(Arrays.copyOf(whole, whole.length - 100));
        assertRefused("cut.nii.gz", gz, "truncated voxel data");
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] gz = TestNifti.int16(32, 32, 32).gzipped();
        assertRefused("cut-gzip.nii.gz", Arrays.copyOf(gz, gz.length / 2), "truncated gzip");
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = TestNifti.int16(32, 32, 32).gzipped();
        for (int i = 20; i < 60; i++) {
            gz[i] = (byte) 0xff;
        }
        assertRefused("corrupt.nii.gz", gz, "gzip");
    }

    @Test
    void badSizeofHdr() throws IOException {
        assertRefused("size.nii", TestNifti.int16(4, 4, 4).sizeofHdr(349).bytes(), "sizeof_hdr is 349");
    }

    @Test
    void dim0OutsideOneToSeven() throws IOException {
        assertRefused("dim0.nii", TestNifti.int16(4, 4, 4).dims(8).bytes(), "dim[0] is 8");
        assertRefused("dim0neg.nii", TestNifti.int16(4, 4, 4).dims(-3).bytes(), "dim[0] is -3");
    }

    @Test
    void zeroOrNegativeDims() throws IOException {
        assertRefused("zero.nii", TestNifti.int16(4, 4, 4).dims(3, 4, 0, 4).bytes(), "dimension 2 is 0");
        assertRefused("neg.nii", TestNifti.int16(4, 4, 4).dims(3, 4, 4, -4).bytes(), "dimension 3 is -4");
    }

    @Test
    void declaredSizeFarBeyondPayloadIsRefusedBeforeAllocating() throws IOException {
        // 30000^2 x 1 int16 would need 1.8 GB; the file holds 128 bytes of data.
        assertRefused("huge.nii", TestNifti.int16(4, 4, 4).dims(3, 30000, 30000, 1).bytes(), "voxels");
        // Within the voxel limit, beyond what even a maximally compressed gzip could hold.
        byte[] gz = TestNifti.int16(4, 4, 4).dims(3, 512, 512, 600).gzipped();
        assertRefused("huge.nii.gz", gz, "could hold at most");
    }

    @Test
    void voxelLimitIsConfigurable() throws IOException {
        Path p = file("big.nii", TestNifti.int16(64, 64, 64).bytes());
        assertThat(new NiftiReader(64 * 64 * 64).readVolume(p).voxels()).hasSize(64 * 64 * 64);
        assertThatThrownBy(() -> new NiftiReader(64 * 64 * 63).readVolume(p))
                .isInstanceOf(InvalidScanException.class).hasMessageContaining("above the limit of 258048");
    }

    @Test
    void unsupportedDatatypes() throws IOException {
        assertRefused("rgb.nii", TestNifti.int16(4, 4, 4).datatype(128, 24).bytes(), "unsupported datatype RGB24");
        assertRefused("complex.nii", TestNifti.int16(4, 4, 4).datatype(32, 64).bytes(), "unsupported datatype complex64");
    }

    @Test
    void voxOffsetOutsideFile() throws IOException {
        assertRefused("offset.nii", TestNifti.int16(4, 4, 4).voxOffset(1e7).bytes(), "vox_offset", "outside the file");
        assertRefused("offset-low.nii", TestNifti.int16(4, 4, 4).voxOffset(12).bytes(), "vox_offset 12.0");
    }

    @Test
    void bitpixNotMatchingDatatype() throws IOException {
        assertRefused("bitpix.nii", TestNifti.int16(4, 4, 4).datatype(4, 32).bytes(), "bitpix is 32", "int16");
    }

    @Test
    void zeroSpacing() throws IOException {
        assertRefused("sform0.nii", TestNifti.int16(4, 4, 4).srow(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0).bytes(),
                "zero voxel spacing along axis 2");
        assertRefused("pixdim0.nii", TestNifti.int16(4, 4, 4).sformCode(0).pixdim(1, 1, 1, 0).bytes(),
                "pixdim[3] = 0.0");
    }

    @Test
    void nanInAffine() throws IOException {
        assertRefused("nan.nii", TestNifti.int16(4, 4, 4).srow(1, 0, 0, Double.NaN, 0, 1, 0, 0, 0, 0, 1, 0).bytes(),
                "sform holds NaN");
        assertRefused("nanq.nii", TestNifti.int16(4, 4, 4).sformCode(0).qformCode(1).quatern(Double.NaN, 0, 0).bytes(),
                "qform holds NaN");
    }

    @Test
    void twoDAndFourDImages() throws IOException {
        assertRefused("slice.nii", TestNifti.int16(4, 4, 4).dims(2, 8, 8).bytes(), "2D image (8x8)", "3D CT scan is needed");
        assertRefused("fmri.nii", TestNifti.int16(4, 4, 4).dims(4, 2, 2, 2, 8).bytes(), "4D image", "8 volumes");
    }

    @Test
    void fourDWithOneVolumeIsA3dScan() throws IOException {
        Volume v = NiftiReader.read(file("one.nii", TestNifti.int16(4, 4, 4).dims(4, 4, 4, 4, 1).bytes()));
        assertThat(v.grid().dimsText()).isEqualTo("4x4x4");
    }

    @Test
    void hdrImgPairAndAnalyzeAreNamed() throws IOException {
        assertRefused("pair.hdr", TestNifti.int16(4, 4, 4).magic("ni1").bytes(), ".hdr/.img pair");
        assertRefused("analyze.hdr", TestNifti.int16(4, 4, 4).magic("").bytes(), "ANALYZE");
    }

    /** 20 GB of zeros behind a small header that declares a small scan: only the declared bytes are read. */
    @Test
    void gzipBombStopsAtTheDeclaredSize() throws IOException {
        Path bomb = dir.resolve("bomb.nii.gz");
        long inflated = writeBomb(bomb, TestNifti.int16(64, 64, 64).bytes(), 4L << 30);
        assertThat(Files.size(bomb)).isLessThan(inflated / 500);
        Volume v = NiftiReader.read(bomb);
        assertThat(v.voxels()).hasSize(64 * 64 * 64);
    }

    /** A bomb whose header declares gigabytes: refused by the voxel limit, nothing inflated. */
    @Test
    void gzipBombDeclaringGigabytesIsRefused() throws IOException {
        Path bomb = dir.resolve("bomb-big.nii.gz");
        writeBomb(bomb, TestNifti.int16(4, 4, 4).dims(3, 2048, 2048, 1024).data(new byte[0]).bytes(), 1L << 30);
        assertThatThrownBy(() -> NiftiReader.read(bomb)).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("above the limit");
    }

    @Test
    void nanAndInfinityVoxelsBecomeAirWithAWarning() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = {-1000, Float.NaN, 40, Float.POSITIVE_INFINITY, -850, 300, Float.NEGATIVE_INFINITY, 0};
        for (float f : values) {
            data.putFloat(f);
        }
        Path p = file("nan-voxels.nii", TestNifti.of(1, ByteOrder.LITTLE_ENDIAN, 2, 2, 2).datatype(16, 32)
                .data(data.array()).bytes());
        Volume v = NiftiReader.read(p);
        assertThat(v.voxels()).containsExactly(-1000, -1000, 40, -1000, -850, 300, -1000, 0);
        assertThat(v.warnings()).singleElement().asString().contains("3 voxels were NaN or infinite");
    }

    /**
     * Header plus {@code zeros} zero bytes, as one gzip member for the header and the same
     * 64 MiB-of-zeros member repeated (a valid multi-member gzip): cheap to write, huge to inflate.
     * Returns how many bytes it inflates to.
     */
    private static long writeBomb(Path path, byte[] head, long zeros) throws IOException {
        int blockBytes = 64 << 20;
        byte[] member = TestNifti.gzip(new byte[blockBytes]);
        long inflated = head.length;
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(TestNifti.gzip(head));
            for (; inflated < head.length + zeros; inflated += blockBytes) {
                out.write(member);
            }
        }
        return inflated;
    }
}
