package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.inference.InferenceSession.Device;
import org.lungseg.inference.InferenceSession.Options;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.onnx.OnnxGraphBuilder;

class InferenceSessionTest {

    private static final GridSize GRID = new GridSize(16, 12, 8);
    private static final Options CPU = Options.cpu().withThreads(1);

    @Test
    void aModelFileFollowingTheContractLoadsAndAnswersProbabilities(@TempDir Path dir) throws Exception {
        ModelCard card = TestModels.card(GRID);
        Path file = dir.resolve("finder.onnx");
        Files.write(file, TestModels.darkInsideBody(card));
        try (InferenceSession s = InferenceSession.open(file, CPU)) {
            assertThat(s.card()).isEqualTo(card);
            assertThat(s.identity().name()).isEqualTo("dark-inside-body");
            assertThat(s.identity().sha256()).hasSize(64);
            assertThat(s.provider()).startsWith("CPUExecutionProvider").contains("1 intra-op thread");
            assertThat(s.warnings()).isEmpty();
            assertThat(s.warmUpMs()).isPositive();

            float[] image = new float[GRID.voxelCount()];
            java.util.Arrays.fill(image, 0.9f); // all tissue: no lung anywhere
            float[] p = s.predict(image);
            assertThat(p).hasSize(3 * GRID.voxelCount());
            for (float v : p) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(p[0]).isLessThan(0.5f);
            assertThat(s.predict(image)).isEqualTo(p);
            assertThatThrownBy(() -> s.predict(new float[5])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("16x12x8");
        }
    }

    @Test
    void aModelWithoutMetadataIsRefused() {
        byte[] bare = TestModels.darkInsideBody(TestModels.card(GRID), Map.of());
        assertThatThrownBy(() -> InferenceSession.open(bare, "bare.onnx", CPU))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("bare.onnx lacks the lungseg model card");
    }

    @Test
    void aCardWhoseGridDisagreesWithTheGraphIsRefused() {
        ModelCard graph = TestModels.card(GRID);
        ModelCard claimed = TestModels.card(new GridSize(32, 32, 32));
        byte[] model = TestModels.darkInsideBody(graph, claimed.toMetadata());
        assertThatThrownBy(() -> InferenceSession.open(model, "liar.onnx", CPU))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("'image' has shape [-1, 1, 8, 12, 16]")
                .hasMessageContaining("[N, 1, 32, 32, 32]");
    }

    @Test
    void wrongInputNamesAreRefused() {
        ModelCard card = TestModels.card(new GridSize(4, 4, 4));
        OnnxGraphBuilder b = new OnnxGraphBuilder("renamed");
        b.input("x", -1, 1, 4, 4, 4);
        b.output(InferenceSession.OUTPUT, -1, 3, 4, 4, 4);
        b.nodeNamed(InferenceSession.OUTPUT, "Concat", Map.of("axis", 1L), "x", "x", "x");
        byte[] model = b.build(card.toMetadata());
        assertThatThrownBy(() -> InferenceSession.open(model, "renamed.onnx", CPU))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("has inputs [x]");
    }

    @Test
    void notAnOnnxFileOrNoFileAtAllIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> InferenceSession.open("not a model".getBytes(StandardCharsets.UTF_8), "junk.onnx", CPU))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("junk.onnx could not be loaded by ONNX Runtime");
        assertThatThrownBy(() -> InferenceSession.open(dir.resolve("absent.onnx"), CPU))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void cudaAskedForWithoutACudaBuildRunsOnTheCpuAndSaysSo() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                "this ONNX Runtime build has CUDA");
        try (InferenceSession s = InferenceSession.open(TestModels.darkInsideBody(TestModels.card(GRID)), "m.onnx",
                CPU.withDevice(Device.CUDA))) {
            assertThat(s.provider()).startsWith("CPUExecutionProvider");
            assertThat(s.warnings()).singleElement().asString().contains("CUDA was asked for").contains("-Pcuda");
        }
    }
}
