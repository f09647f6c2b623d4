package org.lungseg.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.nifti.NiftiWriter;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;

/**
 * The layout of the COVID-19-CT-Seg data set (Zenodo record 3757476): scans in
 * {@code COVID-19-CT-Seg_20cases/<name>.nii.gz}, and for each, masks of the same name in
 * {@code Lung_and_Infection_Mask/} (0 background, 1 left lung, 2 right lung, 3 infection),
 * {@code Lung_Mask/} (1 left, 2 right, whole lungs) and {@code Infection_Mask/} (0/1). Without
 * the combined folder, {@code Lung_Mask} and {@code Infection_Mask} together give the labels: 1 or 2
 * from the lung mask, 3 where the infection mask is set inside a lung.
 */
public final class ZenodoLayout implements CaseReader {

    public static final String SCANS = "COVID-19-CT-Seg_20cases";
    public static final String LUNG_AND_INFECTION = "Lung_and_Infection_Mask";
    public static final String LUNGS = "Lung_Mask";
    public static final String INFECTION = "Infection_Mask";
    private static final String SUFFIX = ".nii.gz";

    private final Path root;

    public ZenodoLayout(Path root) {
        this.root = root;
    }

    /** Whether {@code root} looks like this layout. */
    public static boolean matches(Path root) {
        return Files.isDirectory(root.resolve(SCANS)) && (Files.isDirectory(root.resolve(LUNG_AND_INFECTION))
                || Files.isDirectory(root.resolve(LUNGS)) && Files.isDirectory(root.resolve(INFECTION)));
    }

    @Override
    public List<String> names() {
        try (Stream<Path> files = Files.list(root.resolve(SCANS))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(SUFFIX))
                    .map(f -> f.substring(0, f.length() - SUFFIX.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root.resolve(SCANS), e);
        }
    }

    @Override
    public LabelledCase read(String name) {
        Path labels = file(LUNG_AND_INFECTION, name);
        Path lungs = file(LUNGS, name);
        Path infection = file(INFECTION, name);
        LabelMap whole = Files.isRegularFile(lungs) ? NiftiReader.readLabels(lungs) : null;
        if (Files.isRegularFile(labels)) {
            return new LabelledCase(name, NiftiReader.read(file(SCANS, name)), NiftiReader.readLabels(labels), whole);
        }
        if (whole == null || !Files.isRegularFile(infection)) {
            throw new InvalidScanException(name + ": no mask " + root.relativize(labels) + ", nor both "
                    + root.relativize(lungs) + " and " + root.relativize(infection));
        }
        return new LabelledCase(name, NiftiReader.read(file(SCANS, name)), combined(name, whole,
                NiftiReader.readLabels(infection)), whole);
    }

    /** Labels 1/2 from the lung mask, 3 where the infection mask is set inside a lung. */
    private static LabelMap combined(String name, LabelMap lungs, LabelMap infection) {
        if (!infection.grid().sameGeometry(lungs.grid(), LabelledCase.GEOMETRY_TOLERANCE_MM)) {
            throw new InvalidScanException(name + ": the infection mask is not on the lung mask's grid");
        }
        byte[] l = lungs.labels();
        byte[] inf = infection.labels();
        byte[] out = new byte[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i] != 0 && inf[i] != 0 ? 3 : l[i];
        }
        return new LabelMap(lungs.grid(), out);
    }

    /** Writes a case under {@code root} in this layout, all four files on the scan's grid. */
    public static void write(Path root, LabelledCase c) {
        LabelMap lungs = c.wholeLungs();
        byte[] infection = new byte[c.labels().labels().length];
        byte[] labels = c.labels().labels();
        for (int i = 0; i < infection.length; i++) {
            infection[i] = (byte) (labels[i] == 3 ? 1 : 0);
        }
        NiftiWriter.write(c.ct(), directory(root, SCANS).resolve(c.name() + SUFFIX));
        NiftiWriter.write(c.labels(), directory(root, LUNG_AND_INFECTION).resolve(c.name() + SUFFIX));
        NiftiWriter.write(lungs, directory(root, LUNGS).resolve(c.name() + SUFFIX));
        NiftiWriter.write(new LabelMap(c.labels().grid(), infection), directory(root, INFECTION).resolve(c.name() + SUFFIX));
    }

    private Path file(String folder, String name) {
        return root.resolve(folder).resolve(name + SUFFIX);
    }

    private static Path directory(Path root, String folder) {
        Path dir = root.resolve(folder);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }
}
