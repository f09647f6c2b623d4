package org.lungseg.npy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpyWriterTest {

    @ParameterizedTest
    @EnumSource(FlatteningOrder.class)
    void floatArraysRoundTripThroughAFile(FlatteningOrder order, @TempDir Path dir) throws IOException {
        Random random = new Random(7);
        float[] values = new float[5 * 4 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 1000;
        }
        NpyArray written = NpyArray.ofFloats(new int[] {5, 4, 3}, values, order);
        Path file = dir.resolve("scan.npy");
        NpyWriter.write(written, file);
        NpyArray read = new NpyReader().read(file);
        assertThat(read.shape()).containsExactly(5, 4, 3);
        assertThat(read.fortranOrder()).isEqualTo(order == FlatteningOrder.FIRST_AXIS_FASTEST);
        assertThat(read.dtype()).isEqualTo("<f4");
        assertThat(read.floats(order)).containsExactly(values);
        assertThat(Files.readAllBytes(file)).isEqualTo(NpyWriter.toBytes(written));
    }

    @Test
    void uint8ArraysRoundTrip() {
        byte[] labels = {0, 1, 2, 3, (byte) 255, 7};
        NpyArray read = new NpyReader().read(NpyWriter.toBytes(
                NpyArray.ofUint8(new int[] {6}, labels, FlatteningOrder.LAST_AXIS_FASTEST)), "m.npy");
        assertThat(read.dtype()).isEqualTo("|u1");
        assertThat(read.floats(FlatteningOrder.LAST_AXIS_FASTEST)).containsExactly(0, 1, 2, 3, 255, 7);
    }

    @Test
    void headerFollowsTheFormatSpecification() {
        byte[] bytes = NpyWriter.toBytes(NpyArray.ofFloats(new int[] {2, 3}, new float[6], FlatteningOrder.FIRST_AXIS_FASTEST));
        assertThat(Arrays.copyOf(bytes, 6)).containsExactly(0x93, 'N', 'U', 'M', 'P', 'Y');
        assertThat(bytes[6]).as("major version").isEqualTo((byte) 1);
        assertThat(bytes[7]).as("minor version").isEqualTo((byte) 0);
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        int dataStart = 10 + headerLength;
        assertThat(dataStart % 64).as("data aligned to 64 bytes").isZero();
        assertThat(bytes.length - dataStart).isEqualTo(6 * 4);
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertThat(header).endsWith("\n")
                .startsWith("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }");
        assertThat(header.trim()).endsWith("}");
    }

    @Test
    void oneDimensionalShapesAreWrittenAsPythonTuples() {
        byte[] bytes = NpyWriter.toBytes(NpyArray.ofFloats(new int[] {4}, new float[4], FlatteningOrder.LAST_AXIS_FASTEST));
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("'shape': (4,)");
    }

    @Test
    void switchesToVersion2WhenTheHeaderOutgrowsSixteenBits() {
        int[] shape = new int[30_000]; // "1, " thirty thousand times: about 90 kB of header
        Arrays.fill(shape, 1);
        NpyArray wide = NpyArray.ofFloats(shape, new float[] {42f}, FlatteningOrder.LAST_AXIS_FASTEST);
        byte[] bytes = NpyWriter.toBytes(wide);
        assertThat(bytes[6]).isEqualTo((byte) 2);
        int headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(headerLength).isGreaterThan(0xffff);
        assertThat((12 + headerLength) % 64).isZero();
        NpyArray read = new NpyReader().read(bytes, "wide.npy");
        assertThat(read.rank()).isEqualTo(30_000);
        assertThat(read.floats(FlatteningOrder.FIRST_AXIS_FASTEST)).containsExactly(42f);
    }
}
