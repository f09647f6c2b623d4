package org.lungseg.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelTest {

    @Test
    void valuesFollowCovid19CtSeg() {
        assertThat(Label.BACKGROUND.value()).isZero();
        assertThat(Label.LEFT_LUNG.value()).isEqualTo(1);
        assertThat(Label.RIGHT_LUNG.value()).isEqualTo(2);
        assertThat(Label.INFECTION.value()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Label.class)
    void fromValueFindsEachLabel(Label label) {
        assertThat(Label.fromValue(label.value())).isSameAs(label);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 4, 255})
    void fromValueRefusesOtherValues(int value) {
        assertThatThrownBy(() -> Label.fromValue(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(value));
    }

    @Test
    void previewColoursAreDistinctAndReadable() {
        assertThat(Arrays.stream(Label.values()).map(Label::rgb).distinct()).hasSize(4);
        assertThat(dominant(Label.LEFT_LUNG.rgb())).as("left lung blue-ish").isEqualTo('b');
        assertThat(dominant(Label.RIGHT_LUNG.rgb())).as("right lung green-ish").isEqualTo('g');
        assertThat(dominant(Label.INFECTION.rgb())).as("infection red/orange").isEqualTo('r');
        assertThat(Label.LEFT_LUNG.displayName()).isEqualTo("left lung");
        assertThat(Label.LEFT_LUNG.isLung()).isTrue();
        assertThat(Label.INFECTION.isLung()).isFalse();
    }

    private static char dominant(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        return r > g && r > b ? 'r' : g > b ? 'g' : 'b';
    }
}
