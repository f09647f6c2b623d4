package org.lungseg.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session for a lungseg model, shared by every caller: ONNX Runtime's
 * {@code run} is thread-safe, and one session keeps one copy of the weights and one thread pool.
 * Opening checks the model against the contract (model card, input {@code image}
 * {@code [N,1,D,H,W]}, output {@code probabilities} {@code [N,C,D,H,W]}), picks the execution
 * provider, logs which one actually runs, and warms the session up with one run.
 */
public final class InferenceSession implements AutoCloseable {

    /** The input and output names of the contract. */
    public static final String INPUT = "image";
    public static final String OUTPUT = "probabilities";

    private static final System.Logger LOG = System.getLogger(InferenceSession.class.getName());

    /** Where the network runs. */
    public enum Device { CPU, CUDA }

    /**
     * @param device         CPU, or CUDA when it is available (else CPU, with a warning)
     * @param intraOpThreads threads for one network run on the CPU
     * @param cudaDevice     GPU index for CUDA
     */
    public record Options(Device device, int intraOpThreads, int cudaDevice) {

        public Options {
            if (intraOpThreads < 1) {
                throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
            }
        }

        /** The CPU with one intra-op thread per available core. */
        public static Options cpu() {
            return new Options(Device.CPU, Runtime.getRuntime().availableProcessors(), 0);
        }

        public Options withDevice(Device d) {
            return new Options(d, intraOpThreads, cudaDevice);
        }

        public Options withThreads(int threads) {
            return new Options(device, threads, cudaDevice);
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelCard card;
    private final ModelIdentity identity;
    private final String provider;
    private final List<String> warnings;
    private final double warmUpMs;

    private InferenceSession(byte[] model, String name, Options options) {
        this.env = OrtEnvironment.getEnvironment();
        List<String> notes = new ArrayList<>();
        OrtSession s = null;
        String runsOn;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1);
            runsOn = addProvider(so, options, notes);
            s = env.createSession(model, so);
        } catch (OrtException e) {
            throw new InvalidModelException(name + " could not be loaded by ONNX Runtime: " + e.getMessage(), e);
        }
        this.session = s;
        try {
            this.card = ModelCard.parse(session.getMetadata().getCustomMetadata(), name);
            checkSignature(name);
        } catch (OrtException | RuntimeException e) {
            close();
            throw e instanceof InvalidModelException ime ? ime
                    : new InvalidModelException(name + ": " + e.getMessage(), e);
        }
        this.identity = ModelIdentity.of(name, card, sha256(model));
        this.provider = runsOn;
        this.warnings = List.copyOf(notes);
        LOG.log(System.Logger.Level.INFO, "ONNX Runtime {0}: model {1} runs on {2}", env.getVersion(), identity.describe(),
                provider);
        long t0 = System.nanoTime();
        try {
            predict(new float[card.grid().voxelCount()]);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.warmUpMs = (System.nanoTime() - t0) / 1e6;
    }

