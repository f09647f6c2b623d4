package org.lungseg.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;
import org.lungseg.train.net.UNet3d;
import org.lungseg.train.net.UNetSpec;

/**
 * The network, loss and optimizer learn a simple segmentation (dark voxels inside a bright ball,
 * split left and right), with no step skipped for non-finite gradients.
 */
class UNetLearnsTest {

    @Test
    void lossFallsOnASimpleTask() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet3d net = new UNet3d(new UNetSpec(3, 8, 2));
            net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            int side = 16;
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, side, side, side));
            net.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            float[] image = new float[2 * side * side * side];
            float[] target = new float[2 * 2 * side * side * side];
            int vox = side * side * side;
            for (int n = 0; n < 2; n++) {
                for (int z = 0; z < side; z++) {
                    for (int y = 0; y < side; y++) {
                        for (int x = 0; x < side; x++) {
                            int i = (z * side + y) * side + x;
                            double r = Math.hypot(Math.hypot(x - 8, y - 8), z - 8);
                            boolean inside = r < 6 + n;
                            image[n * vox + i] = inside ? (x < 8 ? 0.1f : 0.2f) : 0.9f;
                            target[(n * 2 + (x < 8 ? 0 : 1)) * vox + i] = inside ? 1 : 0;
                        }
                    }
                }
            }
            NDArray x = manager.create(image, new Shape(2, 1, side, side, side));
            NDArray y = manager.create(target, new Shape(2, 2, side, side, side));
            BceDiceLoss loss = new BceDiceLoss(1, 1);
            AdamW optimizer = new AdamW(net.getParameters(), manager, 0, 0);
            ParameterStore store = new ParameterStore(manager, false);
            float first = 0;
            float last = 0;
            for (int step = 0; step < 40; step++) {
                optimizer.zeroGradients();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(store, new NDList(x), true).head();
                    NDArray l = loss.compute(logits, y);
                    gc.backward(l);
                    last = l.getFloat();
                    if (step == 0) {
                        first = last;
                    }
                }
                optimizer.step(1e-2);
            }
            assertThat(last).as("loss after 40 steps vs first").isLessThan(first * 0.7f);
            assertThat(optimizer.skippedSteps()).as("steps with non-finite gradients").isZero();
        }
    }
}
