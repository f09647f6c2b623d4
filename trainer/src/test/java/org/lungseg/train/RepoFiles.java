package org.lungseg.train;

import java.nio.file.Path;

/** Files of the repository that tests read in place: the shipped seed config and the demo scan. */
public final class RepoFiles {

    private RepoFiles() {
    }

    public static Path root() {
        return Path.of(System.getProperty("lungseg.repo.root", ".."));
    }

    /** The Hydrogen Torch experiment YAML of the seed, as published. */
    public static Path seedConfig() {
        return root().resolve("configs/hydrogen-torch-69_covid_ct_image_semantic_segmentation_3d.yaml");
    }

    /** The real CT shipped for demos and the export's parity check. */
    public static Path sampleScan() {
        return root().resolve("samples/cip-ct64.nii.gz");
    }
}
