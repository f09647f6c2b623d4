package org.lungseg.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
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

    /**
     * train.pq as H2O's layout has it, read by Parquet's own ParquetFileReader rather than by
     * H2oTable: one row per volume, image a string, rle_mask and class_id lists of strings, the
     * classes in a fixed order. (Only the page codec is ours: Hadoop's needs a Hadoop runtime.)
     */
    @Test
    void h2oTableHasOneRowPerVolumeWithListsOfStringsInParquetsOwnReading(@TempDir Path dir) throws Exception {
        for (H2oLayout.Classes classes : H2oLayout.Classes.values()) {
            Path root = dir.resolve(classes.name());
            H2oLayout.Writer writer = H2oLayout.writer(root, classes);
            writer.add(lps);
            writer.add(windowed);
            writer.finish();
            ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .withCodecFactory(new ParquetCodecs()).build();
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(root.resolve(H2oLayout.TABLE)), options)) {
                assertThat(reader.getRecordCount()).as("rows of %s, one per volume", classes).isEqualTo(2);
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                Type image = schema.getType("image");
                assertThat(image.isPrimitive()).isTrue();
                assertThat(image.asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BINARY);
                assertThat(image.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
                for (String column : List.of("rle_mask", "class_id")) {
                    GroupType list = schema.getType(column).asGroupType();
                    assertThat(list.getLogicalTypeAnnotation()).as(column).isEqualTo(LogicalTypeAnnotation.listType());
                    Type element = list.getType(0).asGroupType().getType(0);
                    assertThat(element.asPrimitiveType().getPrimitiveTypeName()).as(column).isEqualTo(PrimitiveTypeName.BINARY);
                    assertThat(element.getLogicalTypeAnnotation()).as(column).isEqualTo(LogicalTypeAnnotation.stringType());
                }
                List<String> images = new ArrayList<>();
                PageReadStore pages;
                while ((pages = reader.readNextRowGroup()) != null) {
                    RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                            .getRecordReader(pages, new GroupRecordConverter(schema));
                    for (long r = 0; r < pages.getRowCount(); r++) {
                        Group row = records.read();
                        images.add(row.getString("image", 0));
                        List<String> classIds = listOfStrings(row, "class_id");
                        List<String> expected = classes == H2oLayout.Classes.SIDES
                                ? List.of("left_lung", "right_lung", "infection") : List.of("lungs");
                        assertThat(classIds).as("class_id of %s", images.get(images.size() - 1)).isEqualTo(expected);
                        assertThat(listOfStrings(row, "rle_mask")).hasSameSizeAs(classIds)
                                .allSatisfy(rle -> {
                                    // start length pairs; a grouped regex would overflow the stack on codes this long
                                    assertThat(rle).matches("[0-9 ]+");
                                    String[] numbers = rle.split(" ");
                                    assertThat(numbers.length).isGreaterThan(1).isEven();
                                });
                    }
                }
                String suffix = classes == H2oLayout.Classes.SIDES ? ".npy" : ".nii.npy";
                assertThat(images).containsExactly("case_a" + suffix, "case_b" + suffix);
            }
        }
    }

    private static List<String> listOfStrings(Group row, String column) {
        Group list = row.getGroup(column, 0);
        List<String> values = new ArrayList<>();
        for (int e = 0; e < list.getFieldRepetitionCount(0); e++) {
            values.add(list.getGroup(0, e).getString(0, 0));
        }
        return values;
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
