package org.lungseg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.train.StepTimer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg benchmark train}: seconds per training step of the U-Net on this machine, and the
 * share of each step spent outside DJL's forward and backward passes (batch preparation,
 * augmentation, tensor upload, optimizer update, bookkeeping).
 */
@Command(name = "train", description = "Time training steps of the U-Net at given base widths.")
final class TrainBenchmark implements Callable<Integer> {

    @Option(names = "--grid", defaultValue = "128", description = "Network grid side (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--base-width", split = ",", defaultValue = "8,16", description = "Base widths to time (default ${DEFAULT-VALUE}).")
    List<Integer> widths;

    @Option(names = "--levels", defaultValue = "5", description = "U-Net levels (default ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--batch-size", defaultValue = "1")
    int batch;

    @Option(names = "--steps", defaultValue = "5", description = "Timed steps after one warm-up (default ${DEFAULT-VALUE}).")
    int steps;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "grid %d^3, %d levels, batch %d, %d timed steps, OMP_NUM_THREADS=%s%n", grid, levels, batch,
                steps, System.getenv("OMP_NUM_THREADS"));
        out.printf(Locale.ROOT, "%-10s %12s %18s %16s %12s%n", "base width", "s/step (med)", "forward+backward", "outside share", "parameters");
        for (int width : widths) {
            StepTimer.Result r = StepTimer.measure(new GridSize(grid, grid, grid), levels, width, batch, steps);
            double step = IoBenchmark.median(r.stepSeconds());
            double forwardBackward = IoBenchmark.median(r.forwardBackwardSeconds());
            out.printf(Locale.ROOT, "%-10d %12.2f %16.2f s %15.0f%% %12d%n", width, step, forwardBackward,
                    100 * (1 - forwardBackward / step), r.parameters());
        }
        return Main.EXIT_OK;
    }
}
