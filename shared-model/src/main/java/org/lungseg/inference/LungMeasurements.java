package org.lungseg.inference;

import org.lungseg.label.Label;

/**
 * Volumes of a segmentation. Lungs include their infected part (as the model's lung channels do);
 * infection is counted per lung, so its share of each lung is known even though the label map
 * writes 3 for both.
 *
 * @param leftVoxels          voxels of the left lung, infected ones included
 * @param rightVoxels         voxels of the right lung, infected ones included
 * @param leftInfectedVoxels  infected voxels of the left lung
 * @param rightInfectedVoxels infected voxels of the right lung
 * @param voxelMl             millilitres per voxel
 * @param leftCentroidMm      world (RAS mm) centre of the left lung, or null when there is none
 * @param rightCentroidMm     world (RAS mm) centre of the right lung, or null when there is none
 */
public record LungMeasurements(long leftVoxels, long rightVoxels, long leftInfectedVoxels, long rightInfectedVoxels,
                               double voxelMl, double[] leftCentroidMm, double[] rightCentroidMm) {

    /** Voxels carrying {@code label} in the label map. */
    public long labelVoxels(Label label) {
        return switch (label) {
            case LEFT_LUNG -> leftVoxels - leftInfectedVoxels;
            case RIGHT_LUNG -> rightVoxels - rightInfectedVoxels;
            case INFECTION -> leftInfectedVoxels + rightInfectedVoxels;
            case BACKGROUND -> throw new IllegalArgumentException("background is not measured");
        };
    }

    public double labelMl(Label label) {
        return labelVoxels(label) * voxelMl;
    }

    public double leftLungMl() {
        return leftVoxels * voxelMl;
    }

    public double rightLungMl() {
        return rightVoxels * voxelMl;
    }

    public double leftInfectionMl() {
        return leftInfectedVoxels * voxelMl;
    }

    public double rightInfectionMl() {
        return rightInfectedVoxels * voxelMl;
    }

    public double infectionMl() {
        return (leftInfectedVoxels + rightInfectedVoxels) * voxelMl;
    }

    /** Percent of the left lung that is infected (0 when there is no left lung). */
    public double leftInfectionPercent() {
        return percent(leftInfectedVoxels, leftVoxels);
    }

    public double rightInfectionPercent() {
        return percent(rightInfectedVoxels, rightVoxels);
    }

    /** Percent of both lungs together that is infected. */
    public double infectionPercent() {
        return percent(leftInfectedVoxels + rightInfectedVoxels, leftVoxels + rightVoxels);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
