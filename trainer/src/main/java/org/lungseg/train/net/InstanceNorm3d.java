package org.lungseg.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Instance normalisation over the spatial axes of {@code [N, C, D, H, W]}, with a learned scale
 * and shift per channel, as ONNX's InstanceNormalization computes it (biased variance,
 * epsilon 1e-5). DJL has none built in; batch norm at batch 1-2 trains and infers differently.
 */
public final class InstanceNorm3d extends AbstractBlock {

    public static final float EPSILON = 1e-5f;

    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;

    public InstanceNorm3d(int channels) {
        super((byte) 1);
        this.channels = channels;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).build());
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long spatial = shape.get(2) * shape.get(3) * shape.get(4);
        // PyTorch's fused layer norm over each (sample, channel)'s voxels is instance norm; a chain
        // of elementwise mean/variance operations made training steps several times slower.
        // Explicit unit scale and zero shift: DJL's PyTorch kernels have misread null optional tensors.
        NDManager m = x.getManager();
        NDArray normalised = LayerNorm.layerNorm(x.reshape(shape.get(0) * shape.get(1), spatial), new Shape(spatial),
                m.ones(new Shape(spatial), x.getDataType(), x.getDevice()),
                m.zeros(new Shape(spatial), x.getDataType(), x.getDevice()), EPSILON).singletonOrThrow().reshape(shape);
        // Views of the parameters belong to this pass's manager, not to the parameters' (which would grow every step).
        NDArray g = store.getValue(gamma, x.getDevice(), training).reshape(1, channels, 1, 1, 1);
        g.attach(x.getManager());
        NDArray b = store.getValue(beta, x.getDevice(), training).reshape(1, channels, 1, 1, 1);
        b.attach(x.getManager());
        return new NDList(normalised.mul(g).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
