package org.lungseg.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lungseg.label.Label;
import org.lungseg.volume.AxisCodes;

/** Severity levels, 0..255 windowed storage, and the grid sizes and spacings a spec allows. */
class PhantomSeverityAndStorageTest {

    private static PhantomSpec spec(long seed, Severity s) {
        return PhantomSpec.of(seed).withSize(96, 96, 56).withSeverity(s);
    }

    @Test
    void severityOrdersTheInfectedShareFromNoneToOverHalfALung() {
        long seed = 51;
        Phantom none = PhantomGenerator.generate(spec(seed, Severity.NONE));
        Phantom mild = PhantomGenerator.generate(spec(seed, Severity.MILD));
        Phantom moderate = PhantomGenerator.generate(spec(seed, Severity.MODERATE));
        Phantom severe = PhantomGenerator.generate(spec(seed, Severity.SEVERE));
        assertThat(none.labels().histogram()[3]).isZero();
        assertThat(mild.infectedFraction()).isGreaterThan(0).isLessThan(moderate.infectedFraction());
        assertThat(moderate.infectedFraction()).isLessThan(severe.infectedFraction());
        long[] infectedPerLung = new long[3];
        byte[] labels = severe.labels().labels();
        byte[] lungs = severe.lungs().labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 3) {
                infectedPerLung[lungs[i]]++;
            }
        }
        long[] lungSize = severe.lungs().histogram();
        double worse = Math.max((double) infectedPerLung[1] / lungSize[1], (double) infectedPerLung[2] / lungSize[2]);
        assertThat(worse).as("infected share of the worse lung in a severe case").isGreaterThan(0.5);
    }

    @Test
    void windowedStorageHoldsTheRoundedWindowOfTheHuPhantom() {
        Phantom hu = PhantomGenerator.generate(spec(52, Severity.MODERATE));
        Phantom windowed = PhantomGenerator.generate(spec(52, Severity.MODERATE).withWindowed(true));
        float[] h = hu.ct().voxels();
        float[] w = windowed.ct().voxels();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < w.length; i++) {
            assertThat(w[i]).isEqualTo(Math.round(255 * Math.max(0, Math.min(1, (h[i] + 1250) / 1500.0))));
            min = Math.min(min, w[i]);
            max = Math.max(max, w[i]);
        }
        assertThat(min).isGreaterThanOrEqualTo(0);
        assertThat(max).isLessThanOrEqualTo(255).isGreaterThan(200);
        assertThat(windowed.labels().labels()).isEqualTo(hu.labels().labels());
    }

    @Test
    void requestedSpacingAndTheIssuesExtremeGridsAreHonoured() {
        Phantom thin = PhantomGenerator.generate(PhantomSpec.of(53).withSize(64, 64, 600).withSpacing(5, 0.6)
                .withSeverity(Severity.NONE).withOrientation(AxisCodes.parse("LPS")));
        assertThat(thin.ct().grid().dims()).containsExactly(64, 64, 600);
        assertThat(thin.ct().grid().spacing()).containsExactly(new double[] {5, 5, 0.6},
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(thin.lungs().histogram()[1]).isPositive();

        Phantom wide = PhantomGenerator.generate(PhantomSpec.of(54).withSize(512, 512, 40).withSpacing(0, 5)
                .withSeverity(Severity.MILD));
        assertThat(wide.ct().grid().dims()).containsExactly(512, 512, 40);
        assertThat(wide.ct().grid().spacing()[2]).isEqualTo(5.0);
        assertThat(wide.lungVolumeMl(Label.LEFT_LUNG)).isGreaterThan(500);
    }

    @Test
    void automaticSliceSpacingStaysInTheScannerRange() {
        for (int slices : new int[] {40, 128, 600}) {
            Phantom p = PhantomGenerator.generate(PhantomSpec.of(55).withSize(32, 32, slices).withSeverity(Severity.NONE));
            assertThat(p.ct().grid().spacing()[2]).as("slice spacing for %d slices", slices)
                    .isBetween(PhantomSpec.MIN_SLICE_SPACING_MM, PhantomSpec.MAX_SLICE_SPACING_MM);
        }
    }

    @Test
    void specsOutsideTheSupportedRangeAreRefused() {
        assertThatThrownBy(() -> PhantomSpec.of(1).withSize(513, 256, 100)).hasMessageContaining("in-plane size");
        assertThatThrownBy(() -> PhantomSpec.of(1).withSize(256, 256, 601)).hasMessageContaining("slice count");
        assertThatThrownBy(() -> PhantomSpec.of(1).withSpacing(0, 0.5)).hasMessageContaining("slice spacing");
        assertThatThrownBy(() -> PhantomSpec.of(1).withSpacing(7, 0)).hasMessageContaining("in-plane spacing");
        assertThatThrownBy(() -> Severity.parse("critical")).hasMessageContaining("none, mild, moderate, severe");
    }
}
