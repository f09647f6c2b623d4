package org.lungseg.function;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Reads scans from, and writes outputs under, the configured roots (mounted volumes). A path
 * must lie under a root both as written and after every symbolic link is followed, so neither
 * {@code ..} nor a link can reach a file outside; outputs are written under the root's output
 * prefix only, into folders created one level at a time that may not be links (so a linked
 * prefix or subfolder cannot carry a write, or even a new folder, out of the root), through a
 * temporary file that is renamed into place (a rename replaces a link rather than writing through it).
 */
@ApplicationScoped
public class FileScanStore {

    private static final Logger LOG = Logger.getLogger(FileScanStore.class);

    /** A configured root: as written, and with its links resolved. */
    record Root(Path path, Path real) {
    }

    /** A readable scan file and the root it lies under. */
    record Resolved(Root root, Path real, String key) {
    }

    private final List<Root> roots = new ArrayList<>();
    private final long maxScanBytes;
    private final OutputNames outputs;

    public FileScanStore(FunctionConfig config) {
        this.maxScanBytes = config.maxScanSize().asLongValue();
        this.outputs = new OutputNames(config.output().prefix());
        for (Path root : config.file().roots().orElse(List.of())) {
            Path absolute = root.toAbsolutePath().normalize();
            try {
                roots.add(new Root(absolute, absolute.toRealPath()));
            } catch (IOException e) {
                LOG.warnf("file root %s is not readable (%s); file:// references under it are refused", absolute,
                        e.getClass().getSimpleName());
            }
        }
    }

    /** Finds the scan's file, checking that it lies under a root, is a regular file and not too large. */
    public Resolved resolve(ScanLocation.LocalFile location) {
        Path path = location.path();
        Root root = roots.stream().filter(r -> path.startsWith(r.path()) || path.startsWith(r.real())).findFirst()
                .orElseThrow(() -> ProblemException.forbidden(roots.isEmpty()
                        ? "this function reads no files (lungseg.file.roots is empty)"
                        : "'" + location.uri() + "' is not under a root this function reads (lungseg.file.roots)"));
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw ProblemException.notFound("'" + location.uri() + "' does not exist");
        } catch (AccessDeniedException e) {
            throw ProblemException.forbidden("'" + location.uri() + "' is not readable by this function");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + location.uri(), e);
        }
        if (!real.startsWith(root.real())) {
            throw ProblemException.forbidden("'" + location.uri() + "' leads outside its root through a symbolic link");
        }
        if (!Files.isRegularFile(real)) {
            throw ProblemException.notFound("'" + location.uri() + "' is not a file");
        }
        String key = root.real().relativize(real).toString().replace('\\', '/');
        if (outputs.isOutput(key)) {
            throw ProblemException.forbidden("'" + location.uri() + "' lies under the output prefix '" + outputs.prefix()
                    + "': the function does not segment its own outputs");
        }
        long size;
        try {
            size = Files.size(real);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + location.uri(), e);
        }
        if (size > maxScanBytes) {
            throw ProblemException.tooLarge(String.format(Locale.ROOT,
                    "'%s' holds %,d bytes, above the %,d bytes this function reads (lungseg.max-scan-size)",
                    location.uri(), size, maxScanBytes));
        }
        return new Resolved(root, real, key);
    }

    /** Writes one output of {@code scan} at {@code outputKey} under its root; returns its URI. */
    public String write(Resolved scan, String outputKey, byte[] bytes) {
        Path outputDir = scan.root().real().resolve(outputs.prefix()).normalize();
        Path target = scan.root().real().resolve(outputKey).normalize();
        if (!target.startsWith(outputDir) || !outputs.isOutput(outputKey)) {
            throw new IllegalArgumentException(outputKey + " is not under the output prefix");
        }
        try {
            createFoldersWithoutLinks(scan.root().real(), target.getParent(), outputKey);
            Path temporary = Files.createTempFile(target.getParent(), ".lungseg-", ".part");
            try {
                Files.write(temporary, bytes);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return target.toUri().toString();
    }

    /**
     * Creates {@code folder} under {@code rootReal} one level at a time and refuses any level that
     * exists as a symbolic link (or not as a folder): {@code createDirectories} would follow a linked
     * output prefix and create folders wherever it leads before any check could run.
     */
    private void createFoldersWithoutLinks(Path rootReal, Path folder, String outputKey) throws IOException {
        Path dir = rootReal;
        for (Path name : rootReal.relativize(folder)) {
            dir = dir.resolve(name);
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException e) {
                    // Another request created it (or planted something) meanwhile: checked below.
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw ProblemException.forbidden("the output folder '" + rootReal.relativize(dir) + "' for '" + outputKey
                        + "' is a symbolic link or not a folder: outputs are written only into real folders under "
                        + rootReal.resolve(outputs.prefix()) + ", never through a link");
            }
        }
    }

    public OutputNames outputs() {
        return outputs;
    }
}
