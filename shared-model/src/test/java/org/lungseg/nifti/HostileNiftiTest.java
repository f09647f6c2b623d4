package org.lungseg.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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

    @ParameterizedTest
    @MethodSource("org.lungseg.nifti.HostileNiftiFiles#all")
    void everyHostileFileIsRefusedWithAClearMessage(HostileNiftiFiles.Case hostile) {
        Path p = hostile.write(dir);
        assertThatThrownBy(() -> NiftiReader.read(p))
                .isInstanceOf(InvalidScanException.class)
                .hasMessageStartingWith(hostile.name() + ": ")
                .hasMessageContainingAll(hostile.messageParts().toArray(String[]::new));
    }

    @Test
    void voxelLimitIsConfigurable() throws IOException {
        Path p = file("big.nii", TestNifti.int16(64, 64, 64).bytes());
        assertThat(new NiftiReader(64 * 64 * 64).readVolume(p).voxels()).hasSize(64 * 64 * 64);
        assertThatThrownBy(() -> new NiftiReader(64 * 64 * 63).readVolume(p))
                .isInstanceOf(InvalidScanException.class).hasMessageContaining("above the limit of 258048");
    }







    @Test
    void fourDWithOneVolumeIsA3dScan() throws IOException {
        Volume v = NiftiReader.read(file("one.nii", TestNifti.int16(4, 4, 4).dims(4, 4, 4, 4, 1).bytes()));
        assertThat(v.grid().dimsText()).isEqualTo("4x4x4");
    }


    /** 20 GB of zeros behind a small header that declares a small scan: only the declared bytes are read. */
    @Test
    void gzipBombStopsAtTheDeclaredSize() throws IOException {
        Path bomb = dir.resolve("bomb.nii.gz");
        long inflated = HostileNiftiFiles.writeBomb(bomb, TestNifti.int16(64, 64, 64).bytes(), 4L << 30);
        assertThat(Files.size(bomb)).isLessThan(inflated / 500);
        Volume v = NiftiReader.read(bomb);
        assertThat(v.voxels()).hasSize(64 * 64 * 64);
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
}
