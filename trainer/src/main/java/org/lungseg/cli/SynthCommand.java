package org.lungseg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.lungseg.data.H2oLayout;
import org.lungseg.data.LabelledCase;
import org.lungseg.data.ZenodoLayout;
import org.lungseg.label.Label;
import org.lungseg.phantom.Phantom;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.phantom.PhantomSpec;
import org.lungseg.phantom.Severity;
import org.lungseg.volume.AxisCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lungseg synth}: writes synthetic chest CTs with exact labels in the COVID-19-CT-Seg or
 * the H2O Hydrogen Torch layout. The seed fixes every case, so a data set can be rebuilt exactly.
 */
@Command(name = "synth", description = "Write synthetic chest CT phantoms with exact lung and infection labels.")
final class SynthCommand implements Callable<Integer> {

    /** The storage orientations "mixed" draws from: NIfTI's canonical one and the DICOM-derived ones. */
    static final List<String> MIXED_ORIENTATIONS = List.of("RAS", "LPS", "LAS", "PLS", "RPI", "LPI");
    private static final Severity[] SEVERITIES = Severity.values();

    enum Layout { zenodo, h2o }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the data set into.")
    Path out;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "zenodo (COVID-19-CT-Seg) or h2o (Hydrogen Torch). Default: ${DEFAULT-VALUE}.")
    Layout layout = Layout.zenodo;

    @Option(names = "--h2o-classes", paramLabel = "CLASSES", description = "h2o layout only: SIDES (left_lung,"
            + " right_lung, infection) or LUNGS (one class lungs, images named <case>.nii.npy, as H2O's own export)."
            + " Default: ${DEFAULT-VALUE}.")
    H2oLayout.Classes h2oClasses = H2oLayout.Classes.SIDES;

    @Option(names = "--cases", paramLabel = "N", description = "Number of cases. Default: ${DEFAULT-VALUE}.")
    int cases = 4;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the whole data set. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--size", paramLabel = "XxYxZ", description = "Voxels per case, in-plane up to 512, 16 to 600 slices. Default: ${DEFAULT-VALUE}.")
    String size = "256x256x128";

    @Option(names = "--in-plane-spacing", paramLabel = "MM", description = "In-plane voxel size; 0 fits the field of view to each body. Default: ${DEFAULT-VALUE}.")
    double inPlaneSpacing = 0;

    @Option(names = "--slice-spacing", paramLabel = "MM", description = "Slice spacing, 0.6 to 5; 0 covers the chest. Default: ${DEFAULT-VALUE}.")
    double sliceSpacing = 0;

    @Option(names = "--severity", paramLabel = "LEVEL", description = "none, mild, moderate, severe, or mixed (drawn per case). Default: ${DEFAULT-VALUE}.")
    String severity = "mixed";

    @Option(names = "--orientation", paramLabel = "CODE", description = "Storage axes such as RAS, LPS, PLS, or mixed (one of RAS LPS LAS PLS RPI LPI per case). Default: ${DEFAULT-VALUE}.")
    String orientation = "mixed";

    @Option(names = "--windowed-fraction", paramLabel = "F", description = "Share of cases stored as 0..255 values of the window [-1250, 250] HU, as the Radiopaedia half of COVID-19-CT-Seg. Default: ${DEFAULT-VALUE}.")
    double windowedFraction = 0;

    @Option(names = "--prefix", paramLabel = "NAME", description = "Case name prefix. Default: ${DEFAULT-VALUE}.")
    String prefix = "phantom_";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        PhantomSpec base = baseSpec();
        if (cases < 1) {
            throw new ParameterException(spec.commandLine(), "--cases must be at least 1");
        }
        if (!(windowedFraction >= 0 && windowedFraction <= 1)) {
            throw new ParameterException(spec.commandLine(), "--windowed-fraction must be 0 to 1");
        }
        if (layout != Layout.h2o && spec.commandLine().getParseResult().hasMatchedOption("--h2o-classes")) {
            throw new ParameterException(spec.commandLine(), "--h2o-classes applies to --layout h2o only");
        }
        // Parsed before anything is written, so that a refused run leaves no half-made data set.
        Severity fixedSeverity = fixedSeverity();
        AxisCodes fixedOrientation = fixedOrientation();
        SplittableRandom draws = new SplittableRandom(seed);
        H2oLayout.Writer h2o = layout == Layout.h2o ? H2oLayout.writer(out, h2oClasses) : null;
        for (int c = 0; c < cases; c++) {
            PhantomSpec caseSpec = base.withSeed(draws.nextLong())
                    .withSeverity(pickSeverity(draws, fixedSeverity))
                    .withOrientation(pickOrientation(draws, fixedOrientation))
                    .withWindowed(draws.nextDouble() < windowedFraction);
            String name = String.format(Locale.ROOT, "%s%03d", prefix, c);
            long start = System.nanoTime();
            Phantom p = PhantomGenerator.generate(caseSpec);
            double seconds = (System.nanoTime() - start) / 1e9;
            LabelledCase labelled = new LabelledCase(name, p.ct(), p.labels(), p.lungs());
            if (h2o != null) {
                h2o.add(labelled);
            } else {
                ZenodoLayout.write(out, labelled);
            }
            console.printf(Locale.ROOT, "%s  %s %s  %s%s  left %.0f mL  right %.0f mL  infected %.1f%%  (%.2f s)%n",
                    name, p.ct().grid().dimsText(), p.ct().grid().orientation(), caseSpec.severity(),
                    caseSpec.windowed() ? "  0..255" : "", p.lungVolumeMl(Label.LEFT_LUNG),
                    p.lungVolumeMl(Label.RIGHT_LUNG), 100 * p.infectedFraction(), seconds);
            console.flush();
        }
        if (h2o != null) {
            // Only now: a failed case leaves images but no table, so no reader takes a partial set.
            h2o.finish();
        }
        console.printf(Locale.ROOT, "wrote %d cases in the %s layout to %s%n", cases, layout, out);
        return Main.EXIT_OK;
    }

    private PhantomSpec baseSpec() {
        String[] parts = size.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            return PhantomSpec.of(seed)
                    .withSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]))
                    .withSpacing(inPlaneSpacing, sliceSpacing);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--size must look like 256x256x128, got " + size);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The severity every case gets, or null for "mixed". */
    private Severity fixedSeverity() {
        return fixedOrMixed(severity, Severity::parse);
    }

    /** The storage orientation every case gets, or null for "mixed". */
    private AxisCodes fixedOrientation() {
        return fixedOrMixed(orientation, AxisCodes::parse);
    }

    /** An option's one value for every case, or null for "mixed"; anything else is a usage error. */
    private <T> T fixedOrMixed(String value, Function<String, T> parse) {
        if (value.equalsIgnoreCase("mixed")) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (or mixed)");
        }
    }

    /** Draws even when the severity is fixed, so that a seed gives the same bodies at any severity. */
    private static Severity pickSeverity(SplittableRandom draws, Severity fixed) {
        double d = draws.nextDouble();
        if (fixed != null) {
            return fixed;
        }
        // Like a hospital's COVID-19 cohort: mostly mild to moderate, some severe, a few clear.
        double[] cumulative = {0.15, 0.45, 0.8, 1.0};
        int i = 0;
        while (d > cumulative[i]) {
            i++;
        }
        return SEVERITIES[i];
    }

    private static AxisCodes pickOrientation(SplittableRandom draws, AxisCodes fixed) {
        int pick = draws.nextInt(MIXED_ORIENTATIONS.size());
        return fixed != null ? fixed : AxisCodes.parse(MIXED_ORIENTATIONS.get(pick));
    }
}
