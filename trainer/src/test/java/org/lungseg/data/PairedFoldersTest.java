package org.lungseg.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lungseg.testing.RealData;

/** The real cases of ../shared/data/real read as paired ct/lungs folders. */
class PairedFoldersTest {

    @Test
    void readsEveryRealCaseWithLabelsOnTheScansGrid() {
        RealData.file("cip-ct64/lungs.nii.gz");
        CaseReader reader = Datasets.open(RealData.root());
        assertThat(reader).isInstanceOf(PairedFolders.class);
        assertThat(reader.names()).contains("cip-ct64", "cip-crop-2slices", "elastix-right-lung", "totalseg-example")
                .doesNotContain("cip-testinput");
        LabelledCase c = reader.read("cip-ct64");
        assertThat(c.ct().grid().dimsText()).isEqualTo("64x64x79");
        assertThat(c.labels().grid().sameGeometry(c.ct().grid(), 1e-3)).isTrue();
        long[] h = c.labels().histogram();
        assertThat(h[1]).isPositive();
        assertThat(h[2]).isPositive();
        assertThat(c.wholeLungs().histogram()[1]).isEqualTo(h[1]);
    }
}
