package org.lungseg.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Hydrogen Torch's BCEDice loss: binary cross-entropy on the logits plus the soft Dice loss of
 * the sigmoid probabilities, each weighted. Dice is computed per class over the whole batch and
 * averaged over classes, so a class absent from a batch still pulls its false positives down.
 */
public record BceDiceLoss(double bceWeight, double diceWeight) {

    private static final float SMOOTH = 1f;

    /** {@code logits} and {@code targets} are {@code [N, C, D, H, W]}; returns a scalar. */
    public NDArray compute(NDArray logits, NDArray targets) {
        // Numerically stable BCE with logits: max(z, 0) - z*y + log(1 + exp(-|z|)).
        NDArray bce = logits.maximum(0).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1).log()).mean();
        NDArray p = Activation.sigmoid(logits);
        long classes = logits.getShape().get(1);
        NDArray pc = perClass(p, classes);
        NDArray yc = perClass(targets, classes);
        NDArray intersection = pc.mul(yc).sum(new int[] {1});
        NDArray denominator = pc.sum(new int[] {1}).add(yc.sum(new int[] {1}));
        NDArray dice = intersection.mul(2).add(SMOOTH).div(denominator.add(SMOOTH));
        NDArray diceLoss = dice.neg().add(1).mean();
        return bce.mul((float) bceWeight).add(diceLoss.mul((float) diceWeight));
    }

    /** {@code [N, C, ...]} to {@code [C, N * voxels]}: PyTorch sums one axis at a time here. */
    private static NDArray perClass(NDArray x, long classes) {
        long n = x.getShape().get(0);
        return x.reshape(n, classes, -1).transpose(1, 0, 2).reshape(classes, -1);
    }
}
