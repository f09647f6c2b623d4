package org.lungseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.npy.NpyGeometry;
import org.lungseg.npy.NpyScans;
import org.lungseg.npy.NpyWriter;
import org.lungseg.phantom.Phantom;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.phantom.PhantomSpec;
import org.lungseg.phantom.Severity;
import org.lungseg.rle.Rle;
import org.lungseg.volume.AxisCodes;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Reorientation;
import org.lungseg.volume.Volume;

/** Cases written in each layout come back with the same grid, voxels and labels. */
class LayoutRoundTripTest {

    private static LabelledCase lps;
    private static LabelledCase windowed;

    @BeforeAll
    static void phantoms() {
        Phantom a = PhantomGenerator.generate(PhantomSpec.of(3).withSize(64, 56, 40)
                .withSeverity(Severity.MODERATE).withOrientation(AxisCodes.parse("LPS")));
        Phantom b = PhantomGenerator.generate(PhantomSpec.of(4).withSize(48, 48, 32)
                .withSeverity(Severity.SEVERE).withOrientation(AxisCodes.parse("PLS")).withWindowed(true));
        lps = new LabelledCase("case_a", a.ct(), a.labels(), a.lungs());
        windowed = new LabelledCase("case_b", b.ct(), b.labels(), b.lungs());
    }

    @Test
    void zenodoLayoutKeepsGeometryVoxelsAndAllFourMasks(@TempDir Path dir) throws Exception {
        ZenodoLayout.write(dir, lps);
        ZenodoLayout.write(dir, windowed);
        for (String folder : List.of(ZenodoLayout.SCANS, ZenodoLayout.LUNG_AND_INFECTION, ZenodoLayout.LUNGS,
                ZenodoLayout.INFECTION)) {
            assertThat(dir.resolve(folder).resolve("case_a.nii.gz")).isRegularFile();
        }
        CaseReader reader = Datasets.open(dir);
        assertThat(reader).isInstanceOf(ZenodoLayout.class);
        assertThat(reader.names()).containsExactly("case_a", "case_b");
        for (LabelledCase original : List.of(lps, windowed)) {
            LabelledCase back = reader.read(original.name());
            assertThat(back.ct().grid().sameGeometry(original.ct().grid(), 1e-4)).isTrue();
            assertThat(back.ct().grid().orientation()).isEqualTo(original.ct().grid().orientation());
            assertThat(back.ct().voxels()).isEqualTo(original.ct().voxels());
            assertThat(back.labels().labels()).isEqualTo(original.labels().labels());
            assertThat(back.lungs().labels()).isEqualTo(original.lungs().labels());
        }
        LabelMap infection = org.lungseg.nifti.NiftiReader.readLabels(dir.resolve(ZenodoLayout.INFECTION).resolve("case_a.nii.gz"));
        long[] h = infection.histogram();
        assertThat(h[1]).isEqualTo(lps.labels().histogram()[3]).isPositive();
        assertThat(h[0] + h[1]).isEqualTo(infection.labels().length);
    }

    @Test
    void zenodoLungAndInfectionMasksStandInForTheCombinedOne(@TempDir Path dir) throws Exception {
        ZenodoLayout.write(dir, lps);
        Path combined = dir.resolve(ZenodoLayout.LUNG_AND_INFECTION);
        Files.delete(combined.resolve("case_a.nii.gz"));
        Files.delete(combined);
        CaseReader reader = Datasets.open(dir);
        assertThat(reader).isInstanceOf(ZenodoLayout.class);
        LabelledCase back = reader.read("case_a");
        assertThat(back.labels().labels()).isEqualTo(lps.labels().labels());
        assertThat(back.labels().histogram()[3]).isPositive();
        assertThat(back.lungs().labels()).isEqualTo(lps.lungs().labels());
        Files.delete(dir.resolve(ZenodoLayout.INFECTION).resolve("case_a.nii.gz"));
        assertThatThrownBy(() -> reader.read("case_a")).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("case_a").hasMessageContaining(ZenodoLayout.INFECTION);
    }

    @Test
    void h2oLayoutKeepsLabelsAndGeometryInRasOrder(@TempDir Path dir) {
        H2oLayout.Writer writer = H2oLayout.writer(dir);
        writer.add(lps);
        writer.add(windowed);
        writer.finish();
        assertThat(dir.resolve(H2oLayout.TABLE)).isRegularFile();
        assertThat(dir.resolve(H2oLayout.IMAGES).resolve("case_a.npy")).isRegularFile();
        CaseReader reader = Datasets.open(dir);
        assertThat(reader).isInstanceOf(H2oLayout.class);
        assertThat(reader.names()).containsExactly("case_a", "case_b");
        for (LabelledCase original : List.of(lps, windowed)) {
            Reorientation toRas = Reorientation.toRas(original.ct().grid());
            LabelledCase back = reader.read(original.name());
            assertThat(back.ct().grid().orientation()).isEqualTo(AxisCodes.RAS);
            assertThat(back.ct().grid().sameGeometry(toRas.ras(), 1e-9)).isTrue();
            assertThat(back.ct().voxels()).isEqualTo(toRas.toRas(original.ct()).voxels());
            assertThat(back.labels().labels()).isEqualTo(toRas.toRas(original.labels()).labels());
            assertThat(back.lungs().labels()).isEqualTo(toRas.toRas(original.lungs()).labels());
        }
    }

