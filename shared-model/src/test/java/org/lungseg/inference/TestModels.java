package org.lungseg.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.onnx.OnnxGraphBuilder;

/**
 * ONNX models that follow lungseg's model contract, built in code for tests and benchmarks
 * until the trainer exports real ones.
 *
 * <ul>
 *   <li>{@link #darkInsideBody}: fixed weights that find the lungs the way a radiologist's first
 *   glance does: dark voxels (below about -575 HU) with body tissue on all four in-plane sides,
 *   left or right by which half of the RAS grid they lie in. Good enough to score real scans.</li>
 *   <li>{@link #unet}: a 4-level 3D U-Net (Conv, InstanceNormalization, Relu, MaxPool,
 *   ConvTranspose, Concat, Sigmoid) with random weights, for timing; its logits can be mixed
 *   with the dark-inside-body ones so that postprocessing sees realistic masks.</li>
 * </ul>
 */
public final class TestModels {

    private TestModels() {
    }

    /** The standard card on {@code grid}, uncropped, named for tests. */
    public static ModelCard card(GridSize grid) {
        return card(grid, Crop.NONE, List.of(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG, ModelCard.INFECTION));
    }

    public static ModelCard card(GridSize grid, Crop crop, List<String> classes) {
        return card(grid, crop, classes, "dark-inside-body");
    }

    public static ModelCard card(GridSize grid, Crop crop, List<String> classes, String name) {
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put(ModelCard.NAME, name);
        audit.put(ModelCard.VERSION, "test");
        audit.put(ModelCard.CREATED, "2025-01-01");
        audit.put(ModelCard.TRAINING_DATA, "none: fixed weights");
        return ModelCard.of(classes, grid, -1250, 250, 0.5, crop, audit);
    }

    /** The fixed-weight lung finder with {@code card}'s metadata (or none, if {@code metadata} is empty). */
    public static byte[] darkInsideBody(ModelCard card, Map<String, String> metadata) {
        GridSize g = card.grid();
        OnnxGraphBuilder b = new OnnxGraphBuilder("dark_inside_body").producer("lungseg-tests");
        b.input(InferenceSession.INPUT, -1, 1, g.z(), g.y(), g.x());
        b.output(InferenceSession.OUTPUT, -1, card.channelCount(), g.z(), g.y(), g.x());
        String logits = darkInsideBodyLogits(b, InferenceSession.INPUT, card);
        b.nodeNamed(InferenceSession.OUTPUT, "Sigmoid", Map.of(), logits);
        return b.build(metadata);
    }

    public static byte[] darkInsideBody(ModelCard card) {
        return darkInsideBody(card, card.toMetadata());
    }

    /**
     * A random-weight U-Net of {@code base} channels at the top level (doubling per level, 4
     * levels), whose output logits are {@code unetWeight * unet + darkInsideBody}; a small
     * weight keeps the U-Net's full cost while the masks stay those of the lung finder.
     */
    public static byte[] unet(ModelCard card, int base, float unetWeight, long seed) {
        GridSize g = card.grid();
        OnnxGraphBuilder b = new OnnxGraphBuilder("unet" + base).producer("lungseg-tests");
        b.input(InferenceSession.INPUT, -1, 1, g.z(), g.y(), g.x());
        b.output(InferenceSession.OUTPUT, -1, card.channelCount(), g.z(), g.y(), g.x());
        Random random = new Random(seed);
        int levels = 4;
        List<String> skips = new ArrayList<>();
        String x = InferenceSession.INPUT;
        int in = 1;
        for (int level = 0; level < levels; level++) {
            int width = base << level;
            x = convBlock(b, random, x, in, width);
            in = width;
            if (level < levels - 1) {
                skips.add(x);
                x = b.node("MaxPool", Map.of("kernel_shape", new long[] {2, 2, 2}, "strides", new long[] {2, 2, 2}), x);
            }
        }
        for (int level = levels - 2; level >= 0; level--) {
            int width = base << level;
            String w = b.constant("up_w", he(random, in * width * 8, in), in, width, 2, 2, 2);
            String bias = b.constant("up_b", new float[width], width);
            x = b.node("ConvTranspose", Map.of("kernel_shape", new long[] {2, 2, 2}, "strides", new long[] {2, 2, 2}), x, w,
                    bias);
            x = b.node("Concat", Map.of("axis", 1L), x, skips.get(level));
            x = convBlock(b, random, x, 2 * width, width);
            in = width;
        }
        int c = card.channelCount();
        String headW = b.constant("head_w", he(random, c * in, in), c, in, 1, 1, 1);
        String headB = b.constant("head_b", new float[c], c);
        String unetLogits = b.node("Conv", Map.of("kernel_shape", new long[] {1, 1, 1}), x, headW, headB);
        String mixed = b.node("Add", b.node("Mul", unetLogits, b.scalar(unetWeight)),
                darkInsideBodyLogits(b, InferenceSession.INPUT, card));
        b.nodeNamed(InferenceSession.OUTPUT, "Sigmoid", Map.of(), mixed);
        return b.build(card.toMetadata());
    }

    /** Conv 3x3x3, InstanceNormalization, Relu, twice. */
    private static String convBlock(OnnxGraphBuilder b, Random random, String x, int in, int out) {
        for (int i = 0; i < 2; i++) {
            int cin = i == 0 ? in : out;
            String w = b.constant("w", he(random, out * cin * 27, cin * 27), out, cin, 3, 3, 3);
            String bias = b.constant("b", new float[out], out);
            x = b.node("Conv", Map.of("kernel_shape", new long[] {3, 3, 3}, "pads", new long[] {1, 1, 1, 1, 1, 1}), x, w,
                    bias);
            float[] ones = new float[out];
            Arrays.fill(ones, 1f);
            x = b.node("InstanceNormalization", Map.of("epsilon", 1e-5f), x, b.constant("gamma", ones, out),
                    b.constant("beta", new float[out], out));
            x = b.node("Relu", x);
        }
        return x;
    }

