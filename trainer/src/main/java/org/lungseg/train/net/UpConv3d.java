package org.lungseg.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Learned x2 upsampling: a 3D transposed convolution with kernel 2 and stride 2. DJL's PyTorch
 * engine has no 3D deconvolution, but with kernel = stride = 2 the output blocks do not overlap,
 * so it is exactly a 1x1x1 convolution to {@code out * 8} channels followed by depth-to-space.
 * The weight keeps ONNX ConvTranspose's layout {@code (in, out, 2, 2, 2)} so the exporter writes
 * it unchanged.
 */
public final class UpConv3d extends AbstractBlock {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public UpConv3d(int in, int out) {
        super((byte) 1);
        this.in = in;
        this.out = out;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out, 2, 2, 2)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).build());
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long n = s.get(0);
        long d = s.get(2);
        long h = s.get(3);
        long w = s.get(4);
        NDArray wt = store.getValue(weight, x.getDevice(), training);
        NDArray flat = wt.reshape(in, out * 8L);
        flat.attach(x.getManager()); // views of the weight belong to this pass, not to the parameter's manager
        // (in, out*8) -> (out*8, in, 1, 1, 1): channel k = o*8 + a*4 + b*2 + c for offset (a, b, c).
        NDArray pointwise = flat.transpose().reshape(out * 8L, in, 1, 1, 1);
        // Each output channel's bias, repeated for its 8 offsets. An explicit bias, never null:
        // DJL's PyTorch convolution with a null bias gave sporadic NaN and a crash (docs/training.md).
        NDArray b = store.getValue(bias, x.getDevice(), training).reshape(out, 1);
        b.attach(x.getManager());
        NDArray bias8 = b.repeat(1, 8).reshape(out * 8L);
        NDArray y = Conv3d.conv3d(x, pointwise, bias8, new Shape(1, 1, 1), new Shape(0, 0, 0),
                new Shape(1, 1, 1), 1).singletonOrThrow();
        NDArray blocks = y.reshape(n, out, 2, 2, 2, d, h, w).transpose(0, 1, 5, 2, 6, 3, 7, 4)
                .reshape(n, out, 2 * d, 2 * h, 2 * w);
        return new NDList(blocks);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, 2 * s.get(2), 2 * s.get(3), 2 * s.get(4))};
    }
}
