package org.lungseg.function;

import org.lungseg.dicom.DicomReadOptions;
import org.lungseg.dicom.DicomSeriesReader;
import org.lungseg.dicom.PendingSeries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.lungseg.nifti.NiftiHeader;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.volume.Volume;

/**
 * The bytes of one scan: in memory (an upload) or in a file (a mounted file, or an object fetched
 * into a temporary folder, which {@link #close()} deletes). The reader gets a file as a path, so
 * a fetched scan is never held in memory in its compressed form.
 */
final class ScanPayload implements AutoCloseable {

    private final String name;
    private final byte[] bytes;
    private final Path file;
    private final Path temporaryDir;

    private ScanPayload(String name, byte[] bytes, Path file, Path temporaryDir) {
        this.name = name;
        this.bytes = bytes;
        this.file = file;
        this.temporaryDir = temporaryDir;
    }

    static ScanPayload inMemory(String name, byte[] bytes) {
        return new ScanPayload(name, bytes, null, null);
    }

    /** A file that stays where it is. */
    static ScanPayload file(Path file) {
        return new ScanPayload(String.valueOf(file.getFileName()), null, file, null);
    }

    /** A new temporary folder for a file named {@code name}; {@link #close()} deletes both. */
    static ScanPayload temporary(String name) {
        try {
            Path dir = Files.createTempDirectory("lungseg-scan-");
            String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
            return new ScanPayload(name, null, dir.resolve(safe.isEmpty() || safe.startsWith(".") ? "scan" + safe : safe), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for " + name, e);
        }
    }

    /** The file name, for messages. */
    String name() {
        return name;
    }

    /** The file to fill, for a {@link #temporary} payload. */
    Path file() {
        return file;
    }

    long size() {
        if (bytes != null) {
            return bytes.length;
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + name, e);
        }
    }

    /** The first bytes, to tell the format. */
    byte[] head(int n) {
        if (bytes != null) {
            return Arrays.copyOf(bytes, Math.min(n, bytes.length));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    NiftiHeader header(NiftiReader reader) {
        return bytes != null ? reader.readHeader(bytes, name) : reader.readHeader(file);
    }

    Volume volume(NiftiReader reader) {
        return bytes != null ? reader.readVolume(bytes, name) : reader.readVolume(file);
    }

    /**
     * The headers of a zipped DICOM series (the given series, or the reader's choice when null), read
     * with the same voxel limit as NIfTI scans; its pixels are decoded by {@link PendingSeries#decode()}.
     * The zip's files are held in memory while the series is read, so they may inflate to no more than
     * {@code inflateLimit} bytes: a small zip of zeros is refused before it can exhaust the heap.
     */
    PendingSeries dicomSeries(NiftiReader reader, String series, long inflateLimit) {
        DicomReadOptions defaults = DicomReadOptions.defaults().withMaxVoxels(reader.maxVoxels()).withSeries(series);
        DicomReadOptions options = defaults.withFileLimits(defaults.maxFiles(),
                Math.min(defaults.maxFileBytes(), inflateLimit), Math.min(defaults.maxZipBytes(), inflateLimit));
        return bytes != null ? DicomSeriesReader.openZip(bytes, name, options) : DicomSeriesReader.open(file, options);
    }

    @Override
    public void close() {
        if (temporaryDir == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(temporaryDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary copy of " + name, e);
        }
    }
}
