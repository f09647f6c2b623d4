package org.lungseg.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts, per class, the voxels predicted, labelled and both at the probability threshold, over a
 * whole validation pass; IoU and Dice come from the totals (Hydrogen Torch's IoU metric).
 */
public final class ClassOverlap {

    private final long[] predicted;
    private final long[] labelled;
    private final long[] both;

    public ClassOverlap(int classes) {
        predicted = new long[classes];
        labelled = new long[classes];
        both = new long[classes];
    }

    /** {@code probabilities} and {@code targets} hold {@code classes * voxels} values in class blocks. */
    public void add(float[] probabilities, byte[] targets, double threshold) {
        int n = probabilities.length / predicted.length;
        for (int c = 0; c < predicted.length; c++) {
            long p = 0;
            long t = 0;
            long pt = 0;
            for (int i = c * n; i < (c + 1) * n; i++) {
                boolean isP = probabilities[i] > threshold;
                boolean isT = targets[i] != 0;
                p += isP ? 1 : 0;
                t += isT ? 1 : 0;
                pt += isP && isT ? 1 : 0;
            }
            predicted[c] += p;
            labelled[c] += t;
            both[c] += pt;
        }
    }

    /** IoU per class; 1 where a class is neither predicted nor labelled. */
    public List<Double> iou() {
        List<Double> out = new ArrayList<>();
        for (int c = 0; c < predicted.length; c++) {
            long union = predicted[c] + labelled[c] - both[c];
            out.add(union == 0 ? 1.0 : (double) both[c] / union);
        }
        return out;
    }

    /** Dice per class; 1 where a class is neither predicted nor labelled. */
    public List<Double> dice() {
        List<Double> out = new ArrayList<>();
        for (int c = 0; c < predicted.length; c++) {
            long sum = predicted[c] + labelled[c];
            out.add(sum == 0 ? 1.0 : 2.0 * both[c] / sum);
        }
        return out;
    }

    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
