package org.lungseg.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A 3D U-Net: {@code levels} resolutions, {@code base * 2^level} channels at each, max-pool down,
 * learned x2 up ({@link UpConv3d}), skip connections by concatenation, and a 1x1x1 convolution to
 * one logit per class. The sigmoid is left to the loss in training and to the exported graph.
 */
public final class UNet3d extends AbstractBlock {

    private final UNetSpec spec;
    private final List<DoubleConv> encoders = new ArrayList<>();
    private final List<UpConv3d> ups = new ArrayList<>();
    private final List<DoubleConv> decoders = new ArrayList<>();
    private final Conv3d head;

    public UNet3d(UNetSpec spec) {
        super((byte) 1);
        this.spec = spec;
        for (int l = 0; l < spec.levels(); l++) {
            encoders.add(addChildBlock("enc" + l, new DoubleConv(spec.width(l))));
        }
        for (int l = spec.levels() - 2; l >= 0; l--) {
            ups.add(addChildBlock("up" + l, new UpConv3d(spec.width(l + 1), spec.width(l))));
            decoders.add(addChildBlock("dec" + l, new DoubleConv(spec.width(l))));
        }
        head = addChildBlock("head", Conv3d.builder().setKernelShape(new Shape(1, 1, 1))
                .setFilters(spec.classes()).build());
    }

    public UNetSpec spec() {
        return spec;
    }

    /** Encoder units, from full resolution down. */
    public List<DoubleConv> encoders() {
        return encoders;
    }

    /** Up-convolutions, from the coarsest level up; {@code ups().get(i)} feeds {@code decoders().get(i)}. */
    public List<UpConv3d> ups() {
        return ups;
    }

    public List<DoubleConv> decoders() {
        return decoders;
    }

    public Conv3d head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        List<NDArray> skips = new ArrayList<>();
        NDList x = inputs;
        for (int l = 0; l < encoders.size(); l++) {
            x = encoders.get(l).forward(store, x, training);
            if (l < encoders.size() - 1) {
                skips.add(x.head());
                x = new NDList(Pool.maxPool3d(x.head(), new Shape(2, 2, 2), new Shape(2, 2, 2), new Shape(0, 0, 0), false));
            }
        }
        for (int i = 0; i < ups.size(); i++) {
            NDArray up = ups.get(i).forward(store, x, training).head();
            NDArray skip = skips.get(skips.size() - 1 - i);
            x = decoders.get(i).forward(store, new NDList(NDArrays.concat(new NDList(skip, up), 1)), training);
        }
        return new NDList(classify(store, x.head(), training));
    }

    /**
     * The 1x1x1 head, computed as a matrix product over channels. As a convolution, oneDNN pads its
     * few output channels to a SIMD block, and such padded kernels gave NaN gradients now and then
     * (docs/training.md). The parameters stay the Conv3d's, so the exporter writes a Conv.
     */
    private NDArray classify(ParameterStore store, NDArray x, boolean training) {
        Shape s = x.getShape();
        int classes = spec.classes();
        NDArray w = store.getValue(head.getParameters().get("weight"), x.getDevice(), training).reshape(classes, s.get(1));
        w.attach(x.getManager()); // views of the parameters belong to this pass, not to the parameters' manager
        NDArray b = store.getValue(head.getParameters().get("bias"), x.getDevice(), training).reshape(1, classes, 1);
        b.attach(x.getManager());
        return w.matMul(x.reshape(s.get(0), s.get(1), -1)).add(b).reshape(s.get(0), classes, s.get(2), s.get(3), s.get(4));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        List<Shape> skipShapes = new ArrayList<>();
        for (int l = 0; l < encoders.size(); l++) {
            encoders.get(l).initialize(manager, dataType, s);
            s = encoders.get(l).getOutputShapes(new Shape[] {s})[0];
            if (l < encoders.size() - 1) {
                skipShapes.add(s);
                s = new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2, s.get(4) / 2);
            }
        }
        for (int i = 0; i < ups.size(); i++) {
            ups.get(i).initialize(manager, dataType, s);
            Shape up = ups.get(i).getOutputShapes(new Shape[] {s})[0];
            Shape skip = skipShapes.get(skipShapes.size() - 1 - i);
            Shape cat = new Shape(skip.get(0), skip.get(1) + up.get(1), skip.get(2), skip.get(3), skip.get(4));
            decoders.get(i).initialize(manager, dataType, cat);
            s = decoders.get(i).getOutputShapes(new Shape[] {cat})[0];
        }
        head.initialize(manager, dataType, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), spec.classes(), in.get(2), in.get(3), in.get(4))};
    }
}
