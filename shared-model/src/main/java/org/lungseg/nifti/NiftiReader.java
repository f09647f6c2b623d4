package org.lungseg.nifti;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.IntensityRange;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Quaternion;
import org.lungseg.volume.SpatialHeader;
import org.lungseg.volume.Volume;

/**
 * Reads NIfTI-1 and NIfTI-2 scans ({@code .nii}, {@code .nii.gz}) into a {@link Volume}.
 *
 * <p>Everything a file declares is checked against what the file can back before anything is
 * allocated: a hostile or broken file gets an {@link InvalidScanException} naming the problem,
 * never an OutOfMemoryError or an endless read. Gzip streams are read only up to the declared
 * size, so a gzip bomb costs no more than an honest file of its declared dimensions, and those are
 * capped by {@code maxVoxels}.
 */
public final class NiftiReader {

    /** Enough for 512x512x1200 slices; above it a scan is refused rather than risk the heap. */
    public static final long DEFAULT_MAX_VOXELS = 512L * 512 * 1200;
    /** Deflate cannot expand data by more than about 1032:1, so a gzip file can back at most this. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int CHUNK_BYTES = 1 << 20;

    private final long maxVoxels;

    public NiftiReader(long maxVoxels) {
        if (maxVoxels <= 0 || maxVoxels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxVoxels must be in 1.." + (Integer.MAX_VALUE - 8)
                    + " (one Java array holds the scan)");
        }
        this.maxVoxels = maxVoxels;
    }

    public NiftiReader() {
        this(DEFAULT_MAX_VOXELS);
    }

    public static Volume read(Path path) {
        return new NiftiReader().readVolume(path);
    }

    public static Volume read(byte[] bytes, String name) {
        return new NiftiReader().readVolume(bytes, name);
    }

    public static LabelMap readLabels(Path path) {
        return new NiftiReader().readLabelMap(path);
    }

    public long maxVoxels() {
        return maxVoxels;
    }

    public NiftiHeader readHeader(Path path) {
        return withStream(Source.of(path), (source, in, header) -> header);
    }

    public NiftiHeader readHeader(byte[] bytes, String name) {
        return withStream(Source.of(bytes, name), (source, in, header) -> header);
    }

    public Volume readVolume(Path path) {
        return withStream(Source.of(path), this::decodeVolume);
    }

    public Volume readVolume(byte[] bytes, String name) {
        return withStream(Source.of(bytes, name), this::decodeVolume);
    }

    /** Reads a label map: values must be whole numbers in 0..255. */
    public LabelMap readLabelMap(Path path) {
        Volume v = readVolume(path);
        float[] f = v.voxels();
        byte[] labels = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            float x = f[i];
            if (!(x >= 0 && x <= 255 && x == Math.rint(x))) {
                throw new InvalidScanException(path.getFileName() + " is not a label map: voxel " + i
                        + " holds " + x + " (labels are whole numbers 0..255)");
            }
            labels[i] = (byte) x;
        }
        return new LabelMap(v.grid(), labels);
    }

    /** Receives a file's voxel values in order, a chunk at a time; {@code values} is reused between calls. */
    public interface VoxelVisitor {
        void accept(float[] values, int count);
    }

    /**
     * Streams the voxels (scaled, NaN left as is) through {@code visitor} without holding the scan,
     * so a file of any size can be summarised in little memory. Returns the header.
     */
    public NiftiHeader visitVoxels(Path path, VoxelVisitor visitor) {
        return withStream(Source.of(path), (source, in, header) -> {
            float[] chunk = new float[CHUNK_BYTES / header.dataType().bytes()];
            new VoxelDecoder(source.name(), header).decode(in, visitor, chunk);
            return header;
        });
    }

    // ---------------------------------------------------------------------------------------

    private Volume decodeVolume(Source source, InputStream in, NiftiHeader header) throws IOException {
        float[] voxels = new float[Math.toIntExact(header.voxelCount())];
        new VoxelDecoder(source.name(), header).decodeInto(in, voxels);
        List<String> warnings = new ArrayList<>();
        if (header.dataType().floating || header.scaled()) {
            repairNonFinite(voxels, warnings);
        }
        return new Volume(header.grid(), voxels, warnings);
    }

    /** NaN or infinite voxels become the scan's lowest finite value: air, in HU or 0..255 storage. */
    private static void repairNonFinite(float[] voxels, List<String> warnings) {
        IntensityRange range = IntensityRange.of(voxels);
        long bad = range.nonFiniteCount();
        if (bad == 0) {
            return;
        }
        float air = bad == voxels.length ? -1000f : (float) range.min();
        for (int i = 0; i < voxels.length; i++) {
            if (!Float.isFinite(voxels[i])) {
                voxels[i] = air;
            }
        }
        warnings.add(String.format(Locale.ROOT,
                "%d voxels were NaN or infinite and were set to air (%.0f)", bad, air));
    }

    private interface StreamTask<T> {
        T run(Source source, InputStream in, NiftiHeader header) throws IOException;
    }

    private <T> T withStream(Source source, StreamTask<T> task) {
        try (InputStream in = source.open()) {
            NiftiHeader header = new NiftiHeaderParser(source.name(), source.maxUncompressedBytes(), source.gzip(), maxVoxels)
                    .parse(in);
            return task.run(source, in, header);
        } catch (InvalidScanException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new InvalidScanException(source.name() + ": no such file");
        } catch (EOFException e) {
            throw new InvalidScanException(source.name() + ": truncated "
                    + (source.gzip() ? "gzip stream" : "file") + " (" + e.getMessage() + ")");
        } catch (ZipException e) {
            throw new InvalidScanException(source.name() + ": corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(source.name() + ": " + e.getMessage(), e);
        }
    }

    /** Where the bytes come from: a file or an in-memory upload, plain or gzip. */
    private record Source(String name, long length, boolean gzip, IoOpener opener) {

        interface IoOpener {
            InputStream open() throws IOException;
        }

        static Source of(Path path) {
            try {
                long length = Files.size(path);
                boolean gzip = false;
                if (length >= 2) {
                    try (InputStream in = Files.newInputStream(path)) {
                        gzip = in.read() == 0x1f && in.read() == 0x8b;
                    }
                }
                return new Source(String.valueOf(path.getFileName()), length, gzip, () -> Files.newInputStream(path));
            } catch (IOException e) {
                throw unopenable(path, e);
            }
        }

        /**
         * A path the user named that does not lead to a readable file is their input, not our
         * failure; anything else (an I/O error of the disk) stays a failure. Names the path once.
         */
        private static RuntimeException unopenable(Path path, IOException e) {
            if (e instanceof NoSuchFileException) {
                return new InvalidScanException(path + ": no such file");
            }
            if (e instanceof AccessDeniedException) {
                return new InvalidScanException(path + ": permission denied");
            }
            // ENOTDIR has no exception class of its own: find the file that stands where a folder should.
            for (Path p = path.getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    return new InvalidScanException(path + ": " + p + " is a file, not a folder");
                }
            }
            // A FileSystemException's message already names the path.
            String message = e instanceof FileSystemException ? e.getMessage() : path + ": " + e.getMessage();
            return new UncheckedIOException(message, e);
        }

        static Source of(byte[] bytes, String name) {
            boolean gzip = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
            return new Source(name, bytes.length, gzip, () -> new ByteArrayInputStream(bytes));
        }

        InputStream open() throws IOException {
            if (length == 0) {
                throw new InvalidScanException(name + ": the file is empty");
            }
            InputStream raw = opener.open();
            return gzip ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
        }

        /** The most uncompressed bytes this source could possibly hold. */
        long maxUncompressedBytes() {
            return gzip ? length * MAX_DEFLATE_RATIO : length;
        }
    }
}
