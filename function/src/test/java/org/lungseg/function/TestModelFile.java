package org.lungseg.function;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.inference.TestModels;

/**
 * Writes the shared test model, the fixed-weight lung finder of shared-model's {@link TestModels},
 * to a file. Call it through {@link OutsideQuarkus} from code that Quarkus loads.
 */
final class TestModelFile {

    private TestModelFile() {
    }

    /**
     * Writes a test model for trying the function before a trained model is bundled:
     * {@code TestModelFile model.onnx [side]} (the lung finder on a side^3 grid, default 64).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: TestModelFile model.onnx [grid side, default 64]");
            System.exit(2);
        }
        darkInsideBody(args[0], args.length > 1 ? Integer.parseInt(args[1]) : 64);
        System.out.println("wrote " + args[0]);
    }

    /** The lung finder on a {@code side}^3 grid, written to {@code target}. */
    static void darkInsideBody(String target, int side) throws IOException {
        Files.write(Path.of(target), TestModels.darkInsideBody(TestModels.card(new GridSize(side, side, side))));
    }
}
