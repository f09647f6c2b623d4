package org.lungseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungseg.export.ModelExport;
import org.lungseg.export.ParityCheck;
import org.lungseg.train.RunFolder;
import org.lungseg.train.TrainingConfig;
import org.lungseg.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg export}: writes the ONNX model and model card of a fold from its last checkpoint
 * (training does this itself at its end; this is for a stopped or resumed run), after the same
 * DJL-against-ONNX-Runtime parity check.
 */
@Command(name = "export", description = "Export a run's fold to ONNX from its checkpoint, with the parity check.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The --out folder of lungseg train.")
    Path run;

    @Option(names = "--fold", defaultValue = "0", description = "Fold to export (default ${DEFAULT-VALUE}).")
    int fold;

    @Option(names = "--scan", paramLabel = "SCAN", description = "A real scan for the parity check (default: the repository's samples/cip-ct64.nii.gz, found from here or beside lungseg).")
    Path scan;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write model.onnx and its card (default: the fold's folder).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        RunFolder folder = new RunFolder(run);
        TrainingConfig config = folder.config();
        Path paritySource = DemoScan.forParity(scan);
        String data = folder.data();
        try (TrainingRun.TrainedFold trained = TrainingRun.restore(run, config, fold)) {
            Map<String, float[]> inputs = ModelExport.parityInputs(config, Map.of(), paritySource);
            ModelExport.Exported exported = ModelExport.write(trained, config, data, inputs,
                    out != null ? out : trained.dir());
            log.printf(Locale.ROOT, "exported %s (%.1f MB) after epoch %d; parity %s%n", exported.model(),
                    exported.bytes() / 1e6, trained.last().epoch() + 1, ParityCheck.describe(exported.parity()));
        }
        return Main.EXIT_OK;
    }
}
