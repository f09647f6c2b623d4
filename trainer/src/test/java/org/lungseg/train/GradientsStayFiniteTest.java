package org.lungseg.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lungseg.train.net.UNet3d;
import org.lungseg.train.net.UNetSpec;

/**
 * Every backward pass gives finite gradients, with two PyTorch threads. How often padded oneDNN
 * kernels met NaN in reused memory depended on what the process had allocated before: a separate
 * JVM running this loop saw non-finite steps in three of its first ten with the old 3x3x3
 * head conv and AVX-512, but inside the build's test JVM it stays finite either way. This test
 * guards the configuration, not the original bug (docs/training.md has the measurements).
 */
class GradientsStayFiniteTest {

    private static final int SIDE = 16;
    private static final int STEPS = 150;

    @Test
    void everyStepHasFiniteGradientsWithTwoThreads() {
        assertThat(CpuSettings.warnings(System.getenv())).as("the build sets what ./lungseg sets").isEmpty();
        Engine.getInstance().setRandomSeed(3); // loads PyTorch
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet3d net = new UNet3d(new UNetSpec(2, 8, 3));
            net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, SIDE, SIDE, SIDE));
            net.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            AdamW optimizer = new AdamW(net.getParameters(), manager, 0, 0);
            BceDiceLoss loss = new BceDiceLoss(1, 1);
            ParameterStore store = new ParameterStore(manager, false);
            Random random = new Random(5);
            List<String> failures = new ArrayList<>();
            int voxels = SIDE * SIDE * SIDE;
            for (int step = 0; step < STEPS; step++) {
                float[] image = new float[2 * voxels];
                byte[] targets = new byte[2 * 3 * voxels];
                for (int i = 0; i < image.length; i++) {
                    image[i] = (float) random.nextGaussian();
                }
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = (byte) (random.nextInt(4) == 0 ? 1 : 0);
                }
                optimizer.zeroGradients();
                try (NDManager pass = manager.newSubManager()) {
                    NDArray x = pass.create(image, new Shape(2, 1, SIDE, SIDE, SIDE));
                    NDArray y = pass.create(targets, new Shape(2, 3, SIDE, SIDE, SIDE)).toType(DataType.FLOAT32, false);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(loss.compute(net.forward(store, new NDList(x), true).head(), y));
                    }
                }
                if (Double.isNaN(optimizer.step(1e-3))) {
                    failures.add("step " + step);
                }
            }
            assertThat(failures).as("steps with non-finite gradients").isEmpty();
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    @Test
    void widthsOutsideOneDnnsChannelBlockAreRefused() {
        assertThatThrownBy(() -> new UNetSpec(4, 4, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 8");
        assertThat(new UNetSpec(4, 16, 3).width(3)).isEqualTo(128);
    }
}
