package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lungseg.dicom.Refusals.assertNoPatientData;
import static org.lungseg.dicom.Refusals.assertRefused;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.volume.Volume;

/**
 * Which series a folder yields, and the stacks that are refused rather than read warped: every
 * folder is written by the test, every slice carries patient data that must not leak.
 */
class DicomSeriesSelectionTest {

    private static final TestDicom.Encoding ENC = TestDicom.Encoding.EXPLICIT_LE;

    @TempDir
    Path dir;

    private static SyntheticSeries series(String uid, int slices, int offset) {
        SyntheticSeries s = new SyntheticSeries(uid, 6, 5, slices);
        s.valueOffset = offset;
        return s;
    }

    @Test
    void theLargestAxialSeriesIsChosenAndTheOthersNoted() {
        SyntheticSeries big = series("1.2.826.0.1.5.1", 5, 0);
        series("1.2.826.0.1.5.2", 3, 1000).write(dir, ENC);
        big.write(dir, ENC);
        Volume v = DicomSeriesReader.read(dir);
        assertThat(v.voxels()).isEqualTo(big.expected());
        assertThat(v.warnings()).anyMatch(w -> w.contains("1.2.826.0.1.5.1") && w.contains("1 other stack"));
        v.warnings().forEach(Refusals::assertNoPatientData);
    }

    @Test
    void equallyLargeSeriesAreRefusedUntilOneIsNamed() {
        SyntheticSeries a = series("1.2.826.0.1.6.1", 4, 0);
        SyntheticSeries b = series("1.2.826.0.1.6.2", 4, 1000);
        a.write(dir, ENC);
        b.write(dir, ENC);
        assertRefused(() -> DicomSeriesReader.read(dir), "2 CT series qualify equally", "--series",
                "1.2.826.0.1.6.1", "1.2.826.0.1.6.2", "4 slices of 6x5, axial");
        assertThat(DicomSeriesReader.read(dir, DicomReadOptions.defaults().withSeries("1.2.826.0.1.6.2")).voxels())
                .isEqualTo(b.expected());
        assertRefused(() -> DicomSeriesReader.read(dir, DicomReadOptions.defaults().withSeries("9.9")),
                "no CT series with SeriesInstanceUID 9.9");
    }

    @Test
    void localizersAndSingleImagesAreSkipped() throws IOException {
        SyntheticSeries s = series("1.2.826.0.1.7.1", 4, 0);
        s.write(dir, ENC);
        // A lateral scout filed in the same series, and an axial key image in a series of its own.
        Files.write(dir.resolve("scout.dcm"), TestDicom.ctSlice(s.uid, "1.2.826.0.1.7.99", new double[] {0, -100, 0},
                new double[] {0, 1, 0, 0, 0, -1}, 1, 1, 5, 6, new int[30])
                .text(DicomTag.IMAGE_TYPE, "CS", "ORIGINAL\\PRIMARY\\LOCALIZER").part10(ENC));
        Files.write(dir.resolve("key.dcm"), TestDicom.ctSlice("1.2.826.0.1.7.2", "1.2.826.0.1.7.98",
                new double[] {0, 0, 0}, TestDicom.AXIAL, 1, 1, 5, 6, new int[30]).part10(ENC));
        Volume v = DicomSeriesReader.read(dir);
        assertThat(v.voxels()).isEqualTo(s.expected());
        assertThat(v.warnings()).contains("skipped 1 localizer (scout) image", "skipped 1 single-image stack (scouts or key images)");
    }

    @Test
    void aDerivedSeriesGivesWayToTheOriginal() {
        SyntheticSeries original = series("1.2.826.0.1.8.1", 3, 0);
        series("1.2.826.0.1.8.2", 6, 1000).write(dir,
                slice -> slice.text(DicomTag.IMAGE_TYPE, "CS", "DERIVED\\SECONDARY\\AXIAL"), ENC);
        original.write(dir, ENC);
        Volume v = DicomSeriesReader.read(dir);
        assertThat(v.voxels()).isEqualTo(original.expected());
        assertThat(v.warnings()).contains("skipped 1 derived (reformatted or processed) series");
    }

    @Test
    void slicesAreSortedAlongTheNormalNotByInstanceOrName() throws IOException {
        SyntheticSeries s = series("1.2.826.0.1.9.1", 5, 0);
        s.step = -3;  // positions run head to foot as the instance numbers rise
        s.write(dir, ENC);
        Volume v = DicomSeriesReader.read(dir);
        assertThat(v.get(0, 0, 0)).isEqualTo(s.value(0, 0, 4));
        assertThat(v.grid().affine().get(2, 2)).isEqualTo(3.0);
        assertThat(v.grid().affine().get(2, 3)).isEqualTo(s.position(4)[2]);
    }

