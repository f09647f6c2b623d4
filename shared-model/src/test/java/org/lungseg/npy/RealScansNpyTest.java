package org.lungseg.npy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.rle.Rle;
import org.lungseg.testing.RealData;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** A real case converted to H2O's layout (images/*.npy + RLE) and back loses nothing. */
class RealScansNpyTest {

    @ParameterizedTest
    @EnumSource(NpyGeometry.Axes.class)
    void realScanAndLungsSurviveTheH2oLayout(NpyGeometry.Axes axes, @TempDir Path dir) {
        Volume ct = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        LabelMap lungs = NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
        Path image = dir.resolve("cip-ct64.npy");
        NpyWriter.write(NpyScans.fromVolume(ct, axes), image);

        NpyGeometry geometry = new NpyGeometry(axes, ct.grid().affine());
        Volume back = NpyScans.toVolume(new NpyReader().read(image), geometry);
        assertThat(back.grid().sameGeometry(ct.grid(), 0)).isTrue();
        assertThat(back.voxels()).isEqualTo(ct.voxels());

        // H2O keeps masks as RLE over the .npy array in Fortran order. For a (Z, Y, X) array that is
        // the grid flattened last axis fastest: check against the label array itself.
        FlatteningOrder gridOrder = axes == NpyGeometry.Axes.XYZ ? FlatteningOrder.FIRST_AXIS_FASTEST
                : FlatteningOrder.LAST_AXIS_FASTEST;
        NpyArray labelArray = new NpyReader().read(NpyWriter.toBytes(NpyScans.fromLabelMap(lungs, axes)), "mask.npy");
        float[] arrayFortran = labelArray.floats(FlatteningOrder.FIRST_AXIS_FASTEST);
        byte[] rebuilt = new byte[lungs.labels().length];
        for (Label lung : new Label[] {Label.LEFT_LUNG, Label.RIGHT_LUNG}) {
            String code = Rle.encode(lungs, lung.value(), gridOrder);
            boolean[] expectedOverArray = new boolean[arrayFortran.length];
            for (int p = 0; p < arrayFortran.length; p++) {
                expectedOverArray[p] = arrayFortran[p] == lung.value();
            }
            assertThat(Rle.decode(code, labelArray.shape(), FlatteningOrder.FIRST_AXIS_FASTEST)).isEqualTo(expectedOverArray);
            boolean[] onGrid = Rle.decode(code, ct.grid().dims(), gridOrder);
            for (int i = 0; i < onGrid.length; i++) {
                if (onGrid[i]) {
                    rebuilt[i] = (byte) lung.value();
                }
            }
        }
        assertThat(rebuilt).isEqualTo(lungs.labels());
    }
}
