package org.lungseg.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A small CT series built by the test: {@code columns x rows x slices} with known stored values,
 * slices placed along the normal of {@code orientation} from {@code origin} (LPS) every
 * {@code step} mm. Files are named in the reverse of their position order, so a reader that sorts
 * by file name gets them wrong.
 */
final class SyntheticSeries {

    final String uid;
    final int rows;
    final int columns;
    final int slices;
    double[] orientation = TestDicom.AXIAL;
    double[] origin = {-10.5, -20.25, 30};
    double step = 2.5;
    double rowSpacing = 0.8;
    double columnSpacing = 0.7;
    int valueOffset;
    /** A sideways shift per slice (LPS mm), as a tilted gantry gives. */
    double[] drift = {0, 0, 0};

    SyntheticSeries(String uid, int columns, int rows, int slices) {
        this.uid = uid;
        this.rows = rows;
        this.columns = columns;
        this.slices = slices;
    }

    /** Stored value of column i, row j, slice k (k in position order). */
    int value(int i, int j, int k) {
        return valueOffset + k * 100 + j * 10 + i - 50;
    }

    double[] normal() {
        double[] r = {orientation[0], orientation[1], orientation[2]};
        double[] c = {orientation[3], orientation[4], orientation[5]};
        return new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
    }

    double[] position(int k) {
        double[] n = normal();
        return new double[] {origin[0] + k * (step * n[0] + drift[0]), origin[1] + k * (step * n[1] + drift[1]),
            origin[2] + k * (step * n[2] + drift[2])};
    }

    /** LPS position of voxel centre (i, j, k) from the DICOM definition, for checking an affine. */
    double[] lps(int i, int j, int k) {
        double[] p = position(k);
        return new double[] {
            p[0] + i * columnSpacing * orientation[0] + j * rowSpacing * orientation[3],
            p[1] + i * columnSpacing * orientation[1] + j * rowSpacing * orientation[4],
            p[2] + i * columnSpacing * orientation[2] + j * rowSpacing * orientation[5]};
    }

    int[] words(int k) {
        int[] w = new int[rows * columns];
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                w[j * columns + i] = value(i, j, k) & 0xFFFF;
            }
        }
        return w;
    }

    TestDicom slice(int k) {
        return TestDicom.ctSlice(uid, uid + "." + (k + 1), position(k), orientation, rowSpacing, columnSpacing,
                rows, columns, words(k));
    }

    /** Expected HU in the reader's order: column fastest, then row, then slice along the normal. */
    float[] expected() {
        float[] v = new float[rows * columns * slices];
        int n = 0;
        for (int k = 0; k < slices; k++) {
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < columns; i++) {
                    v[n++] = value(i, j, k);
                }
            }
        }
        return v;
    }

    Path write(Path dir, TestDicom.Encoding encoding) {
        return write(dir, s -> s, encoding);
    }

    /** Writes every slice after {@code edit}, as Part 10 files named against position order. */
    Path write(Path dir, UnaryOperator<TestDicom> edit, TestDicom.Encoding encoding) {
        try {
            Files.createDirectories(dir);
            for (int k = 0; k < slices; k++) {
                Files.write(dir.resolve(uid.substring(uid.length() - 1) + "_IM" + (slices - k) + ".dcm"),
                        edit.apply(slice(k)).part10(encoding));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
