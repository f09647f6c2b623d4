package org.lungseg.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay, Loshchilov and Hutter) with optional clipping of the global
 * gradient norm. lungseg keeps its own optimizer rather than DJL's so that the moment estimates
 * can be saved in a checkpoint and {@code --resume} continues exactly where a run stopped.
 */
public final class AdamW {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private final double weightDecay;
    private final double clipNorm;
    private long steps;
    private long skipped;

    /** @param clipNorm largest global gradient norm, or 0 for no clipping */
    public AdamW(PairList<String, Parameter> parameters, NDManager manager, double weightDecay, double clipNorm) {
        for (Pair<String, Parameter> p : parameters) {
            NDArray w = p.getValue().getArray();
            this.parameters.add(p.getValue());
            means.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            variances.add(manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
    }

    public long steps() {
        return steps;
    }

    /** Steps skipped so far because their gradients were not finite. */
    public long skippedSteps() {
        return skipped;
    }

    /**
     * Applies one update with the gradients the last backward pass left and returns the gradient
     * norm. A step whose gradients are not finite is skipped, as mixed-precision grad scalers do,
     * and returns NaN: see docs/training.md for when PyTorch's CPU kernels produced them.
     */
    public double step(double learningRate) {
        // Temporaries attach to a scope closed after the update: without it every step leaks
        // several parameter-sized arrays into the parameters' manager.
        try (NDManager scope = parameters.get(0).getArray().getManager().newSubManager()) {
            double norm = globalGradientNorm(scope);
            if (!Double.isFinite(norm)) {
                skipped++;
                return Double.NaN;
            }
            steps++;
            float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
            float correction1 = (float) (1 - Math.pow(BETA1, steps));
            float correction2 = (float) (1 - Math.pow(BETA2, steps));
            for (int i = 0; i < parameters.size(); i++) {
                NDArray w = parameters.get(i).getArray();
                NDArray m = means.get(i);
                NDArray v = variances.get(i);
                w.tempAttach(scope);
                m.tempAttach(scope);
                v.tempAttach(scope);
                NDArray g = w.getGradient();
                g.attach(scope);
                if (scale != 1f) {
                    g = g.mul(scale);
                }
                m.muli(BETA1).addi(g.mul(1 - BETA1));
                v.muli(BETA2).addi(g.square().mul(1 - BETA2));
                NDArray update = m.div(correction1).div(v.div(correction2).sqrt().add(EPSILON));
                if (weightDecay > 0) {
                    update = update.add(w.mul((float) weightDecay));
                }
                w.subi(update.mul((float) learningRate));
            }
            return norm;
        }
    }

    /**
     * Clears the gradients before a backward pass. PyTorch accumulates into them, and DJL neither
     * clears them between steps nor guarantees they start at zero.
     */
    public void zeroGradients() {
        for (Parameter p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
    }

    private double globalGradientNorm(NDManager scope) {
        double sum = 0;
        for (Parameter p : parameters) {
            NDArray g = p.getArray().getGradient();
            g.attach(scope);
            sum += g.square().sum().getFloat();
        }
        return Math.sqrt(sum);
    }

    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        NDList state = new NDList();
        state.addAll(means);
        state.addAll(variances);
        byte[] bytes = state.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public void load(DataInputStream in, NDManager manager) throws IOException {
        steps = in.readLong();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        NDList state = NDList.decode(manager, bytes);
        int n = parameters.size();
        if (state.size() != 2 * n) {
            throw new IOException("checkpoint holds optimizer state for " + state.size() / 2
                    + " parameters, the network has " + n);
        }
        for (int i = 0; i < n; i++) {
            means.get(i).set(state.get(i).toByteBuffer());
            variances.get(i).set(state.get(n + i).toByteBuffer());
        }
    }
}
