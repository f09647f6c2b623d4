package org.lungseg.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A seed fixes a phantom bit for bit; another seed gives another patient. */
class PhantomReproducibilityTest {

    private static PhantomSpec spec(long seed) {
        return PhantomSpec.of(seed).withSize(96, 96, 48).withSeverity(Severity.MODERATE);
    }

    @Test
    void sameSeedGivesIdenticalBytes() {
        Phantom a = PhantomGenerator.generate(spec(7));
        Phantom b = PhantomGenerator.generate(spec(7));
        assertThat(a.ct().voxels()).isEqualTo(b.ct().voxels());
        assertThat(a.labels().labels()).isEqualTo(b.labels().labels());
        assertThat(a.lungs().labels()).isEqualTo(b.lungs().labels());
        assertThat(a.tissues()).isEqualTo(b.tissues());
        assertThat(a.ct().grid().affine()).isEqualTo(b.ct().grid().affine());
        assertThat(a.lesions()).isEqualTo(b.lesions());
    }

    @Test
    void differentSeedsGiveDifferentPatients() {
        Phantom a = PhantomGenerator.generate(spec(7));
        Phantom b = PhantomGenerator.generate(spec(8));
        assertThat(Arrays.equals(a.ct().voxels(), b.ct().voxels())).isFalse();
        assertThat(Arrays.equals(a.labels().labels(), b.labels().labels())).isFalse();
        assertThat(a.lungVolumeMl(org.lungseg.label.Label.LEFT_LUNG))
                .isNotEqualTo(b.lungVolumeMl(org.lungseg.label.Label.LEFT_LUNG));
    }

    @Test
    void severityChangesOnlyTheInfectionNotTheAnatomy() {
        Phantom none = PhantomGenerator.generate(spec(9).withSeverity(Severity.NONE));
        Phantom severe = PhantomGenerator.generate(spec(9).withSeverity(Severity.SEVERE));
        assertThat(severe.lungs().labels()).isEqualTo(none.lungs().labels());
        assertThat(Arrays.equals(severe.labels().labels(), none.labels().labels())).isFalse();
    }
}
