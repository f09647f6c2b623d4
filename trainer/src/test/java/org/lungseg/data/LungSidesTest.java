package org.lungseg.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.LabelMap;

/** A both-lungs mask comes back as the patient's left and right lung, sides read from the affine. */
class LungSidesTest {

    @Test
    void aRealLungMaskMergedIntoOneLabelSplitsBackIntoItsSides() {
        LabelMap truth = NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
        byte[] t = truth.labels();
        boolean[] both = new boolean[t.length];
        long[] perSide = new long[3];
        for (int i = 0; i < t.length; i++) {
            both[i] = t[i] == 1 || t[i] == 2;
            if (both[i]) {
                perSide[t[i]]++;
            }
        }
        assertThat(perSide[1]).as("left lung voxels in the real mask").isPositive();
        assertThat(perSide[2]).as("right lung voxels in the real mask").isPositive();

        byte[] split = LungSides.split(truth.grid(), both).labels();

        long[] agree = new long[3];
        for (int i = 0; i < t.length; i++) {
            assertThat(split[i] != 0).isEqualTo(both[i]);
            if (both[i] && split[i] == t[i]) {
                agree[t[i]]++;
            }
        }
        assertThat(agree[1] / (double) perSide[1]).as("left lung voxels given to the left").isGreaterThan(0.99);
        assertThat(agree[2] / (double) perSide[2]).as("right lung voxels given to the right").isGreaterThan(0.99);
    }
}
