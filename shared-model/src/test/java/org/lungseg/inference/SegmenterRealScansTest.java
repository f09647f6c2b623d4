package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.inference.IntensityMapping.IntensityStorage;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.rle.Rle;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.testing.RealData;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Reorientation;
import org.lungseg.volume.Volume;

/**
 * The whole pipeline on real CT with the fixed-weight lung finder of {@link TestModels}, scored
 * against the real lung labels: whatever the storage orientation or intensity storage, the left
 * lung must come out on the patient's left.
 */
class SegmenterRealScansTest {

    private static Segmenter lungsOnly;
    private static Segmenter withInfection;

    @BeforeAll
    static void open() {
        Segmenter.Options options = Segmenter.Options.defaults()
                .withSession(InferenceSession.Options.cpu().withThreads(2));
        ModelCard lungs = TestModels.card(new GridSize(64, 64, 64), Crop.NONE,
                List.of(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG));
        lungsOnly = Segmenter.open(TestModels.darkInsideBody(lungs), "lungs-only.onnx", options);
        withInfection = Segmenter.open(TestModels.darkInsideBody(TestModels.card(new GridSize(64, 64, 64))),
                "three-class.onnx", options);
    }

    @AfterAll
    static void close() {
        lungsOnly.close();
        withInfection.close();
    }

    private static Volume ct64() {
        return NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
    }

    private static LabelMap truth64() {
        return NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
    }

    @Test
    void segmentsARealChestFileOntoItsOwnGrid(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path file = RealData.file("cip-ct64/ct.nii.gz");
        SegmentationResult r = withInfection.segment(file);
        Volume ct = NiftiReader.read(file);
        assertThat(r.labels().grid().sameGeometry(ct.grid(), 0)).isTrue();
        assertThat(r.timingsMs().keySet()).containsExactly("read", "preprocess", "inference", "postprocess");
        assertThat(r.intensity()).isEqualTo(IntensityStorage.HOUNSFIELD);
        assertThat(r.model().name()).isEqualTo("dark-inside-body");
        assertThat(r.provider()).startsWith("CPUExecutionProvider");
        assertThat(r.warnings()).isEmpty();

        LungMeasurements m = r.measurements();
        for (Label l : List.of(Label.LEFT_LUNG, Label.RIGHT_LUNG, Label.INFECTION)) {
            assertThat(m.labelVoxels(l)).as(l.displayName()).isEqualTo(Overlap.count(r.labels(), l.value()));
            assertThat(Rle.decode(r.rle(l), ct.grid().dims(), FlatteningOrder.FIRST_AXIS_FASTEST))
                    .isEqualTo(toMask(r.labels(), l.value()));
        }
        // Adult lungs are litres; the finder's voxels of ground-glass density are a small share.
        assertThat(m.leftLungMl()).isBetween(800.0, 4000.0);
        assertThat(m.rightLungMl()).isBetween(800.0, 4000.0);
        assertThat(m.infectionPercent()).isBetween(0.0, 25.0);

        // Written as NIfTI it reads back on the scan's geometry.
        Path mask = dir.resolve("mask.nii.gz");
        NiftiWriter.write(r.labels(), mask);
        LabelMap back = NiftiReader.readLabels(mask);
        assertThat(back.grid().sameGeometry(ct.grid(), 1e-5)).isTrue();
        assertThat(back.labels()).isEqualTo(r.labels().labels());
    }

    private static boolean[] toMask(LabelMap labels, int value) {
        boolean[] m = new boolean[labels.labels().length];
        for (int i = 0; i < m.length; i++) {
            m[i] = labels.labels()[i] == value;
        }
        return m;
    }

    @Test
    void findsBothLungsOfARealChestOnTheRightSides() {
        SegmentationResult r = lungsOnly.segment(ct64());
        LabelMap truth = truth64();
        assertThat(Overlap.dice(r.labels(), new int[] {1}, truth, new int[] {1})).isGreaterThan(0.9);
        assertThat(Overlap.dice(r.labels(), new int[] {2}, truth, new int[] {2})).isGreaterThan(0.9);
    }

    /** All 48 axis-aligned storage orders. */
    static final List<String> ORIENTATIONS = Storage.allOrientations();

