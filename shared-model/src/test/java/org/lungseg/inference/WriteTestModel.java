package org.lungseg.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;

/**
 * Writes one of {@link TestModels}' networks to a file, for benchmarks and trying the command line
 * before a trained model exists:
 *
 * <pre>
 * ./mvnw -q -pl shared-model test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.lungseg.inference.WriteTestModel -Dexec.args="unet 128 8 /tmp/unet8.onnx"
 * </pre>
 *
 * Arguments: {@code unet|finder}, grid side, U-Net base width (ignored for the finder), output file.
 */
public final class WriteTestModel {

    private WriteTestModel() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: WriteTestModel unet|finder GRID BASE OUT.onnx");
            System.exit(2);
        }
        int side = Integer.parseInt(args[1]);
        GridSize grid = new GridSize(side, side, side);
        List<String> classes = List.of(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG, ModelCard.INFECTION);
        byte[] model = switch (args[0]) {
            case "unet" -> TestModels.unet(TestModels.card(grid, Crop.NONE, classes, "random-unet-base" + args[2]),
                    Integer.parseInt(args[2]), 1e-3f, 42);
            case "finder" -> TestModels.darkInsideBody(TestModels.card(grid));
            default -> throw new IllegalArgumentException("unet or finder, not " + args[0]);
        };
        Files.write(Path.of(args[3]), model);
        System.out.printf("%s: %s, %d bytes%n", args[3], args[0], model.length);
    }
}