    private static float[] he(Random random, int count, int fanIn) {
        float[] w = new float[count];
        double sd = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < count; i++) {
            w[i] = (float) (random.nextGaussian() * sd);
        }
        return w;
    }

    /**
     * Logits [N, C, D, H, W] of the lung finder: {@code 12 * (p - 0.5)} where p is near 1 for dark
     * voxels enclosed by tissue (split left/right by grid half) and, for infection, for enclosed
     * voxels of ground-glass density (about -650 to -320 HU).
     */
    private static String darkInsideBodyLogits(OnnxGraphBuilder b, String image, ModelCard card) {
        GridSize g = card.grid();
        float[] box = new float[27];
        Arrays.fill(box, 1f / 27);
        // A 3x3x3 mean first: noise would otherwise punch holes into "dark". Edge padding, so the
        // scan's border does not look darker than it is.
        String edged = b.node("Pad", Map.of("mode", "edge"), image,
                b.int64Constant("pads", 0, 0, 1, 1, 1, 0, 0, 1, 1, 1));
        String smooth = b.node("Conv", Map.of("kernel_shape", new long[] {3, 3, 3}), edged,
                b.constant("box", box, 1, 1, 3, 3, 3));
        String tissue = step(b, smooth, 0.45f, 20f);
        // Tissue anywhere to the left, right, front and back (within the grid): enclosed by the body.
        // Decided on a 4x coarser grid where the grid allows, which costs a 64th and loses nothing
        // a lung needs.
        int f = g.x() % 4 == 0 && g.y() % 4 == 0 && g.z() % 4 == 0 ? 4 : 1;
        String coarse = f == 1 ? tissue : b.node("AveragePool",
                Map.of("kernel_shape", new long[] {f, f, f}, "strides", new long[] {f, f, f}), tissue);
        String left = look(b, coarse, 4, g.x() / f, true);
        String right = look(b, coarse, 4, g.x() / f, false);
        String front = look(b, coarse, 3, g.y() / f, true);
        String back = look(b, coarse, 3, g.y() / f, false);
        String enclosed = b.node("Mul", b.node("Mul", left, right), b.node("Mul", front, back));
        String inside = f == 1 ? enclosed : b.node("Resize", Map.of("mode", "linear"), enclosed, "",
                b.constant("scales", new float[] {1, 1, f, f, f}, 5));
        String dark = b.node("Sub", b.scalar(1f), tissue);
        String lung = b.node("Mul", dark, inside);
        float[] leftHalf = new float[g.x()];
        float[] rightHalf = new float[g.x()];
        for (int x = 0; x < g.x(); x++) {
            // RAS: x grows towards the patient's right, so the patient's left is the low half.
            leftHalf[x] = x < g.x() / 2.0 ? 1 : 0;
            rightHalf[x] = 1 - leftHalf[x];
        }
        Map<String, String> byClass = new LinkedHashMap<>();
        byClass.put(ModelCard.LEFT_LUNG, b.node("Mul", lung, b.constant("left_half", leftHalf, 1, 1, 1, 1, g.x())));
        byClass.put(ModelCard.RIGHT_LUNG, b.node("Mul", lung, b.constant("right_half", rightHalf, 1, 1, 1, 1, g.x())));
        String groundGlass = b.node("Mul", step(b, smooth, 0.40f, 40f), b.node("Sub", b.scalar(1f), step(b, smooth, 0.62f, 40f)));
        byClass.put(ModelCard.INFECTION, b.node("Mul", groundGlass, inside));
        String[] channels = card.classes().stream().map(byClass::get).toArray(String[]::new);
        String p = channels.length == 1 ? channels[0] : b.node("Concat", Map.of("axis", 1L), channels);
        return b.node("Mul", b.node("Sub", p, b.scalar(0.5f)), b.scalar(12f));
    }

    /** Soft step: sigmoid(steepness * (x - edge)). */
    private static String step(OnnxGraphBuilder b, String x, float edge, float steepness) {
        return b.node("Sigmoid", b.node("Mul", b.node("Sub", x, b.scalar(edge)), b.scalar(steepness)));
    }

    /**
     * Running maximum from one side along tensor axis {@code axis}: each voxel gets the maximum of
     * itself and every voxel before it ({@code fromLow}) or after it. Doubling windows (padding,
     * then kernel 2 with dilation 1, 2, 4, ...) keep the cost at log2(length) cheap passes; the
     * padding value -1 is neutral because tissue scores are positive.
     */
    private static String look(OnnxGraphBuilder b, String x, int axis, int length, boolean fromLow) {
        for (int reach = 1; reach < length; reach *= 2) {
            long[] pads = new long[10];
            pads[axis + (fromLow ? 0 : 5)] = reach;
            // Padding with -1 rather than 0 also keeps ONNX Runtime from fusing the Pad into the MaxPool.
            String padded = b.node("Pad", Map.of(), x, b.int64Constant("pads", pads), b.scalar(-1f));
            long[] kernel = {1, 1, 1};
            long[] dilations = {1, 1, 1};
            kernel[axis - 2] = 2;
            dilations[axis - 2] = reach;
            x = b.node("MaxPool", Map.of("kernel_shape", kernel, "dilations", dilations), padded);
        }
        return x;
    }
}
