package org.lungseg.cli;

import java.nio.file.Path;
import org.lungseg.inference.BundledModel;
import org.lungseg.inference.Segmenter;
import picocli.CommandLine;

/** The model a command runs: the one given with {@code --model}, else the model bundled with lungseg. */
final class ModelChoice {

    private ModelChoice() {
    }

    static Segmenter open(Path model, Segmenter.Options options, CommandLine commandLine) {
        if (model != null) {
            return Segmenter.open(model, options);
        }
        byte[] bundled = BundledModel.bytes().orElseThrow(() -> new CommandLine.ParameterException(commandLine,
                "no model given and this build bundles none: pass --model M.onnx (from `lungseg train` or `lungseg export`)"));
        return Segmenter.open(bundled, "bundled model", options);
    }

    /** How reports name the model. */
    static String describe(Path model) {
        return model != null ? model.toString() : "bundled model (" + BundledModel.RESOURCE + ")";
    }
}
