package org.lungseg.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lungseg.label.Label;
import org.lungseg.phantom.Phantom;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.train.TrainingData;
import org.lungseg.volume.Grid;

class FieldOfViewTest {

    @Test
    void cutsKeepEveryVoxelWhereItWasInThePatient() {
        Phantom p = PhantomGenerator.generate(TrainingData.variety(41, 96));
        LabelledCase whole = new LabelledCase("p", p.ct(), p.labels(), p.lungs());
        LabelledCase cut = FieldOfView.crop(whole, "p-cut", new int[] {5, 7, 9}, new int[] {40, 50, 30});
        Grid g = cut.ct().grid();
        assertThat(g.dims()).containsExactly(35, 43, 21);
        assertThat(g.affine().apply(0, 0, 0)).containsExactly(whole.ct().grid().affine().apply(5, 7, 9));
        assertThat(cut.ct().get(3, 4, 5)).isEqualTo(whole.ct().get(8, 11, 14));
        assertThat(cut.labels().get(30, 40, 20)).isEqualTo(whole.labels().get(35, 47, 29));
    }

    @Test
    void eachKindOfCutShowsWhatItsNameSays() {
        Set<FieldOfView.Cut> seen = EnumSet.noneOf(FieldOfView.Cut.class);
        for (long seed = 0; seed < 12; seed++) {
            Phantom p = PhantomGenerator.generate(TrainingData.variety(100 + seed, 96));
            LabelledCase whole = new LabelledCase("p", p.ct(), p.labels(), p.lungs());
            LabelledCase cut = FieldOfView.random(whole, new SplittableRandom(seed));
            long[] before = whole.wholeLungs().histogram();
            long[] after = cut.wholeLungs().histogram();
            int si = whole.ct().grid().orientation().voxelAxisOf(2);
            if (cut.name().endsWith("one_lung")) {
                seen.add(FieldOfView.Cut.ONE_LUNG);
                boolean keptLeft = after[Label.LEFT_LUNG.value()] == before[Label.LEFT_LUNG.value()];
                boolean keptRight = after[Label.RIGHT_LUNG.value()] == before[Label.RIGHT_LUNG.value()];
                assertThat(keptLeft ^ keptRight || keptLeft && keptRight).as("the chosen lung is whole").isTrue();
                assertThat(cut.ct().voxels().length).isLessThan(whole.ct().voxels().length);
            } else if (cut.name().endsWith("slab")) {
                seen.add(FieldOfView.Cut.SLAB);
                assertThat(cut.ct().grid().dim(si)).isBetween(2, 8);
                assertThat(after[1] + after[2]).as("a slab through the lungs").isPositive();
            } else {
                assertThat(cut.name()).endsWith("bases");
                seen.add(FieldOfView.Cut.BASES);
                double share = (double) (after[1] + after[2]) / (before[1] + before[2]);
                assertThat(share).as("the bases are a minority of the lungs").isGreaterThan(0).isLessThan(0.6);
                assertThat(lowestZ(cut.ct().grid())).as("down to the scan's inferior end")
                        .isCloseTo(lowestZ(whole.ct().grid()), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        assertThat(seen).as("all kinds drawn in 12 seeds").hasSize(3);
    }

    /** The most inferior world z (RAS mm) of a grid's corner voxels. */
    private static double lowestZ(Grid g) {
        double z = Double.MAX_VALUE;
        for (int c = 0; c < 8; c++) {
            z = Math.min(z, g.affine().apply((c & 1) * (g.nx() - 1), (c >> 1 & 1) * (g.ny() - 1), (c >> 2) * (g.nz() - 1))[2]);
        }
        return z;
    }
}
