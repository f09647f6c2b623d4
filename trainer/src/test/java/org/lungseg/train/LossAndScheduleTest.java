package org.lungseg.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The learning-rate schedule and the BCE + soft Dice loss against values worked out by hand. */
class LossAndScheduleTest {

    @Test
    void cosineScheduleWarmsUpLinearlyThenDecaysToZero() {
        LearningRateSchedule s = new LearningRateSchedule("Cosine", 1e-3, 4, 12);
        assertThat(s.at(0)).isCloseTo(0.25e-3, within(1e-12));
        assertThat(s.at(1)).isCloseTo(0.50e-3, within(1e-12));
        assertThat(s.at(3)).isCloseTo(1e-3, within(1e-12));
        assertThat(s.at(4)).as("decay starts at the peak").isCloseTo(1e-3, within(1e-12));
        // 2 of 8 decay steps: 0.5 * (1 + cos(pi / 4))
        assertThat(s.at(6)).isCloseTo(1e-3 * 0.5 * (1 + Math.sqrt(0.5)), within(1e-12));
        assertThat(s.at(8)).isCloseTo(0.5e-3, within(1e-12));
        assertThat(s.at(12)).isCloseTo(0, within(1e-12));
        assertThat(s.at(50)).as("stays at 0 past the end").isCloseTo(0, within(1e-12));
        LearningRateSchedule constant = new LearningRateSchedule("Constant", 1e-3, 2, 12);
        assertThat(constant.at(0)).isCloseTo(0.5e-3, within(1e-12));
        assertThat(constant.at(11)).isEqualTo(1e-3);
    }

    /**
     * Two classes of two voxels, logits (2, -1) and (0, 3), targets (1, 0) and (0, 1):
     * sigmoid(2) = 0.880797, sigmoid(-1) = 0.268941, sigmoid(0) = 0.5, sigmoid(3) = 0.952574.
     * BCE = mean(-ln 0.880797, -ln(1 - 0.268941), -ln 0.5, -ln 0.952574)
     * = mean(0.126928, 0.313262, 0.693147, 0.048587) = 0.295481.
     * Dice (smooth 1): class 0 (2 * 0.880797 + 1) / (1.149738 + 1 + 1) = 0.876769,
     * class 1 (2 * 0.952574 + 1) / (1.452574 + 1 + 1) = 0.841444; loss 1 - 0.859107 = 0.140893.
     */
    @Test
    void bceDiceMatchesTheHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2, -1, 0, 3}, new Shape(1, 2, 1, 1, 2));
            NDArray targets = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 2, 1, 1, 2));
            assertThat(new BceDiceLoss(1, 0).compute(logits, targets).getFloat()).isCloseTo(0.295481f, within(2e-6f));
            assertThat(new BceDiceLoss(0, 1).compute(logits, targets).getFloat()).isCloseTo(0.140893f, within(2e-6f));
            assertThat(new BceDiceLoss(1, 0.5).compute(logits, targets).getFloat())
                    .isCloseTo(0.295481f + 0.5f * 0.140893f, within(3e-6f));
        }
    }
}
