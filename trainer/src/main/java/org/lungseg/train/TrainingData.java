package org.lungseg.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.lungseg.data.CaseReader;
import org.lungseg.data.Datasets;
import org.lungseg.data.FieldOfView;
import org.lungseg.data.LabelledCase;
import org.lungseg.phantom.Phantom;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.phantom.PhantomSpec;
import org.lungseg.phantom.Severity;
import org.lungseg.volume.AxisCodes;

/**
 * Gathers the training cases of a run from any mix of sources (folders in the COVID-19-CT-Seg, H2O
 * or paired-folder layout, and phantoms made on the fly) and turns each into a
 * {@link NetworkSample} at once, so only network-space arrays stay in memory.
 */
public final class TrainingData {

    /** Storage orders phantoms are written in, as hospitals store scans. */
    private static final List<String> ORIENTATIONS = List.of("RAS", "LPS", "LPI", "PLS", "RPS", "LAS", "PRS", "RSP");

    private final SampleMaker maker;
    private final PrintWriter out;
    private final List<NetworkSample> samples = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();

    public TrainingData(SampleMaker maker, PrintWriter out) {
        this.maker = maker;
        this.out = out;
    }

    /** Adds every case of a dataset folder; names are prefixed with the folder's name to stay unique. */
    public TrainingData addFolder(Path root) {
        return addFolder(root, Datasets.open(root));
    }

    /** Adds every case of {@code reader}, a dataset folder at {@code root} already opened. */
    public TrainingData addFolder(Path root, CaseReader reader) {
        String prefix = root.toAbsolutePath().normalize().getFileName() + "/";
        int n = 0;
        for (String name : reader.names()) {
            LabelledCase c = reader.read(name);
            add(new LabelledCase(prefix + c.name(), c.ct(), c.labels(), c.lungs()));
            n++;
        }
        sources.add(n + " cases from " + root.toAbsolutePath().normalize().getFileName() + " ("
                + reader.getClass().getSimpleName() + ")");
        return this;
    }

    /**
     * Adds {@code count} phantoms of every variety the generator offers: sizes, spacings, storage
     * orientations, HU and 0..255 storage, infection from none to severe.
     */
    public TrainingData addPhantoms(int count, long seed, int maxInPlane) {
        for (int i = 0; i < count; i++) {
            PhantomSpec spec = variety(seed + i, maxInPlane);
            Phantom p = PhantomGenerator.generate(spec);
            add(new LabelledCase(String.format(Locale.ROOT, "phantom-%d", seed + i), p.ct(), p.labels(), p.lungs()));
            if ((i + 1) % 10 == 0 || i + 1 == count) {
                out.printf(Locale.ROOT, "phantoms: %d/%d ready%n", i + 1, count);
                out.flush();
            }
        }
        sources.add(count + " phantoms (seeds " + seed + ".." + (seed + count - 1) + ", every variety)");
        return this;
    }

    /**
     * Adds {@code count} phantoms (seeds after {@code seed}) cut to a smaller field of view by
     * {@link FieldOfView}: one lung, a slab of a few slices, or the lung bases.
     */
    public TrainingData addCutPhantoms(int count, long seed, int maxInPlane) {
        for (int i = 0; i < count; i++) {
            PhantomSpec spec = variety(seed + i, maxInPlane);
            Phantom p = PhantomGenerator.generate(spec);
            LabelledCase whole = new LabelledCase(String.format(Locale.ROOT, "phantom-%d", seed + i), p.ct(), p.labels(), p.lungs());
            add(FieldOfView.random(whole, new SplittableRandom(seed + i)));
        }
        sources.add(count + " phantoms cut to one lung, a slab or the lung bases (seeds " + seed + ".."
                + (seed + count - 1) + ")");
        return this;
    }

    /** The phantom spec of one seed: a varied but reproducible draw. */
    public static PhantomSpec variety(long seed, int maxInPlane) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        int inPlane = Math.min(maxInPlane, 96 + 32 * r.nextInt(0, 6));
        double sliceMm = new double[] {1.0, 1.5, 2.0, 2.5, 3.0, 5.0}[r.nextInt(6)];
        int slices = (int) Math.min(PhantomSpec.MAX_SLICES, Math.max(PhantomSpec.MIN_SLICES, Math.round(300 / sliceMm)));
        slices = Math.min(slices, 2 * inPlane);
        Severity severity = Severity.values()[r.nextInt(Severity.values().length)];
        AxisCodes orientation = AxisCodes.parse(ORIENTATIONS.get(r.nextInt(ORIENTATIONS.size())));
        return new PhantomSpec(inPlane, inPlane, slices, 0, sliceMm, orientation, severity, r.nextDouble() < 0.3, seed);
    }

    private void add(LabelledCase c) {
        samples.add(maker.make(c));
    }

    public List<NetworkSample> samples() {
        return samples;
    }

    /** One line for the model card. */
    public String summary() {
        return String.join("; ", sources);
    }
}
