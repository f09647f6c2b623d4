package org.lungseg.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips a folder of DICOM files under {@code series/}, as a user zips a series to upload it. */
public final class DicomZip {

    private DicomZip() {
    }

    public static Path of(Path folder, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new ZipEntry("series/" + f.getFileName()));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
        return zip;
    }
}
