package org.lungseg.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.lungseg.nifti.NiftiReader;

/**
 * One folder per case holding {@code ct.nii.gz} and {@code lungs.nii.gz} (labels 0..3 on the
 * scan's grid), as in {@code ../shared/data/real}. Folders without both files are not cases.
 */
public final class PairedFolders implements CaseReader {

    public static final String SCAN = "ct.nii.gz";
    public static final String LABELS = "lungs.nii.gz";

    private final Path root;

    public PairedFolders(Path root) {
        this.root = root;
    }

    @Override
    public List<String> names() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(SCAN)) && Files.isRegularFile(d.resolve(LABELS)))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    @Override
    public LabelledCase read(String name) {
        Path dir = root.resolve(name);
        return LabelledCase.of(name, NiftiReader.read(dir.resolve(SCAN)), NiftiReader.readLabels(dir.resolve(LABELS)));
    }
}
