package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Volume;

/**
 * One series written by the test in every dataset encoding the reader takes, Part 10 and bare,
 * with sequences of defined and undefined length (nested) among the image attributes: each reads
 * to the values and geometry the test wrote.
 */
class DicomEncodingTest {

    @TempDir
    Path dir;

    private static SyntheticSeries series() {
        return new SyntheticSeries("1.2.826.0.1.99.1", 6, 5, 4);
    }

    /** Sequences a real header has before the image attributes: nested, undefined and defined length. */
    private static TestDicom withSequences(TestDicom slice) {
        TestDicom nested = new TestDicom().text(0x00081150, "UI", "1.2.3").text(0x00081155, "UI", "1.2.3.4.5");
        TestDicom outer = new TestDicom().text(0x00080100, "SH", "CODE")
                .sequence(0x00081199, true, nested, nested);
        return slice.sequence(0x00081140, true, outer, new TestDicom())
                .sequence(0x00082112, false, nested)
                .sequence(0x00400275, true);
    }

    @ParameterizedTest
    @EnumSource(TestDicom.Encoding.class)
    void everyEncodingReadsToTheWrittenValuesAndGeometry(TestDicom.Encoding encoding) {
        SyntheticSeries s = series();
        Volume v = DicomSeriesReader.read(s.write(dir, DicomEncodingTest::withSequences, encoding));

        assertThat(v.grid().dimsText()).isEqualTo("6x5x4");
        assertThat(v.voxels()).isEqualTo(s.expected());
        assertAffineMatchesDicom(v.grid().affine(), s);
        assertThat(v.warnings()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = TestDicom.Encoding.class, names = {"IMPLICIT_LE", "EXPLICIT_LE", "DEFLATED"})
    void anUndefinedLengthSequenceOfUnknownVrIsSteppedOver(TestDicom.Encoding encoding) {
        SyntheticSeries s = series();
        TestDicom item = new TestDicom().text(0x00091010, "LO", "PRIVATE").sequence(0x00091020, true, new TestDicom()
                .text(0x00091030, "LO", "NESTED"));
        Volume v = DicomSeriesReader.read(s.write(dir, slice -> slice.unknownSequence(0x00091001, item, item), encoding));
        assertThat(v.voxels()).isEqualTo(s.expected());
    }

    @ParameterizedTest
    @EnumSource(value = TestDicom.Encoding.class, names = {"IMPLICIT_LE", "EXPLICIT_LE", "EXPLICIT_BE"})
    void bareDatasetsWithoutPreambleOrMetaGroupRead(TestDicom.Encoding encoding) throws IOException {
        SyntheticSeries s = series();
        for (int k = 0; k < s.slices; k++) {
            Files.write(dir.resolve("slice" + k), withSequences(s.slice(k)).bare(encoding));
        }
        assertThat(DicomSeriesReader.read(dir).voxels()).isEqualTo(s.expected());
    }

    @Test
    void obliqueSeriesNamedByUidGetsTheAffineOfItsHeaders() {
        SyntheticSeries s = series();
        double c = Math.cos(Math.toRadians(20));
        double sn = Math.sin(Math.toRadians(20));
        // Rotated about the patient's left-right axis: rows tilt toward the feet.
        s.orientation = new double[] {1, 0, 0, 0, c, -sn};
        Volume v = DicomSeriesReader.read(s.write(dir, TestDicom.Encoding.EXPLICIT_LE),
                DicomReadOptions.defaults().withSeries(s.uid));
        assertAffineMatchesDicom(v.grid().affine(), s);
        assertThat(v.voxels()).isEqualTo(s.expected());
    }

    @Test
    void coronalSeriesIsSkippedAutomaticallyButReadWhenNamed() {
        SyntheticSeries s = series();
        s.orientation = new double[] {1, 0, 0, 0, 0, -1};
        Path folder = s.write(dir, TestDicom.Encoding.EXPLICIT_LE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DicomSeriesReader.read(folder))
                .hasMessageContaining("no axial CT series").hasMessageContaining("coronal");
        Volume v = DicomSeriesReader.read(folder, DicomReadOptions.defaults().withSeries(s.uid));
        assertAffineMatchesDicom(v.grid().affine(), s);
    }

    /** Every corner voxel lands where DICOM puts it, converted from LPS to RAS. */
    static void assertAffineMatchesDicom(Affine a, SyntheticSeries s) {
        for (int k : new int[] {0, s.slices - 1}) {
            for (int j : new int[] {0, s.rows - 1}) {
                for (int i : new int[] {0, s.columns - 1}) {
                    double[] lps = s.lps(i, j, k);
                    assertThat(a.apply(i, j, k)).as("voxel %d,%d,%d", i, j, k)
                            .containsExactly(new double[] {-lps[0], -lps[1], lps[2]}, org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }
    }
}
