package org.lungseg.cli;

import picocli.CommandLine.Command;

/** {@code lungseg benchmark ...}: figures for docs/performance.md, printed, never asserted. */
@Command(name = "benchmark", description = "Measure lungseg's speed on this machine.",
        subcommands = {IoBenchmark.class, SegmentBenchmark.class, SynthBenchmark.class, TrainBenchmark.class})
final class BenchmarkCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