    @ParameterizedTest
    @FieldSource("ORIENTATIONS")
    void leftStaysLeftInEveryStorageOrientation(String code, @org.junit.jupiter.api.io.TempDir Path dir) {
        // Through files, as a user meets them: the scan stored in this order, its mask written and read back.
        Volume stored = Storage.reorient(ct64(), code);
        Path scanFile = dir.resolve("ct-" + code + ".nii.gz");
        NiftiWriter.write(stored, scanFile);
        LabelMap truth = Storage.reorient(truth64(), code);
        assertThat(NiftiReader.read(scanFile).grid().orientation()).hasToString(code);
        SegmentationResult r = lungsOnly.segment(scanFile);
        Path maskFile = dir.resolve("mask-" + code + ".nii.gz");
        NiftiWriter.write(r.labels(), maskFile);
        LabelMap mask = NiftiReader.readLabels(maskFile);
        assertThat(mask.grid().sameGeometry(stored.grid(), 1e-3)).as("mask on the scan's grid").isTrue();
        assertThat(mask.labels()).isEqualTo(r.labels().labels());
        assertThat(Overlap.dice(r.labels(), new int[] {1}, truth, new int[] {1})).isGreaterThan(0.85);
        assertThat(Overlap.dice(r.labels(), new int[] {2}, truth, new int[] {2})).isGreaterThan(0.85);
        assertThat(Overlap.centroid(r.labels(), 1)[0]).isLessThan(Overlap.centroid(r.labels(), 2)[0]);
        assertThat(r.warnings()).isEmpty();

        // Same voxels in the world as the answer for the file's own storage order.
        LabelMap reference = lungsOnly.segment(ct64()).labels();
        LabelMap asRas = Reorientation.toRas(r.labels().grid()).toRas(r.labels());
        LabelMap referenceRas = Reorientation.toRas(reference.grid()).toRas(reference);
        assertThat(Overlap.dice(asRas, new int[] {1, 2}, referenceRas, new int[] {1, 2})).isGreaterThan(0.999);
    }

    @Test
    void aScanStored0To255GetsTheSameAnswerAsItsHounsfieldOriginal(@org.junit.jupiter.api.io.TempDir Path dir) {
        Volume hu = ct64();
        SegmentationResult fromHu = lungsOnly.segment(hu);
        Path stored = dir.resolve("ct-0-255.nii.gz");
        NiftiWriter.write(IntensityMappingTest.windowed0To255(hu), stored);
        SegmentationResult fromStored = lungsOnly.segment(stored);
        assertThat(fromStored.intensity()).isEqualTo(IntensityStorage.WINDOWED_0_255);
        assertThat(fromHu.intensity()).isEqualTo(IntensityStorage.HOUNSFIELD);
        assertThat(Overlap.dice(fromStored.labels(), new int[] {1}, fromHu.labels(), new int[] {1})).isGreaterThan(0.98);
        assertThat(Overlap.dice(fromStored.labels(), new int[] {2}, fromHu.labels(), new int[] {2})).isGreaterThan(0.98);
    }

    @Test
    void findsTheLungOfAScanThatShowsOnlyTheRightOne() {
        // The test finder tells sides by grid half, so only the lung as a whole is scored here.
        Volume ct = NiftiReader.read(RealData.file("elastix-right-lung/ct.nii.gz"));
        LabelMap truth = NiftiReader.readLabels(RealData.file("elastix-right-lung/lungs.nii.gz"));
        SegmentationResult r = lungsOnly.segment(ct);
        assertThat(Overlap.dice(r.labels(), new int[] {1, 2}, truth, new int[] {2})).isGreaterThan(0.8);
    }

    @Test
    void aTwoSliceCropIsSegmentedWithAWarning() {
        Volume ct = NiftiReader.read(RealData.file("cip-crop-2slices/ct.nii.gz"));
        LabelMap truth = NiftiReader.readLabels(RealData.file("cip-crop-2slices/lungs.nii.gz"));
        SegmentationResult r = lungsOnly.segment(ct);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("covers only 1.0 mm"));
        assertThat(Overlap.dice(r.labels(), new int[] {1, 2}, truth, new int[] {1, 2})).isGreaterThan(0.8);
        assertThat(Overlap.centroid(r.labels(), 1)[0]).isLessThan(Overlap.centroid(r.labels(), 2)[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cip-ct64", "cip-testinput", "cip-crop-2slices", "elastix-right-lung", "totalseg-example"})
    void everyRealCaseGivesAMaskOnItsGridWithMeasurementsThatMatchIt(String name) {
        Volume ct = NiftiReader.read(RealData.file(name + "/ct.nii.gz"));
        SegmentationResult r = withInfection.segment(ct);
        assertThat(r.labels().grid()).isEqualTo(ct.grid());
        long[] h = r.labels().histogram();
        assertThat(h[0] + h[1] + h[2] + h[3]).isEqualTo(ct.grid().voxelCount());
        assertThat(r.measurements().labelVoxels(Label.LEFT_LUNG)).isEqualTo(h[1]);
        assertThat(r.measurements().labelVoxels(Label.RIGHT_LUNG)).isEqualTo(h[2]);
        assertThat(r.measurements().labelVoxels(Label.INFECTION)).isEqualTo(h[3]);
        assertThat(r.warnings()).noneSatisfy(w -> assertThat(w).contains("swapped"));
    }
}