    /** Opens a model file. */
    public static InferenceSession open(Path modelFile, Options options) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException("model file " + modelFile + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + modelFile, e);
        }
        return open(bytes, String.valueOf(modelFile.getFileName()), options);
    }

    /** Opens a model held in memory; {@code name} names it in messages and the model identity. */
    public static InferenceSession open(byte[] model, String name, Options options) {
        return new InferenceSession(model, name, options);
    }

    public ModelCard card() {
        return card;
    }

    public ModelIdentity identity() {
        return identity;
    }

    /** The execution provider that actually runs, e.g. "CPUExecutionProvider (2 intra-op threads)". */
    public String provider() {
        return provider;
    }

    /** What happened while choosing the provider (e.g. CUDA asked for but not available). */
    public List<String> warnings() {
        return warnings;
    }

    /** Milliseconds the warm-up run took. */
    public double warmUpMs() {
        return warmUpMs;
    }

    /**
     * Runs the network on one image ({@code D*H*W} values, W fastest) and returns the class
     * probabilities, {@code C*D*H*W} values, channel-major. Safe to call from several threads.
     */
    public float[] predict(float[] image) {
        ModelCard.GridSize g = card.grid();
        if (image.length != g.voxelCount()) {
            throw new IllegalArgumentException("image holds " + image.length + " values, the grid " + g + " needs "
                    + g.voxelCount());
        }
        long[] shape = {1, 1, g.z(), g.y(), g.x()};
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), shape);
             OrtSession.Result result = session.run(Map.of(INPUT, input))) {
            OnnxTensor out = (OnnxTensor) result.get(OUTPUT).orElseThrow();
            long[] outShape = out.getInfo().getShape();
            long expected = (long) card.channelCount() * g.voxelCount();
            if (outShape.length != 5 || outShape[0] != 1 || outShape[1] != card.channelCount()
                    || out.getInfo().getNumElements() != expected) {
                throw new InvalidModelException(identity.name() + " answered " + Arrays.toString(outShape) + " for input "
                        + Arrays.toString(shape) + "; the contract wants [1, " + card.channelCount() + ", " + g.z() + ", "
                        + g.y() + ", " + g.x() + "]");
            }
            FloatBuffer fb = out.getFloatBuffer();
            float[] probabilities = new float[(int) expected];
            fb.get(probabilities);
            return probabilities;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run " + identity.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the ONNX Runtime session failed: " + e.getMessage());
        }
    }

    private static String addProvider(OrtSession.SessionOptions so, Options options, List<String> notes)
            throws OrtException {
        String cpu = "CPUExecutionProvider (" + options.intraOpThreads() + " intra-op threads)";
        if (options.device() != Device.CUDA) {
            return cpu;
        }
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            String why = "CUDA was asked for but this ONNX Runtime build has no CUDA provider (build with -Pcuda for"
                    + " onnxruntime_gpu); running on the CPU";
            notes.add(why);
            LOG.log(System.Logger.Level.WARNING, why);
            return cpu;
        }
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(options.cudaDevice())) {
            // HEURISTIC: cuDNN's exhaustive search costs seconds per new shape, which a function cold start cannot pay.
            cuda.add("cudnn_conv_algo_search", "HEURISTIC");
            so.addCUDA(cuda);
            return "CUDAExecutionProvider (device " + options.cudaDevice() + ", cudnn_conv_algo_search=HEURISTIC)";
        } catch (OrtException e) {
            String why = "CUDA was asked for but could not start (" + e.getMessage().strip()
                    + "); running on the CPU";
            notes.add(why);
            LOG.log(System.Logger.Level.WARNING, why);
            return cpu;
        }
    }

    /** Checks input and output names and shapes against the card. */
    private void checkSignature(String name) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (inputs.size() != 1 || !inputs.containsKey(INPUT)) {
            throw new InvalidModelException(name + " has inputs " + inputs.keySet() + "; the contract wants one input '"
                    + INPUT + "' [N,1,D,H,W]");
        }
        if (!outputs.containsKey(OUTPUT)) {
            throw new InvalidModelException(name + " has outputs " + outputs.keySet() + "; the contract wants '" + OUTPUT
                    + "' [N,C,D,H,W]");
        }
        ModelCard.GridSize g = card.grid();
        long[] in = shapeOf(inputs.get(INPUT), name, INPUT);
        long[] out = shapeOf(outputs.get(OUTPUT), name, OUTPUT);
        requireDims(name, INPUT, in, new long[] {-1, 1, g.z(), g.y(), g.x()});
        requireDims(name, OUTPUT, out, new long[] {-1, card.channelCount(), g.z(), g.y(), g.x()});
    }

    private static long[] shapeOf(NodeInfo info, String name, String what) {
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new InvalidModelException(name + ": '" + what + "' is not a float32 tensor (" + info.getInfo() + ")");
        }
        return t.getShape();
    }

    /** Fixed dimensions must match; dynamic ones (-1) are accepted. */
    private static void requireDims(String name, String what, long[] actual, long[] wanted) {
        boolean ok = actual.length == wanted.length;
        for (int i = 0; ok && i < actual.length; i++) {
            ok = actual[i] < 0 || wanted[i] < 0 || actual[i] == wanted[i];
        }
        if (!ok) {
            throw new InvalidModelException(name + ": '" + what + "' has shape " + Arrays.toString(actual)
                    + " but the model card's grid and classes want " + Arrays.toString(wanted).replace("-1", "N"));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
