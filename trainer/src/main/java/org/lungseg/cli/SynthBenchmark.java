package org.lungseg.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.phantom.PhantomSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg benchmark synth}: phantom generation time, the first case of this JVM (cold: the
 * JIT has compiled nothing yet and the heap is untouched) apart from the warm ones after it.
 * Nothing is written, so the figures are the generator's alone.
 */
@Command(name = "synth", description = "Time phantom generation: the cold first case, then warm cases.")
final class SynthBenchmark implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "256x256x128", description = "Grid of each phantom (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--cases", defaultValue = "6", description = "Cases in all, the cold one included (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the first case; case i uses seed + i (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (cases < 2) {
            throw new ParameterException(spec.commandLine(), "--cases must be at least 2: one cold, one warm");
        }
        int[] dims;
        try {
            dims = IoBenchmark.parseSize(size);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--size must look like 256x256x128, got " + size);
        }
        PhantomSpec base;
        try {
            base = PhantomSpec.of(seed).withSize(dims[0], dims[1], dims[2]);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        out.printf(Locale.ROOT, "grid %s, %d cases, %d cores, load average %s, JVM up %.2f s before the first case%n",
                size, cases, Runtime.getRuntime().availableProcessors(), SegmentBenchmark.loadAverage(),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        out.printf(Locale.ROOT, "%-6s %10s %14s%n", "case", "wall s", "process CPU s");
        double[] wall = new double[cases];
        double[] cpu = new double[cases];
        for (int c = 0; c < cases; c++) {
            long t0 = System.nanoTime();
            long cpu0 = SegmentBenchmark.processCpuNanos();
            PhantomGenerator.generate(base.withSeed(seed + c));
            wall[c] = (System.nanoTime() - t0) / 1e9;
            cpu[c] = (SegmentBenchmark.processCpuNanos() - cpu0) / 1e9;
            out.printf(Locale.ROOT, "%-6d %10.3f %14.3f%n", c + 1, wall[c], cpu[c]);
            out.flush();
        }
        double[] warmWall = Arrays.copyOfRange(wall, 1, cases);
        double[] warmCpu = Arrays.copyOfRange(cpu, 1, cases);
        out.printf(Locale.ROOT, "first case (cold JVM): %.3f s wall, %.3f s process CPU%n", wall[0], cpu[0]);
        out.printf(Locale.ROOT, "cases 2 to %d (warm): median %.3f s wall (min %.3f, max %.3f), median %.3f s process CPU%n",
                cases, IoBenchmark.median(warmWall), Arrays.stream(warmWall).min().orElseThrow(),
                Arrays.stream(warmWall).max().orElseThrow(), IoBenchmark.median(warmCpu));
        return Main.EXIT_OK;
    }
}
