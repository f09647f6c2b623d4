package org.lungseg.train;

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
import java.util.SplittableRandom;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.train.net.UNet3d;
import org.lungseg.train.net.UNetSpec;

/**
 * Times training steps the way {@link TrainingRun} takes them (augmented batch, tensors, forward,
 * loss, backward, AdamW), splitting off the forward and backward passes, for the benchmark.
 */
public final class StepTimer {

    /** Seconds of each timed step, whole and in forward+backward. */
    public record Result(double[] stepSeconds, double[] forwardBackwardSeconds, long parameters) {
    }

    private StepTimer() {
    }

    public static Result measure(GridSize grid, int levels, int width, int batch, int steps) {
        int n = grid.voxelCount();
        float[] image = new float[n];
        byte[] targets = new byte[3 * n];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            image[i] = (float) random.nextDouble();
            targets[i] = (byte) (image[i] < 0.2 ? 1 : 0);
        }
        NetworkSample sample = new NetworkSample("benchmark", image, targets);
        SoftAugmentation augmentation = new SoftAugmentation(grid.x(), grid.y(), grid.z(), false, null);
        try (NDManager manager = NDManager.newBaseManager()) {
            UNet3d net = new UNet3d(new UNetSpec(levels, width, 3));
            net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, new Shape(batch, 1, grid.z(), grid.y(), grid.x()));
            net.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            long parameters = net.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
            AdamW optimizer = new AdamW(net.getParameters(), manager, 0, 0);
            BceDiceLoss loss = new BceDiceLoss(1, 1);
            ParameterStore store = new ParameterStore(manager, false);
            double[] step = new double[steps];
            double[] fb = new double[steps];
            for (int s = -1; s < steps; s++) {
                long t0 = System.nanoTime();
                float[] images = new float[batch * n];
                byte[] ys = new byte[batch * 3 * n];
                for (int b = 0; b < batch; b++) {
                    NetworkSample a = augmentation.apply(sample, new SplittableRandom(s * 31L + b));
                    System.arraycopy(a.image(), 0, images, b * n, n);
                    System.arraycopy(a.targets(), 0, ys, b * 3 * n, 3 * n);
                }
                optimizer.zeroGradients();
                long forward;
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = sub.create(images, new Shape(batch, 1, grid.z(), grid.y(), grid.x()));
                    NDArray y = sub.create(ys, new Shape(batch, 3, grid.z(), grid.y(), grid.x())).toType(DataType.FLOAT32, false);
                    long f0 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss.compute(net.forward(store, new NDList(x), true).head(), y);
                        gc.backward(l);
                        l.getFloat();
                    }
                    forward = System.nanoTime() - f0;
                }
                optimizer.step(1e-3);
                if (s >= 0) {
                    step[s] = (System.nanoTime() - t0) / 1e9;
                    fb[s] = forward / 1e9;
                }
            }
            return new Result(step, fb, parameters);
        }
    }
}
