package org.lungseg.train.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The U-Net's unit at one resolution: twice (3x3x3 convolution, instance norm, ReLU). */
public final class DoubleConv extends AbstractBlock {

    private final Conv3d conv1;
    private final InstanceNorm3d norm1;
    private final Conv3d conv2;
    private final InstanceNorm3d norm2;
    private final int channels;

    public DoubleConv(int channels) {
        super((byte) 1);
        this.channels = channels;
        conv1 = addChildBlock("conv1", conv3x3x3(channels));
        norm1 = addChildBlock("norm1", new InstanceNorm3d(channels));
        conv2 = addChildBlock("conv2", conv3x3x3(channels));
        norm2 = addChildBlock("norm2", new InstanceNorm3d(channels));
    }

    private static Conv3d conv3x3x3(int channels) {
        return Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1))
                .setFilters(channels).build();
    }

    public Conv3d conv1() {
        return conv1;
    }

    public InstanceNorm3d norm1() {
        return norm1;
    }

    public Conv3d conv2() {
        return conv2;
    }

    public InstanceNorm3d norm2() {
        return norm2;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList x = conv1.forward(store, inputs, training);
        x = new NDList(Activation.relu(norm1.forward(store, x, training).head()));
        x = conv2.forward(store, x, training);
        return new NDList(Activation.relu(norm2.forward(store, x, training).head()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape out = new Shape(in.get(0), channels, in.get(2), in.get(3), in.get(4));
        conv1.initialize(manager, dataType, in);
        norm1.initialize(manager, dataType, out);
        conv2.initialize(manager, dataType, out);
        norm2.initialize(manager, dataType, out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), channels, in.get(2), in.get(3), in.get(4))};
    }
}
