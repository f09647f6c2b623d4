package org.lungseg.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Affine;
import org.lungseg.volume.AxisCodes;
import org.lungseg.volume.Volume;

/**
 * The real DICOM series of {@code ../shared/data/real}, read in place: the uncompressed cip-ct64
 * series against its NIfTI conversion, and the JPEG 2000 totalseg-example series against its own
 * header values.
 */
class RealDicomSeriesTest {

    @TempDir
    Path dir;

    @Test
    void cipSeriesReadsToTheVoxelsAndGeometryOfItsNiftiConversion() {
        Path folder = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        Volume nifti = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));

        Volume dicom = DicomSeriesReader.read(folder);

        assertThat(dicom.grid().dimsText()).isEqualTo("64x64x79").isEqualTo(nifti.grid().dimsText());
        assertThat(dicom.grid().affine().approximatelyEquals(nifti.grid().affine(), 1e-3))
                .as("DICOM affine%n%s%nNIfTI affine%n%s", dicom.grid().affine(), nifti.grid().affine()).isTrue();
        assertThat(dicom.voxels()).isEqualTo(nifti.voxels());
        assertThat(dicom.warnings()).isEmpty();
    }

    @Test
    void cipFirstSliceLiesAtItsImagePositionAndTheStackRunsFootToHead() {
        Path folder = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        Affine a = DicomSeriesReader.read(folder).grid().affine();
        // IMG0001 is at LPS (-128.414, -264.414, -360.256), IMG0079 at z -49.2437 (dcmdump).
        assertThat(a.apply(0, 0, 0)).containsExactly(new double[] {128.414, 264.414, -360.256}, within(1e-6));
        assertThat(a.apply(0, 0, 78)[2]).isCloseTo(-49.2437, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(AxisCodes.of(a).toString()).isEqualTo("LPS");
    }

    @Test
    void aZipOfTheCipFolderReadsIdentically() throws IOException {
        Path folder = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        Path zip = DicomZip.of(folder, dir.resolve("cip.zip"));
        Volume fromFolder = DicomSeriesReader.read(folder);

        Volume fromZip = DicomSeriesReader.read(zip);
        Volume fromBytes = DicomSeriesReader.readZip(Files.readAllBytes(zip), "upload.zip");

        for (Volume v : List.of(fromZip, fromBytes)) {
            assertThat(v.grid().sameGeometry(fromFolder.grid(), 0)).isTrue();
            assertThat(v.voxels()).isEqualTo(fromFolder.voxels());
        }
    }

    @Test
    void oneFileOfASeriesReadsItsWholeSeries() {
        Path file = RealData.file("cip-ct64/dicom/IMG0040.dcm");
        assertThat(DicomSeriesReader.read(file).grid().nz()).isEqualTo(79);
    }

    @Test
    void jpeg2000SeriesReadsWithPlausibleHuAndItsOwnGeometry() {
        Path folder = RealData.file("totalseg-example/dicom/CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573")
                .getParent();

        Volume v = DicomSeriesReader.read(folder);

        assertThat(v.grid().dimsText()).isEqualTo("512x512x20");
        Affine a = v.grid().affine();
        // Header values: PixelSpacing 0.9765625, IOP 1\0\0\0\1\0, IPP (-249.51171875, -437.51171875, z)
        // with z from -804.5 (instance 286) to -766.5 (instance 267) in 2 mm steps.
        assertThat(a.rows()).containsExactly(new double[] {
            -0.9765625, 0, 0, 249.51171875,
            0, -0.9765625, 0, 437.51171875,
            0, 0, 2.0, -804.5}, within(1e-9));
        float[] hu = v.voxels();
        // Corner of the lowest slice: outside the patient, air.
        assertThat(v.get(0, 0, 0)).isBetween(-1100f, -900f);
        assertThat(fraction(hu, -1100, -900)).as("air fraction").isBetween(0.2, 0.8);
        assertThat(fraction(hu, -100, 100)).as("soft tissue fraction").isBetween(0.1, 0.6);
        assertThat(min(hu)).isGreaterThanOrEqualTo(-1024f);
        assertThat(max(hu)).isLessThan(3072f);
    }

    @Test
    void requestedAttributesAndNothingElseAreHandedBack() {
        Path folder = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        DicomSeries s = DicomSeriesReader.readSeries(folder, DicomReadOptions.defaults()
                .withAttributes(Set.of(DicomAttribute.MODALITY, DicomAttribute.SLICE_THICKNESS)));
        assertThat(s.attributes()).containsOnlyKeys(DicomAttribute.MODALITY, DicomAttribute.SLICE_THICKNESS);
        assertThat(s.attributes().get(DicomAttribute.MODALITY)).isEqualTo("CT");
        assertThat(s.slices()).isEqualTo(79);
        assertThat(DicomSeriesReader.readSeries(folder, DicomReadOptions.defaults()).attributes()).isEmpty();
    }

    @Test
    void looksLikeDicomTellsSeriesFromOtherInputs() throws IOException {
        Path folder = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        assertThat(DicomSeriesReader.looksLikeDicom(folder)).isTrue();
        assertThat(DicomSeriesReader.looksLikeDicom(folder.resolve("IMG0001.dcm"))).isTrue();
        assertThat(DicomSeriesReader.looksLikeDicom(DicomZip.of(folder, dir.resolve("s.zip")))).isTrue();
        assertThat(DicomSeriesReader.looksLikeDicom(RealData.file("cip-ct64/ct.nii.gz"))).isFalse();
        assertThat(DicomSeriesReader.looksLikeDicom(folder.getParent().getParent().resolve("cip-testinput"))).isFalse();
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    private static double fraction(float[] v, float lo, float hi) {
        long n = 0;
        for (float f : v) {
            if (f >= lo && f <= hi) {
                n++;
            }
        }
        return (double) n / v.length;
    }

    private static float min(float[] v) {
        float m = Float.MAX_VALUE;
        for (float f : v) {
            m = Math.min(m, f);
        }
        return m;
    }

    private static float max(float[] v) {
        float m = -Float.MAX_VALUE;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }
}
