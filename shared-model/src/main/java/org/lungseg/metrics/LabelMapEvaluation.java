package org.lungseg.metrics;

import java.util.List;
import org.lungseg.label.BinaryMask;
import org.lungseg.label.Label;
import org.lungseg.label.LabelMasks;
import org.lungseg.volume.LabelMap;

/**
 * Scores a predicted label map against a reference on the same grid, one {@link ClassScore} per
 * class (left lung, right lung, infection), NSD at the COVID-19-CT-Seg benchmark's tolerances.
 * A class absent from both maps scores Dice, IoU and NSD 1.0.
 */
public final class LabelMapEvaluation {

    private LabelMapEvaluation() {
    }

    /**
     * Each class as the voxels carrying its label value, as the COVID-19-CT-Seg benchmark scores
     * them: "left lung" there excludes the infected part of the left lung.
     */
    public static List<ClassScore> perLabelValue(LabelMap predicted, LabelMap reference) {
        Grids.requireSame(predicted.grid(), reference.grid());
        return List.of(
                score(Label.LEFT_LUNG, LabelMasks.of(predicted, Label.LEFT_LUNG), LabelMasks.of(reference, Label.LEFT_LUNG)),
                score(Label.RIGHT_LUNG, LabelMasks.of(predicted, Label.RIGHT_LUNG), LabelMasks.of(reference, Label.RIGHT_LUNG)),
                infection(predicted, reference));
    }

    /**
     * Lungs whole, their infected part included ({@link WholeLungMasks}), as the model's lung
     * channels and the reported lung volumes mean them; infection as its label value.
     */
    public static List<ClassScore> wholeLungs(LabelMap predicted, LabelMap reference) {
        Grids.requireSame(predicted.grid(), reference.grid());
        WholeLungMasks p = WholeLungMasks.of(predicted);
        WholeLungMasks r = WholeLungMasks.of(reference);
        return List.of(
                score(Label.LEFT_LUNG, p.left(), r.left()),
                score(Label.RIGHT_LUNG, p.right(), r.right()),
                infection(predicted, reference));
    }

    /** Volume in mL of the voxels carrying {@code label}. */
    public static double volumeMl(LabelMap map, Label label) {
        return LabelMasks.of(map, label).volumeMl();
    }

    private static ClassScore infection(LabelMap predicted, LabelMap reference) {
        return score(Label.INFECTION, LabelMasks.of(predicted, Label.INFECTION), LabelMasks.of(reference, Label.INFECTION));
    }

    private static ClassScore score(Label label, BinaryMask predicted, BinaryMask reference) {
        return ClassScore.of(label.displayName(), predicted, reference, SurfaceDice.benchmarkToleranceMm(label));
    }
}
