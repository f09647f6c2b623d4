package org.lungseg.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.volume.InvalidScanException;

/** Opens a folder of labelled cases in whichever layout it is: COVID-19-CT-Seg, H2O, or paired folders. */
public final class Datasets {

    private Datasets() {
    }

    public static CaseReader open(Path root) {
        return open(root, FlatteningOrder.FIRST_AXIS_FASTEST);
    }

    /** @param rleOrder flattening order of H2O run-length codes (DESIGN.md's convention is unverified) */
    public static CaseReader open(Path root, FlatteningOrder rleOrder) {
        if (!Files.isDirectory(root)) {
            throw new InvalidScanException("not a folder: " + root);
        }
        if (ZenodoLayout.matches(root)) {
            return new ZenodoLayout(root);
        }
        if (H2oLayout.matches(root)) {
            return new H2oLayout(root, rleOrder);
        }
        PairedFolders paired = new PairedFolders(root);
        if (paired.names().isEmpty()) {
            throw new InvalidScanException(root + " holds no labelled cases: expected " + ZenodoLayout.SCANS + "/ with "
                    + ZenodoLayout.LUNG_AND_INFECTION + "/, or " + H2oLayout.TABLE + " with " + H2oLayout.IMAGES
                    + "/, or folders with " + PairedFolders.SCAN + " and " + PairedFolders.LABELS);
        }
        return paired;
    }
}
