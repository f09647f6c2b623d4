package org.lungseg.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;

/** The real cases of ../shared/data/real: geometry as their README states, lungs on the patient's sides. */
class RealScansTest {

    @ParameterizedTest
    @CsvSource({
        "cip-ct64,           64,  64, 79, LPS, 4.17, 3.99",
        "cip-testinput,      64,  64, 50, LPS, 5.28, 6.99",
        "cip-crop-2slices,  443, 349,  2, LPS, 0.59, 0.50",
        "elastix-right-lung, 57,  78, 64, LPS, 2.73, 5.00",
        "totalseg-example,  122, 101, 112, RAS, 3.00, 3.00"})
    void geometryMatchesTheReadme(String name, int nx, int ny, int nz, String orientation, double inPlane, double slice) {
        Volume ct = NiftiReader.read(RealData.file(name + "/ct.nii.gz"));
        Grid g = ct.grid();
        assertThat(g.dims()).containsExactly(nx, ny, nz);
        assertThat(g.orientation()).hasToString(orientation);
        assertThat(g.spacing()[0]).isCloseTo(inPlane, org.assertj.core.data.Offset.offset(0.01));
        assertThat(g.spacing()[2]).isCloseTo(slice, org.assertj.core.data.Offset.offset(0.01));
        IntensityRange range = IntensityRange.of(ct.voxels());
        assertThat(range.min()).as("air in HU").isLessThan(-900);
        assertThat(range.looksWindowed0To255()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"cip-ct64", "cip-crop-2slices", "totalseg-example", "elastix-right-lung"})
    void leftLungLiesAtThePatientsLeftAfterReorientationToRas(String name) {
        Path lungsPath = RealData.file(name + "/lungs.nii.gz");
        Volume ct = NiftiReader.read(RealData.file(name + "/ct.nii.gz"));
        LabelMap lungs = NiftiReader.readLabels(lungsPath);
        assertThat(lungs.grid().sameGeometry(ct.grid(), 1e-4)).as("mask on the scan's grid").isTrue();

        Reorientation r = Reorientation.toRas(lungs.grid());
        LabelMap ras = r.toRas(lungs);
        double[] left = centroidX(ras, Label.LEFT_LUNG.value());
        double[] right = centroidX(ras, Label.RIGHT_LUNG.value());
        if (name.equals("elastix-right-lung")) {
            assertThat(left[1]).as("the crop holds only the right lung").isZero();
            assertThat(right[1]).isPositive();
        } else {
            assertThat(left[1]).isPositive();
            assertThat(right[1]).isPositive();
            // RAS: x grows towards the patient's right, so the left lung has the smaller x.
            assertThat(left[0]).as("left lung centroid x < right lung centroid x").isLessThan(right[0]);
        }
        assertThat(r.toSource(ras).labels()).as("RAS -> storage is exact").isEqualTo(lungs.labels());
    }

    /** Mean x index of a label's voxels in a RAS label map, and how many there are. */
    private static double[] centroidX(LabelMap ras, int label) {
        double sum = 0;
        long n = 0;
        Grid g = ras.grid();
        for (int z = 0; z < g.nz(); z++) {
            for (int y = 0; y < g.ny(); y++) {
                for (int x = 0; x < g.nx(); x++) {
                    if (ras.get(x, y, z) == label) {
                        sum += x;
                        n++;
                    }
                }
            }
        }
        return new double[] {n == 0 ? Double.NaN : sum / n, n};
    }
}
