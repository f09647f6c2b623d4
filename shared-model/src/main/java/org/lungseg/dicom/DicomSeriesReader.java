package org.lungseg.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.Volume;

/**
 * Reads a CT series from DICOM: a folder of files (walked into subfolders), a zip of one, the bytes
 * of such a zip, or one file (its series is read from the files beside it). Part 10 files and bare
 * datasets in implicit or explicit VR, little or big endian, deflated, and JPEG, JPEG lossless,
 * JPEG 2000 or RLE compressed pixel data are read; the largest axial CT series is chosen unless
 * the options name one. The volume is in HU on a RAS grid whose voxel x is the column, y the row and
 * z the slice along the normal, so a mask of it overlays the same scan converted to NIfTI.
 *
 * <p>Anything malformed, hostile or ambiguous gets an {@link InvalidScanException} whose message
 * names the file and what was wrong, but no header value other than geometry and technical ones:
 * headers hold patient data, and only attributes named in {@link DicomReadOptions#attributes()}
 * are handed back.
 */
public final class DicomSeriesReader {

    private static final int SNIFF_FILES = 1000;

    private DicomSeriesReader() {
    }

    public static Volume read(Path dirOrZip) {
        return readSeries(dirOrZip, DicomReadOptions.defaults()).volume();
    }

    public static Volume read(Path dirOrZip, DicomReadOptions options) {
        return readSeries(dirOrZip, options).volume();
    }

    public static Volume readZip(byte[] zip, String name) {
        return readZipSeries(zip, name, DicomReadOptions.defaults()).volume();
    }

    public static Volume readZip(byte[] zip, String name, DicomReadOptions options) {
        return readZipSeries(zip, name, options).volume();
    }

    /** The series and the attributes the options ask for. */
    public static DicomSeries readSeries(Path input, DicomReadOptions options) {
        return open(input, options).decode();
    }

    public static DicomSeries readZipSeries(byte[] zip, String name, DicomReadOptions options) {
        return openZip(zip, name, options).decode();
    }

    /**
     * Reads only the headers: chooses the series and works out its grid, so a caller can check it
     * against a memory budget before any pixel is decoded.
     */
    public static PendingSeries open(Path input, DicomReadOptions options) {
        SeriesAssembler assembler = new SeriesAssembler(options);
        if (Files.isDirectory(input)) {
            return assembler.choose(DicomSources.folder(input, options), options.seriesUid());
        }
        if (!Files.isRegularFile(input)) {
            throw new InvalidScanException(input + ": no such file or folder");
        }
        if (DicomSources.isZip(input)) {
            try (InputStream in = Files.newInputStream(input)) {
                return assembler.choose(DicomSources.zip(in, String.valueOf(input.getFileName()), options), options.seriesUid());
            } catch (IOException e) {
                throw new UncheckedIOException(input + ": " + e.getMessage(), e);
            }
        }
        if (DicomSources.isDicomFile(input)) {
            return readSeriesOfFile(input, options, assembler);
        }
        throw new InvalidScanException(input.getFileName() + ": neither a folder, a zip nor a DICOM file");
    }

    /** {@link #open} for a zip held in memory. */
    public static PendingSeries openZip(byte[] zip, String name, DicomReadOptions options) {
        return new SeriesAssembler(options).choose(
                DicomSources.zip(new ByteArrayInputStream(zip), name, options), options.seriesUid());
    }

    /**
     * Whether a path holds DICOM: a DICOM file, a folder with a DICOM file among its first files, or a
     * zip with a DICOM entry among its first entries. Reads only the first bytes of each file.
     */
    public static boolean looksLikeDicom(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path, 16)) {
                return walk.filter(Files::isRegularFile).limit(SNIFF_FILES).anyMatch(DicomSources::isDicomFile);
            } catch (IOException | UncheckedIOException e) {
                return false;
            }
        }
        if (!Files.isRegularFile(path)) {
            return false;
        }
        if (DicomSources.isZip(path)) {
            return zipHoldsDicom(path);
        }
        return DicomSources.isDicomFile(path);
    }

    /** One file given: read the series it belongs to from its folder. */
    private static PendingSeries readSeriesOfFile(Path file, DicomReadOptions options, SeriesAssembler assembler) {
        Path folder = file.toAbsolutePath().getParent();
        DicomSources.Listing listing = DicomSources.folder(folder, options);
        String series = options.seriesUid();
        if (series == null) {
            String name = folder.relativize(file.toAbsolutePath()).toString();
            SliceHeader h = listing.entries().stream().filter(e -> e.name().equals(name)).findFirst()
                    .map(assembler::header).orElseThrow(() -> new InvalidScanException(file.getFileName() + ": not readable"));
            series = h.seriesUid().isEmpty() ? null : h.seriesUid();
        }
        return assembler.choose(listing, series);
    }

    private static boolean zipHoldsDicom(Path path) {
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(path))) {
            java.util.zip.ZipEntry entry;
            for (int i = 0; i < SNIFF_FILES && (entry = zip.getNextEntry()) != null; i++) {
                if (!entry.isDirectory()) {
                    byte[] head = zip.readNBytes(132);
                    if (DicomParser.looksLikeDicom(head, head.length)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
