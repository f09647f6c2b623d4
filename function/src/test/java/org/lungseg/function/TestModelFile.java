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

    /** The lung finder on a {@code side}^3 grid, written to {@code target}. */
    static void darkInsideBody(String target, int side) throws IOException {
        Files.write(Path.of(target), TestModels.darkInsideBody(TestModels.card(new GridSize(side, side, side))));
    }
}
