package org.lungseg.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips a folder of DICOM files under {@code series/}, as a user zips a series to upload it. */
public final class DicomZip {

    private DicomZip() {
    }

    /** The zip, written to {@code zip}. */
    public static Path of(Path folder, Path zip) throws IOException {
        Files.write(zip, bytesOf(folder));
        return zip;
    }

    /** The zip's bytes, as an upload sends them. */
    public static byte[] bytesOf(Path folder) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out); Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new ZipEntry("series/" + f.getFileName()));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
