package org.lungseg.rle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.testing.RealData;
import org.lungseg.volume.LabelMap;

/** Run-length codes of the real lung masks in ../shared/data/real decode to the same voxels. */
class RealLabelsRleTest {

    @ParameterizedTest
    @ValueSource(strings = {"cip-ct64", "cip-crop-2slices", "elastix-right-lung", "totalseg-example"})
    void realLungMasksRoundTripInBothOrders(String name) {
        LabelMap lungs = NiftiReader.readLabels(RealData.file(name + "/lungs.nii.gz"));
        int[] dims = lungs.grid().dims();
        for (Label lung : new Label[] {Label.LEFT_LUNG, Label.RIGHT_LUNG}) {
            long count = lungs.histogram()[lung.value()];
            for (FlatteningOrder order : FlatteningOrder.values()) {
                String code = Rle.encode(lungs, lung.value(), order);
                boolean[] expected = new boolean[lungs.labels().length];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = lungs.labels()[i] == lung.value();
                }
                assertThat(Rle.decode(code, dims, order)).isEqualTo(expected);
                assertThat(code.isEmpty()).isEqualTo(count == 0);
            }
        }
    }
}
