package org.lungseg.dicom;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.lungseg.volume.InvalidScanException;

/**
 * The files of a DICOM input that look like DICOM: a folder walked (files are read when needed, not
 * held), or a zip read once with bounds on its entry count, on each entry's inflated size and on
 * the total, so a zip bomb is refused after reading no more than the limits allow.
 */
final class DicomSources {

    private static final int HEAD_BYTES = 132;
    private static final int MAX_FOLDER_DEPTH = 16;

    /** One file of the input. */
    interface Entry {
        String name();

        byte[] read();

        /** Frees what the entry holds once it is no longer needed. */
        void release();
    }

    /** The DICOM-looking files, and how many other files were ignored. */
    record Listing(String input, List<Entry> entries, int ignored) {
    }

    private DicomSources() {
    }

    static boolean isZip(Path path) {
        byte[] head = head(path, 4);
        return head.length == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6);
    }

    static boolean isDicomFile(Path path) {
        byte[] head = head(path, HEAD_BYTES);
        return DicomParser.looksLikeDicom(head, head.length);
    }

    static Listing folder(Path dir, DicomReadOptions options) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, MAX_FOLDER_DEPTH)) {
            files = walk.filter(Files::isRegularFile).limit(options.maxFiles() + 1L).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidScanException(dir.getFileName() + ": the folder cannot be listed (" + e.getMessage() + ")");
        }
        if (files.size() > options.maxFiles()) {
            throw new InvalidScanException(dir.getFileName() + ": the folder holds more than " + options.maxFiles() + " files");
        }
        List<Entry> entries = new ArrayList<>();
        int ignored = 0;
        for (Path file : files) {
            if (isDicomFile(file)) {
                entries.add(new FileEntry(dir.relativize(file).toString(), file, options.maxFileBytes()));
            } else {
                ignored++;
            }
        }
        return new Listing(String.valueOf(dir.getFileName()), entries, ignored);
    }

    static Listing zip(InputStream raw, String name, DicomReadOptions options) {
        List<Entry> entries = new ArrayList<>();
        int ignored = 0;
        int count = 0;
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(raw, 1 << 16))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++count > options.maxFiles()) {
                    throw new InvalidScanException(name + ": the zip holds more than " + options.maxFiles() + " entries; refused");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] bytes = readBounded(zip, name, entry.getName(), options.maxFileBytes(), options.maxZipBytes(), total);
                total += bytes.length;
                if (DicomParser.looksLikeDicom(bytes, bytes.length)) {
                    entries.add(new ZipEntryBytes(entry.getName(), bytes));
                } else {
                    ignored++;
                }
            }
        } catch (ZipException e) {
            throw new InvalidScanException(name + ": corrupt zip archive (" + e.getMessage() + ")");
        } catch (EOFException e) {
            throw new InvalidScanException(name + ": truncated zip archive");
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
        if (count == 0) {
            throw new InvalidScanException(name + ": not a zip archive, or an empty one");
        }
        return new Listing(name, entries, ignored);
    }

    /** Inflates one entry, stopping as soon as it passes the per-entry or the remaining total limit. */
    private static byte[] readBounded(InputStream in, String zipName, String entryName, long maxEntry, long maxTotal,
                                      long totalSoFar) throws IOException {
        long totalLeft = maxTotal - totalSoFar;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        byte[] chunk = new byte[1 << 16];
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (out.size() + (long) n > maxEntry) {
                throw new InvalidScanException(zipName + ": entry " + entryName + " inflates to more than " + maxEntry
                        + " bytes; refused (a zip bomb, or not a DICOM file)");
            }
            if (out.size() + (long) n > totalLeft) {
                throw new ZipTooLargeException(zipName + ": the zip inflates to more than "
                        + (maxTotal >= 1 << 20 ? (maxTotal >> 20) + " MiB" : maxTotal + " bytes")
                        + " in total, the most it may hold here; refused (a zip bomb, more than one scan, or a"
                        + " series too large for this memory limit)");
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] head(Path path, int n) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** A file in a folder, read each time it is needed. */
    private record FileEntry(String name, Path path, long maxBytes) implements Entry {
        @Override
        public byte[] read() {
            try {
                long size = Files.size(path);
                if (size > maxBytes) {
                    throw new InvalidScanException(name + ": " + size + " bytes, above the " + maxBytes
                            + "-byte limit for one DICOM file");
                }
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void release() {
        }
    }

    /** A zip entry, held in memory until released. */
    private static final class ZipEntryBytes implements Entry {
        private final String name;
        private byte[] bytes;

        ZipEntryBytes(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public byte[] read() {
            if (bytes == null) {
                throw new IllegalStateException(name + " was released");
            }
            return bytes;
        }

        @Override
        public void release() {
            bytes = null;
        }
    }
}