    @Test
    void h2oTableReadsOneRowPerVolumeAndClassWithoutAnAffine(@TempDir Path dir) throws Exception {
        Reorientation toRas = Reorientation.toRas(lps.ct().grid());
        Volume ct = toRas.toRas(lps.ct());
        LabelMap labels = toRas.toRas(lps.labels());
        LabelMap lungs = toRas.toRas(lps.lungs());
        Files.createDirectories(dir.resolve("images"));
        NpyWriter.write(NpyScans.fromVolume(ct, NpyGeometry.Axes.XYZ), dir.resolve("images/scan.npy"));
        MessageType schema = Types.buildMessage()
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("image")
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("rle_mask")
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("class_id")
                .named("schema");
        FlatteningOrder f = FlatteningOrder.FIRST_AXIS_FASTEST;
        String[][] rows = {
            {"Lung Left", Rle.encode(lungs, 1, f)},
            {"Lung Right", Rle.encode(lungs, 2, f)},
            {"COVID-19 infection", Rle.encode(labels, 3, f)}};
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("train.pq")))
                .withConf(new PlainParquetConfiguration()).withType(schema)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            for (String[] row : rows) {
                w.write(groups.newGroup().append("image", "scan.npy").append("rle_mask", row[1]).append("class_id", row[0]));
            }
        }
        LabelledCase back = new H2oLayout(dir).read("scan");
        assertThat(back.ct().grid().affine()).isEqualTo(NpyGeometry.DEFAULT.affine());
        assertThat(back.ct().grid().dims()).isEqualTo(ct.grid().dims());
        assertThat(back.labels().labels()).isEqualTo(labels.labels());
        assertThat(back.lungs().labels()).isEqualTo(lungs.labels());
    }

    @Test
    void zenodoMaskOnAnotherGridIsRefusedByName(@TempDir Path dir) {
        ZenodoLayout.write(dir, lps);
        var g = lps.labels().grid();
        double[] rows = g.affine().rows();
        rows[3] += 2.0; // the mask shifted 2 mm to the side: it would not overlay its scan
        var shifted = new org.lungseg.volume.Grid(g.nx(), g.ny(), g.nz(), org.lungseg.volume.Affine.ofRows(rows));
        org.lungseg.nifti.NiftiWriter.write(new LabelMap(shifted, lps.labels().labels()),
                dir.resolve(ZenodoLayout.LUNG_AND_INFECTION).resolve("case_a.nii.gz"));
        assertThatThrownBy(() -> new ZenodoLayout(dir).read("case_a")).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("case_a").hasMessageContaining("not on the scan's grid");
    }

    @Test
    void h2oClassNamesMustNameALungSideBothLungsOrTheInfection() {
        assertThat(H2oLayout.labelOf("left_lung")).isEqualTo(1);
        assertThat(H2oLayout.labelOf("Right Lung")).isEqualTo(2);
        assertThat(H2oLayout.labelOf("infection")).isEqualTo(3);
        assertThat(H2oLayout.labelOf("lungs")).isEqualTo(H2oLayout.BOTH_LUNGS);
        assertThat(H2oLayout.labelOf("Lung")).isEqualTo(H2oLayout.BOTH_LUNGS);
        assertThatThrownBy(() -> H2oLayout.labelOf("heart")).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("heart").hasMessageContaining("left_lung").hasMessageContaining("infection")
                .hasMessageContaining("lungs");
    }

    @Test
    void h2oOwnLungsClassIsSplitIntoTheSidesAndHasNoInfectionGroundTruth(@TempDir Path dir) {
        H2oLayout.Writer writer = H2oLayout.writer(dir, H2oLayout.Classes.LUNGS);
        writer.add(lps);
        writer.finish();
        assertThat(dir.resolve(H2oLayout.IMAGES).resolve("case_a.nii.npy")).isRegularFile();
        CaseReader reader = Datasets.open(dir);
        assertThat(reader.names()).containsExactly("case_a.nii");
        assertThat(reader.classes()).containsExactly(H2oLayout.LEFT_LUNG, H2oLayout.RIGHT_LUNG);
        LabelledCase back = reader.read("case_a.nii");
        byte[] expected = Reorientation.toRas(lps.ct().grid()).toRas(lps.lungs()).labels();
        byte[] lungs = back.lungs().labels();
        long agree = 0;
        long inLungs = 0;
        for (int i = 0; i < expected.length; i++) {
            assertThat(lungs[i] != 0).isEqualTo(expected[i] != 0);
            if (expected[i] != 0) {
                inLungs++;
                agree += lungs[i] == expected[i] ? 1 : 0;
            }
        }
        assertThat(inLungs).isPositive();
        assertThat(agree / (double) inLungs).as("lung voxels on the phantom's own side").isGreaterThan(0.99);
        assertThat(back.labels().histogram()[3]).as("no infection label without infection ground truth").isZero();
        assertThat(new H2oLayout(dir).classes()).hasSize(2);
        assertThat(Datasets.open(writeSides(dir.resolve("sides"))).classes()).hasSize(3);
    }

    private static Path writeSides(Path dir) {
        H2oLayout.Writer writer = H2oLayout.writer(dir);
        writer.add(windowed);
        writer.finish();
        return dir;
    }

    @Test
    void folderWithoutCasesIsRefusedWithTheLayoutsItLookedFor(@TempDir Path dir) {
        assertThatThrownBy(() -> Datasets.open(dir)).isInstanceOf(InvalidScanException.class)
                .hasMessageContaining("COVID-19-CT-Seg_20cases").hasMessageContaining("train.pq");
    }
}
