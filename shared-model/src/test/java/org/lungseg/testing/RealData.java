package org.lungseg.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real CT cases of {@code ../shared/data/real}, read in place. Tests that need them are skipped
 * with a clear message where that folder is absent.
 */
public final class RealData {

    /** Every case folder, with its storage order as its README gives it. */
    public static final List<String> CASES = List.of(
            "cip-ct64", "cip-testinput", "cip-crop-2slices", "elastix-right-lung", "totalseg-example");

    private RealData() {
    }

    public static Path root() {
        Path repo = Path.of(System.getProperty("lungseg.repo.root", ".")).toAbsolutePath().normalize();
        Path real = besideRepository(repo);
        // Without the property (the function's tests: Quarkus refuses unknown lungseg.* keys) a
        // module's tests run in the module's folder, one below the repository root.
        return Files.isDirectory(real) || repo.getParent() == null ? real : besideRepository(repo.getParent());
    }

    private static Path besideRepository(Path repo) {
        return repo.resolveSibling("shared").resolve("data").resolve("real");
    }

    /** A file under the real-data folder; skips the calling test when it is missing. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "real CT data not present at " + p + " (see ../shared/data/real/README.md)");
        return p;
    }
}
