package org.lungseg.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.inference.ModelCard;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.train.RepoFiles;
import org.lungseg.train.SampleMaker;
import org.lungseg.train.TrainingConfig;
import org.lungseg.train.TrainingData;
import org.lungseg.train.TrainingRun;

/**
 * The export refuses a model whose ONNX graph does not compute what the DJL network computes: one
 * weight of the exported graph is shifted before the parity check, and nothing is written. Also
 * refused: a parity check without the random image or without a real scan.
 */
class ParityRefusalTest {

    @TempDir
    static Path dir;

    private static TrainingConfig config;
    private static TrainingData data;
    private static TrainingRun.TrainedFold fold;

    @BeforeAll
    static void trainOneTinyEpoch() {
        TrainingConfig.Builder b = new TrainingConfig.Builder();
        b.grid = new GridSize(16, 16, 16);
        b.levels = 2;
        b.batchSize = 1;
        b.epochs = 1;
        b.folds = 3;
        b.augmentation = "None";
        config = b.build();
        PrintWriter log = new PrintWriter(new StringWriter(), true);
        ModelCard card = ModelCard.of(config.classes(), config.grid(), -1250, 250, 0.5, config.crop(), Map.of());
        data = new TrainingData(new SampleMaker(card), log).addPhantoms(3, 700, 96);
        fold = new TrainingRun(config, data.samples(), new TrainingRun.Options(dir.resolve("run"), false, "cpu", 0, 0, null), log)
                .trainFold(0);
    }

    @AfterAll
    static void close() {
        fold.close();
    }

    private static Map<String, float[]> parityInputs() {
        return ModelExport.parityInputs(config, Map.of(), RepoFiles.sampleScan());
    }

    @Test
    void anExportWhoseGraphDiffersFromTheNetworkIsRefusedAndWritesNothing() {
        Path refused = dir.resolve("perturbed");
        assertThatThrownBy(() -> ModelExport.write(fold, config, data.summary(), parityInputs(), refused,
                onnx -> shiftHeadBias(onnx, 0.01f)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("export refused: on random ONNX Runtime and DJL differ by")
                .hasMessageEndingWith("in probability (tolerance 1e-04)");
        assertThat(refused.resolve("model.onnx")).doesNotExist();
        assertThat(refused.resolve("model-card.json")).doesNotExist();

        // The same export without the shift passes: the refusal above is the perturbation's.
        ModelExport.Exported exported = ModelExport.write(fold, config, data.summary(), parityInputs(),
                dir.resolve("as-trained"), onnx -> onnx);
        assertThat(exported.model()).isNotEmptyFile();
        assertThat(exported.parity()).allSatisfy(f -> assertThat(f.maxAbsDifference()).isLessThan(ParityCheck.TOLERANCE));
    }

    @Test
    void aParityCheckWithoutTheRandomImageOrARealScanIsRefused() {
        Map<String, float[]> withoutScan = new LinkedHashMap<>(parityInputs());
        withoutScan.keySet().removeIf(k -> k.startsWith(ModelExport.REAL_SCAN));
        Map<String, float[]> withoutRandom = new LinkedHashMap<>(parityInputs());
        withoutRandom.remove(ModelExport.RANDOM);
        for (Map<String, float[]> inputs : List.of(withoutScan, withoutRandom)) {
            Path out = dir.resolve("incomplete-" + inputs.size() + "-" + inputs.containsKey(ModelExport.RANDOM));
            assertThatThrownBy(() -> ModelExport.write(fold, config, data.summary(), inputs, out))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the parity check needs a random image and a real scan, got " + inputs.keySet());
            assertThat(out.resolve("model.onnx")).doesNotExist();
        }
    }

    /**
     * Adds {@code by} to every bias of the last convolution (the 1x1x1 head, before the sigmoid),
     * moving every probability by up to {@code by / 4}, far above the tolerance.
     */
    private static byte[] shiftHeadBias(byte[] onnx, float by) {
        try {
            OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(onnx);
            List<OnnxMl.NodeProto> convs = model.getGraph().getNodeList().stream()
                    .filter(n -> n.getOpType().equals("Conv")).toList();
            String bias = convs.get(convs.size() - 1).getInput(2);
            OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
            int shifted = 0;
            for (int i = 0; i < graph.getInitializerCount(); i++) {
                OnnxMl.TensorProto t = graph.getInitializer(i);
                if (t.getName().equals(bias)) {
                    FloatBuffer values = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                    ByteBuffer raw = ByteBuffer.allocate(values.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
                    while (values.hasRemaining()) {
                        raw.putFloat(values.get() + by);
                        shifted++;
                    }
                    graph.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(raw.array())));
                }
            }
            assertThat(shifted).as("head bias values shifted").isEqualTo(config.classes().size());
            return model.toBuilder().setGraph(graph).build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
