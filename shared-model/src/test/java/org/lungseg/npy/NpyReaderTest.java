package org.lungseg.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.volume.InvalidScanException;

class NpyReaderTest {

    private static final int NI = 2;
    private static final int NJ = 3;
    private static final int NK = 4;

    /** The logical value of element [i, j, k] of the 2x3x4 test array. */
    private static float value(int i, int j, int k) {
        return i * 100 + j * 10 + k;
    }

    /** The test array flattened in C order (k fastest) or Fortran order (i fastest), by explicit loops. */
    private static float[] flattened(boolean fortran) {
        float[] out = new float[NI * NJ * NK];
        int p = 0;
        if (fortran) {
            for (int k = 0; k < NK; k++) {
                for (int j = 0; j < NJ; j++) {
                    for (int i = 0; i < NI; i++) {
                        out[p++] = value(i, j, k);
                    }
                }
            }
        } else {
            for (int i = 0; i < NI; i++) {
                for (int j = 0; j < NJ; j++) {
                    for (int k = 0; k < NK; k++) {
                        out[p++] = value(i, j, k);
                    }
                }
            }
        }
        return out;
    }

    private static byte[] testFile(boolean fortran) {
        return NpyBytes.v1(NpyBytes.dict("<f4", fortran, "(2, 3, 4)"),
                NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, flattened(fortran)));
    }

    @Test
    void readsCOrderAndGivesValuesInEitherFlattening() {
        NpyArray a = new NpyReader().read(testFile(false), "c.npy");
        assertThat(a.shape()).containsExactly(2, 3, 4);
        assertThat(a.fortranOrder()).isFalse();
        assertThat(a.dtype()).isEqualTo("<f4");
        assertThat(a.floats(FlatteningOrder.LAST_AXIS_FASTEST)).containsExactly(flattened(false));
        assertThat(a.floats(FlatteningOrder.FIRST_AXIS_FASTEST)).containsExactly(flattened(true));
    }

    @Test
    void fortranAndCOrderFilesOfOneArrayReadAlike() {
        NpyArray c = new NpyReader().read(testFile(false), "c.npy");
        NpyArray f = new NpyReader().read(testFile(true), "f.npy");
        assertThat(f.fortranOrder()).isTrue();
        assertThat(f.data()).isNotEqualTo(c.data());
        for (FlatteningOrder order : FlatteningOrder.values()) {
            assertThat(f.floats(order)).containsExactly(c.floats(order));
        }
    }

    @Test
    void readsFromAFileLikeFromBytesAndIgnoresTrailingBytes(@TempDir Path dir) throws IOException {
        byte[] bytes = testFile(true);
        Path file = dir.resolve("image.npy");
        Files.write(file, Arrays.copyOf(bytes, bytes.length + 7));
        NpyArray a = new NpyReader().read(file);
        assertThat(a.floats(FlatteningOrder.FIRST_AXIS_FASTEST)).containsExactly(flattened(true));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsEveryFormatVersion(int major) {
        byte[] bytes = NpyBytes.file(major, NpyBytes.dict("<f4", false, "(2, 3, 4)"),
                NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, flattened(false)));
        assertThat(new NpyReader().read(bytes, "v.npy").floats(FlatteningOrder.LAST_AXIS_FASTEST))
                .containsExactly(flattened(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3, 4)}",
        "{'shape': (2,3,4), 'fortran_order': False, 'descr': '<f4'}",
        "{ 'descr' : '<f4' , 'fortran_order' : False , 'shape' : ( 2 , 3 , 4 , ) , }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L, 4L), }"})
    void acceptsTheHeaderSpellingsPythonProduces(String dict) {
        NpyArray a = new NpyReader().read(NpyBytes.v1(dict, NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, flattened(false))), "h.npy");
        assertThat(a.shape()).containsExactly(2, 3, 4);
    }

    @Test
    void readsOneDimensionalAndScalarArrays() {
        NpyArray vector = new NpyReader().read(NpyBytes.v1(NpyBytes.dict("<f4", false, "(3,)"),
                NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3)), "v.npy");
        assertThat(vector.shape()).containsExactly(3);
        assertThat(vector.floats(FlatteningOrder.FIRST_AXIS_FASTEST)).containsExactly(1, 2, 3);
        NpyArray scalar = new NpyReader().read(NpyBytes.v1(NpyBytes.dict("<f4", false, "()"),
                NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, 7)), "s.npy");
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.floats(FlatteningOrder.LAST_AXIS_FASTEST)).containsExactly(7);
    }

    /** Dtype, how to write one element, and values that exercise its sign and range. */
    static Stream<Arguments> dtypes() {
        BiConsumer<ByteBuffer, Double> i8 = (b, v) -> b.put((byte) v.intValue());
        BiConsumer<ByteBuffer, Double> i16 = (b, v) -> b.putShort((short) v.intValue());
        BiConsumer<ByteBuffer, Double> i32 = (b, v) -> b.putInt((int) v.longValue());
        BiConsumer<ByteBuffer, Double> i64 = (b, v) -> b.putLong(v.longValue());
        BiConsumer<ByteBuffer, Double> f32 = (b, v) -> b.putFloat(v.floatValue());
        BiConsumer<ByteBuffer, Double> f64 = (b, v) -> b.putDouble(v);
        double[] signed8 = {-128, -1, 0, 1, 127, 5};
        double[] unsigned8 = {0, 1, 127, 128, 200, 255};
        double[] signed16 = {-32768, -1024, 0, 1, 3071, 32767};
        double[] unsigned16 = {0, 1, 1024, 32768, 50000, 65535};
        double[] signed32 = {-2147483648.0, -1024, 0, 1, 100000, 2147483647.0};
        double[] unsigned32 = {0, 1, 1024, 2147483648.0, 3000000000.0, 4294967295.0};
        double[] signed64 = {-9.0e15, -1024, 0, 1, 100000, 9.0e15};
        double[] reals = {-1024.5, -0.25, 0, 1e-3, 3.5e4, 1e30};
        return Stream.of(
                Arguments.of("|u1", 1, i8, unsigned8),
                Arguments.of("|i1", 1, i8, signed8),
                Arguments.of("|b1", 1, i8, new double[] {0, 1, 1, 0, 0, 1}),
                Arguments.of("<i2", 2, i16, signed16),
                Arguments.of(">i2", 2, i16, signed16),
                Arguments.of("<u2", 2, i16, unsigned16),
                Arguments.of(">u2", 2, i16, unsigned16),
                Arguments.of("<i4", 4, i32, signed32),
                Arguments.of(">i4", 4, i32, signed32),
                Arguments.of("<u4", 4, i32, unsigned32),
                Arguments.of("<i8", 8, i64, signed64),
                Arguments.of("<f4", 4, f32, reals),
                Arguments.of(">f4", 4, f32, reals),
                Arguments.of("<f8", 8, f64, reals),
                Arguments.of(">f8", 8, f64, reals));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void decodesEverySupportedDtype(String descr, int size, BiConsumer<ByteBuffer, Double> put, double[] values) {
        ByteBuffer payload = ByteBuffer.allocate(values.length * size)
                .order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            put.accept(payload, v);
        }
        NpyArray a = new NpyReader().read(NpyBytes.v1(NpyBytes.dict(descr, false, "(2, 3)"), payload.array()), "t.npy");
        float[] expected = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = (float) values[i];
        }
        assertThat(a.floats(FlatteningOrder.LAST_AXIS_FASTEST)).containsExactly(expected);
        assertThat(a.type().itemSize()).isEqualTo(size);
    }

    private static void assertRefused(byte[] bytes, String... messageParts) {
        assertThatThrownBy(() -> new NpyReader().read(bytes, "bad.npy"))
                .isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("bad.npy")
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void refusesAFileWithoutTheMagicString() {
        byte[] bytes = testFile(false);
        bytes[1] = 'X';
        assertRefused(bytes, "not a .npy file");
        assertRefused("PK\u0003\u0004 a zip file".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "not a .npy file");
    }

    @Test
    void refusesUnknownVersions() {
        byte[] bytes = testFile(false);
        bytes[6] = 4;
        assertRefused(bytes, "version 4.0");
    }

    @Test
    void refusesFilesCutAnywhere() {
        byte[] whole = testFile(false);
        int dataStart = whole.length - NI * NJ * NK * 4;
        assertRefused(Arrays.copyOf(whole, 3), "truncated", "magic");
        assertRefused(Arrays.copyOf(whole, 9), "truncated", "header length");
        assertRefused(Arrays.copyOf(whole, 40), "truncated", "header");
        assertRefused(Arrays.copyOf(whole, dataStart + 10), "truncated", "needs 96 bytes", "has 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), } trailing",
        "{'descr': '<f4', 'fortran_order': False}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), 'extra': 1}",
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4)}",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3, 4)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3, 4)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2.0, 3, 4)}",
        "{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3, 4)}",
        "__import__('os').system('true')",
        ""})
    void refusesHeadersThatAreNotTheExpectedDict(String dict) {
        assertRefused(NpyBytes.v1(dict, NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, flattened(false))), "header");
    }

    @Test
    void refusesDeeplyNestedHeadersWithoutExhaustingTheStack() {
        String nested = "{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(200_000) + "}";
        assertRefused(NpyBytes.file(2, nested, new byte[0]), "shape entries");
        String brackets = "{'descr': " + "[".repeat(200_000) + "}";
        assertRefused(NpyBytes.file(2, brackets, new byte[0]), "header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<c8", "<c16", "|O", "<U5", "|S3", "|V8", "<f2", "|f4", "<m8", "float32"})
    void refusesUnsupportedDtypes(String descr) {
        assertRefused(NpyBytes.v1(NpyBytes.dict(descr, false, "(2,)"), new byte[64]), "unsupported", descr);
    }

    @Test
    void refusesStructuredDtypes() {
        String dict = "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (2,), }";
        assertRefused(NpyBytes.v1(dict, new byte[16]), "unsupported", "structured");
    }

    @Test
    void refusesShapesWhoseProductOverflows() {
        String dict = NpyBytes.dict("<f4", false, "(4294967296, 4294967296, 4294967296)");
        assertRefused(NpyBytes.v1(dict, new byte[16]), "more elements than can be counted");
        String huge = NpyBytes.dict("<f4", false, "(99999999999999999999999, 2)");
        assertRefused(NpyBytes.v1(huge, new byte[16]), "too large");
    }

    @Test
    void refusesShapesFarBeyondThePayloadBeforeAllocating() {
        // 1e8 float32 elements promise 400 MB; the file has 16 bytes: refused without allocating them.
        String dict = NpyBytes.dict("<f4", false, "(1000, 1000, 100)");
        assertRefused(NpyBytes.v1(dict, new byte[16]), "truncated", "needs 400000000 bytes", "has 16");
        // More than one Java array can hold, even with no element limit.
        String big = NpyBytes.dict("<f8", false, "(1024, 1024, 1024)");
        assertThatThrownBy(() -> new NpyReader(Long.MAX_VALUE).read(NpyBytes.v1(big, new byte[16]), "big.npy"))
                .isInstanceOf(InvalidScanException.class).hasMessageContaining("more bytes than one array can hold");
    }

    @Test
    void honoursTheElementLimit() {
        byte[] bytes = testFile(false); // 24 elements, all present
        assertThat(new NpyReader(24).read(bytes, "ok.npy").size()).isEqualTo(24);
        assertThatThrownBy(() -> new NpyReader(23).read(bytes, "big.npy"))
                .isInstanceOf(InvalidScanException.class).hasMessageContaining("24 elements").hasMessageContaining("at most 23");
    }

    @Test
    void refusesAHeaderLengthBeyondTheLimit() {
        ByteBuffer b = ByteBuffer.allocate(12 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(Integer.MAX_VALUE);
        assertRefused(b.array(), "header");
    }
}
