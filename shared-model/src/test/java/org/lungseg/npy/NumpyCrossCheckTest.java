package org.lungseg.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the reader and writer against numpy itself, when python3 with numpy is installed (skipped
 * otherwise). Both sides compute element [i, j, k] as 100 i + 10 j + k (negated for odd k when the
 * dtype is signed), so no expected value is copied from one side to the other.
 */
class NumpyCrossCheckTest {

    private static final String[] DTYPES = {"|u1", "|i1", "<i2", ">i2", "<u2", "<i4", ">i4", "<u4", "<f4", ">f4", "<f8", ">f8"};

    @BeforeAll
    static void requireNumpy() throws InterruptedException {
        assumeTrue(python("import numpy").exitCode == 0, "python3 with numpy not available: numpy cross-check skipped");
    }

    private static float expected(String dtype, int i, int j, int k) {
        int v = 100 * i + 10 * j + k;
        boolean signed = dtype.charAt(1) != 'u';
        return signed && k % 2 == 1 ? -v : v;
    }

    @Test
    void readsWhatNumpyWrites(@TempDir Path dir) throws InterruptedException {
        String script = """
                import numpy as np, sys
                d = sys.argv[1]
                i, j, k = np.indices((2, 3, 5))
                for dt in %s:
                    v = 100 * i + 10 * j + k
                    if dt[1] != 'u':
                        v = np.where(k %% 2 == 1, -v, v)
                    a = v.astype(np.dtype(dt))
                    tag = dt.replace('<', 'le').replace('>', 'be').replace('|', 'na')
                    np.save(f'{d}/{tag}_c.npy', np.ascontiguousarray(a))
                    np.save(f'{d}/{tag}_f.npy', np.asfortranarray(a))
                np.save(f'{d}/bool_f.npy', np.asfortranarray(k %% 2 == 1))
                for version in (2, 3):
                    with open(f'{d}/v{version}.npy', 'wb') as out:
                        np.lib.format.write_array(out, (100 * i + 10 * j + k).astype('<f4'), version=(version, 0))
                """.formatted(pythonList(DTYPES));
        assertThat(python(script, dir.toString()).exitCode).isZero();
        NpyReader reader = new NpyReader();
        for (String dtype : DTYPES) {
            String tag = dtype.replace("<", "le").replace(">", "be").replace("|", "na");
            NpyArray c = reader.read(dir.resolve(tag + "_c.npy"));
            NpyArray f = reader.read(dir.resolve(tag + "_f.npy"));
            assertThat(c.fortranOrder()).isFalse();
            assertThat(f.fortranOrder()).isTrue();
            assertThat(c.dtype()).isEqualTo(dtype);
            float[] cValues = c.floats(FlatteningOrder.LAST_AXIS_FASTEST);
            float[] fValues = f.floats(FlatteningOrder.LAST_AXIS_FASTEST);
            int p = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 5; k++, p++) {
                        assertThat(cValues[p]).as(dtype + " C [%d,%d,%d]", i, j, k).isEqualTo(expected(dtype, i, j, k));
                        assertThat(fValues[p]).as(dtype + " F [%d,%d,%d]", i, j, k).isEqualTo(expected(dtype, i, j, k));
                    }
                }
            }
        }
        for (int version = 2; version <= 3; version++) {
            assertThat(reader.read(dir.resolve("v" + version + ".npy")).floats(FlatteningOrder.LAST_AXIS_FASTEST))
                    .containsExactly(reader.read(dir.resolve("nau1_c.npy")).floats(FlatteningOrder.LAST_AXIS_FASTEST));
        }
        float[] bools = reader.read(dir.resolve("bool_f.npy")).floats(FlatteningOrder.FIRST_AXIS_FASTEST);
        int p = 0;
        for (int k = 0; k < 5; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    assertThat(bools[p++]).isEqualTo(k % 2);
                }
            }
        }
    }

    @Test
    void numpyReadsWhatWeWrite(@TempDir Path dir) throws InterruptedException {
        float[] c = new float[2 * 3 * 5];
        float[] f = new float[2 * 3 * 5];
        byte[] labels = new byte[2 * 3 * 5];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 5; k++) {
                    c[k + 5 * (j + 3 * i)] = expected("<f4", i, j, k);
                    f[i + 2 * (j + 3 * k)] = expected("<f4", i, j, k);
                    labels[i + 2 * (j + 3 * k)] = (byte) expected("|u1", i, j, k);
                }
            }
        }
        int[] shape = {2, 3, 5};
        NpyWriter.write(NpyArray.ofFloats(shape, c, FlatteningOrder.LAST_AXIS_FASTEST), dir.resolve("c.npy"));
        NpyWriter.write(NpyArray.ofFloats(shape, f, FlatteningOrder.FIRST_AXIS_FASTEST), dir.resolve("f.npy"));
        NpyWriter.write(NpyArray.ofUint8(shape, labels, FlatteningOrder.FIRST_AXIS_FASTEST), dir.resolve("u.npy"));
        String script = """
                import numpy as np, sys
                d = sys.argv[1]
                i, j, k = np.indices((2, 3, 5))
                v = 100 * i + 10 * j + k
                signed = np.where(k % 2 == 1, -v, v)
                c, f, u = (np.load(f'{d}/{n}.npy') for n in ('c', 'f', 'u'))
                assert c.dtype == np.float32 and c.shape == (2, 3, 5) and c.flags.c_contiguous, (c.dtype, c.shape)
                assert f.dtype == np.float32 and f.shape == (2, 3, 5) and f.flags.f_contiguous
                assert u.dtype == np.uint8 and u.shape == (2, 3, 5)
                assert (c == signed).all() and (f == signed).all() and (u == v).all()
                """;
        Result result = python(script, dir.toString());
        assertThat(result.exitCode).as(result.output).isZero();
    }

    private static String pythonList(String[] items) {
        return "[" + String.join(", ", java.util.Arrays.stream(items).map(s -> "'" + s + "'").toList()) + "]";
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(String script, String... args) throws InterruptedException {
        try {
            String[] command = new String[3 + args.length];
            command[0] = "python3";
            command[1] = "-c";
            command[2] = script;
            System.arraycopy(args, 0, command, 3, args.length);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "python timed out");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
    }
}
