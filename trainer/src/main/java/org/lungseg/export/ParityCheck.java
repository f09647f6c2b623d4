package org.lungseg.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lungseg.train.net.UNet3d;

/**
 * Runs the same inputs through the DJL network and the exported ONNX graph in ONNX Runtime and
 * measures the largest difference in probability. An export whose difference exceeds the
 * tolerance is refused: the model the function serves must be the model that was validated.
 */
public final class ParityCheck {

    public static final double TOLERANCE = 1e-4;

    /** The largest absolute difference for one named input. */
    public record Finding(String input, double maxAbsDifference) {
    }

    /** One line for a person: each input's largest difference, then the tolerance. */
    public static String describe(List<Finding> findings) {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append(b.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1e", f.input(), f.maxAbsDifference()));
        }
        return b.append(String.format(Locale.ROOT, " (largest probability difference; tolerance %.0e)", TOLERANCE)).toString();
    }

    private ParityCheck() {
    }

    /** Each input is {@code D*H*W} network intensities. */
    public static List<Finding> compare(UNet3d net, NDManager manager, byte[] onnx, Map<String, float[]> inputs,
                                        int depth, int height, int width) {
        List<Finding> findings = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            try (OrtSession session = env.createSession(onnx, options)) {
                for (Map.Entry<String, float[]> e : inputs.entrySet()) {
                    long[] shape = {1, 1, depth, height, width};
                    float[] djl;
                    try (NDManager sub = manager.newSubManager()) {
                        NDArray x = sub.create(e.getValue(), new Shape(shape));
                        djl = Activation.sigmoid(net.forward(new ParameterStore(sub, false), new NDList(x), false).head())
                                .toFloatArray();
                    }
                    float[] ort;
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue()), shape);
                         OrtSession.Result r = session.run(Map.of(OnnxExporter.INPUT, t))) {
                        OnnxTensor out = (OnnxTensor) r.get(OnnxExporter.OUTPUT).orElseThrow();
                        FloatBuffer fb = out.getFloatBuffer();
                        ort = new float[fb.remaining()];
                        fb.get(ort);
                    }
                    if (ort.length != djl.length) {
                        throw new IllegalStateException("ONNX output holds " + ort.length + " values, DJL's " + djl.length);
                    }
                    double max = 0;
                    for (int i = 0; i < ort.length; i++) {
                        max = Math.max(max, Math.abs(ort[i] - djl[i]));
                    }
                    findings.add(new Finding(e.getKey(), max));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not run the exported model: " + e.getMessage(), e);
        }
        return findings;
    }
}