    @Test
    void filesThatAreNotDicomAreIgnoredAndCounted() throws IOException {
        SyntheticSeries s = series("1.2.826.0.1.10.1", 3, 0);
        s.write(dir, ENC);
        Files.writeString(dir.resolve("README.txt"), "exported by a PACS");
        Files.write(dir.resolve(".DS_Store"), new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/thumbs.db"), new byte[300]);
        // Starts like a bare implicit-VR dataset, then runs out: a guess, not a DICOM file.
        Files.write(dir.resolve("sub/blob.bin"), new byte[] {8, 0, 5, 0, 16, 0, 0, 0, 'I', 'S', 'O'});
        Volume v = DicomSeriesReader.read(dir);
        assertThat(v.voxels()).isEqualTo(s.expected());
        assertThat(v.warnings()).contains("ignored 4 files: not DICOM");
    }

    @Test
    void aFolderWithoutCtIsRefused(@TempDir Path empty) throws IOException {
        Files.writeString(empty.resolve("notes.txt"), "nothing here");
        assertRefused(() -> DicomSeriesReader.read(empty), "no CT image series found", "ignored 1 file: not DICOM");
        SyntheticSeries mr = series("1.2.826.0.1.11.1", 3, 0);
        mr.write(dir, slice -> slice.text(DicomTag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.4")
                .text(DicomTag.MODALITY, "CS", "MR"), ENC);
        assertRefused(() -> DicomSeriesReader.read(dir), "no CT image series found", "ignored 3 images: not CT Image Storage");
    }

    @Test
    void multiFrameCtWithoutFunctionalGroupsIsRefusedUnlessAnotherSeriesIsNamed() {
        series("1.2.826.0.1.12.1", 2, 0).write(dir, slice -> slice
                .text(DicomTag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2.1").text(DicomTag.NUMBER_OF_FRAMES, "IS", "2"), ENC);
        assertRefused(() -> DicomSeriesReader.read(dir), "multi-frame CT without a Per-frame Functional Groups Sequence "
                + "(5200,9230): its frames cannot be placed");
        SyntheticSeries classic = series("1.2.826.0.1.12.2", 3, 0);
        classic.write(dir, ENC);
        Volume v = DicomSeriesReader.read(dir, DicomReadOptions.defaults().withSeries(classic.uid));
        assertThat(v.voxels()).isEqualTo(classic.expected());
        assertThat(v.warnings()).contains("ignored 2 multi-frame CT files: of another series than the one named, "
                + "and not a single stack of parallel frames");
    }

    @Test
    void repeatedCopiesOfAnImageAreReadOnce() throws IOException {
        SyntheticSeries s = series("1.2.826.0.1.13.1", 3, 0);
        s.write(dir, ENC);
        Files.write(dir.resolve("copy.dcm"), s.slice(1).part10(ENC));
        Volume v = DicomSeriesReader.read(dir);
        assertThat(v.grid().nz()).isEqualTo(3);
        assertThat(v.warnings()).contains("ignored 1 repeated copy of images (same SOPInstanceUID)");
    }

    @Test
    void aMissingSliceIsReportedAsAGap() throws IOException {
        SyntheticSeries s = series("1.2.826.0.1.14.1", 5, 0);
        s.write(dir, ENC);
        Files.delete(dir.resolve("1_IM3.dcm"));  // the slice at k = 2
        assertRefused(() -> DicomSeriesReader.read(dir), "irregular slice spacing", "1_IM4.dcm and 1_IM2.dcm are 5.000 mm apart");
    }

    @Test
    void twoSlicesAtOnePositionAreReportedAsDuplicates() throws IOException {
        SyntheticSeries s = series("1.2.826.0.1.15.1", 3, 0);
        s.write(dir, ENC);
        Files.write(dir.resolve("again.dcm"), TestDicom.ctSlice(s.uid, s.uid + ".77", s.position(1), TestDicom.AXIAL,
                s.rowSpacing, s.columnSpacing, s.rows, s.columns, s.words(1)).part10(ENC));
        assertRefused(() -> DicomSeriesReader.read(dir), "lie at the same position along the slice normal", "duplicate");
    }

    @Test
    void aTiltedGantryIsRefusedNotWarped() {
        SyntheticSeries s = series("1.2.826.0.1.16.1", 4, 0);
        s.drift = new double[] {0, s.step * Math.tan(Math.toRadians(15)), 0};  // a 15 degree tilt
        s.write(dir, ENC);
        assertRefused(() -> DicomSeriesReader.read(dir), "tilted gantry", "about 15.0 degrees");
    }

    @Test
    void missingGeometryIsNamed() {
        SyntheticSeries s = series("1.2.826.0.1.17.1", 3, 0);
        s.write(dir, slice -> slice.sopIndex() == 1 ? slice.remove(DicomTag.IMAGE_POSITION_PATIENT) : slice, ENC);
        assertRefused(() -> DicomSeriesReader.read(dir), "1_IM2.dcm: no ImagePositionPatient (0020,0032)");
    }

    @Test
    void aSingleSliceIsNotA3dScan() {
        series("1.2.826.0.1.18.1", 1, 0).write(dir, ENC);
        assertRefused(() -> DicomSeriesReader.read(dir, DicomReadOptions.defaults().withSeries("1.2.826.0.1.18.1")),
                "single slice");
    }

    @Test
    void patientDataIsReturnedOnlyWhenAskedFor() {
        series("1.2.826.0.1.19.1", 3, 0).write(dir, ENC);
        DicomSeries plain = DicomSeriesReader.readSeries(dir, DicomReadOptions.defaults());
        assertThat(plain.attributes()).isEmpty();
        plain.volume().warnings().forEach(Refusals::assertNoPatientData);
        assertNoPatientData(plain.toString());
        DicomSeries asked = DicomSeriesReader.readSeries(dir, DicomReadOptions.defaults()
                .withAttributes(Set.of(DicomAttribute.ofKeyword("PatientID"), DicomAttribute.SERIES_INSTANCE_UID)));
        assertThat(asked.attributes()).containsEntry(DicomAttribute.PATIENT_ID, TestDicom.PATIENT_ID)
                .containsEntry(DicomAttribute.SERIES_INSTANCE_UID, "1.2.826.0.1.19.1").hasSize(2);
    }
}
