package org.lungseg.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputNamesTest {

    private final OutputNames names = new OutputNames("segmentations");

    @Test
    void outputsMirrorTheScanKeyUnderThePrefix() {
        assertThat(names.prefix()).isEqualTo("segmentations/");
        assertThat(names.mask("ward/ct1.nii.gz")).isEqualTo("segmentations/ward/ct1.mask.nii.gz");
        assertThat(names.preview("ward/ct1.nii.gz")).isEqualTo("segmentations/ward/ct1.preview.png");
        assertThat(names.mask("CT.NII")).isEqualTo("segmentations/CT.mask.nii.gz");
        assertThat(names.mask("series.zip")).isEqualTo("segmentations/series.mask.nii.gz");
        assertThat(names.mask("scan")).isEqualTo("segmentations/scan.mask.nii.gz");
    }

    @Test
    void theOutputsThemselvesAreRecognised() {
        assertThat(names.isOutput(names.mask("a/b.nii.gz"))).isTrue();
        assertThat(names.isOutput("segmentations-old/b.nii.gz")).isFalse();
        assertThat(names.isOutput("a/segmentations/b.nii.gz")).isFalse();
    }

    @Test
    void aPrefixThatCouldClimbOrCoverEverythingIsRefused() {
        for (String bad : new String[] {"", "/abs/", "../up/", "a/../b", "a//b", "a\\b", "."}) {
            assertThatThrownBy(() -> new OutputNames(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
