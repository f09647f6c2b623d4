package org.lungseg.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real scan shipped in the repository ({@code samples/cip-ct64.nii.gz}) that the export's
 * parity check runs besides a random image. It is found from the working directory or from where
 * lungseg's own classes lie ({@code trainer/target/lungseg.jar} or {@code trainer/target/classes}),
 * so exports work from any folder of a checkout.
 */
final class DemoScan {

    static final Path RELATIVE = Path.of("samples", "cip-ct64.nii.gz");

    private DemoScan() {
    }

    static Optional<Path> locate() {
        if (Files.isRegularFile(RELATIVE)) {
            return Optional.of(RELATIVE.toAbsolutePath().normalize());
        }
        Path here;
        try {
            here = Path.of(DemoScan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(RELATIVE))) {
                return Optional.of(dir.resolve(RELATIVE));
            }
        }
        return Optional.empty();
    }

    /** {@code given} when set (it must exist), else the shipped scan; a clear input error when there is none. */
    static Path forParity(Path given) {
        if (given != null) {
            if (!Files.isRegularFile(given)) {
                throw new org.lungseg.volume.InvalidScanException("--scan " + given + ": no such file");
            }
            return given;
        }
        return locate().orElseThrow(() -> new org.lungseg.volume.InvalidScanException("the parity check needs a real"
                + " scan and " + RELATIVE + " was not found from here or beside lungseg: give --scan CT.nii.gz"));
    }
}
