package org.lungseg.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.lungseg.testing.RealData;

/**
 * A catalogue of broken and hostile DICOM inputs made from the real cip-ct64 series (Part 10,
 * implicit VR little endian), each with words its refusal must contain. Shared by the reader's
 * tests ({@link HostileDicomTest}), the command line's and the function's, which must all refuse
 * every one with a clear message. File names are those of a folder; in a zip they carry the
 * entry's folder ({@code series/IMG0040.dcm}), so the words are chosen to hold for both.
 */
public final class HostileDicomSeries {

    /** Edits the bytes of one real file in place. */
    interface Edit {
        void apply(byte[] bytes);
    }

    /** Makes one hostile input from a fresh copy of the real series; returns the input to read. */
    interface Maker {
        Path make(Path series) throws IOException;
    }

    /** One hostile input: its name, how to make it, and what the refusal must say. */
    public record Case(String name, Maker maker, List<String> messageParts) {

        /** Writes the input into {@code dir} (a folder named after the case, or a zip) and returns its path. */
        public Path write(Path dir) {
            try {
                return maker.make(copyRealSeries(dir.resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The input as a zip, what the function receives. */
        public byte[] zip(Path dir) {
            try {
                Path input = write(dir);
                return Files.readAllBytes(input.toString().endsWith(".zip") ? input
                        : DicomZip.of(input, dir.resolve(name + ".zip")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private HostileDicomSeries() {
    }

    private static Case c(String name, Maker maker, String... parts) {
        return new Case(name, maker, List.of(parts));
    }

    public static List<Case> all() {
        return List.of(
                c("truncated", s -> cut(s, "IMG0010.dcm", 0.5), "IMG0010.dcm: truncated or corrupt"),
                c("length-past-end", s -> patch(s, "IMG0020.dcm",
                                b -> putU32(b, ImplicitVrFile.offsetOf(b, DicomTag.MODALITY) + 4, 0x7FFFFFF0L)),
                        "IMG0020.dcm: truncated or corrupt: element (0008,0060) needs 2147483632 bytes"),
                c("absurd-size", HostileDicomSeries::absurdSize, "65535x65535x79", "above the limit"),
                c("no-position", s -> patch(s, "IMG0033.dcm", b -> retag(b, DicomTag.IMAGE_POSITION_PATIENT, 0x0030)),
                        "IMG0033.dcm: no ImagePositionPatient (0020,0032)"),
                c("no-orientation", s -> patch(s, "IMG0040.dcm", b -> retag(b, DicomTag.IMAGE_ORIENTATION_PATIENT, 0x0035)),
                        "lack ImageOrientationPatient (0020,0037), e.g. ", "IMG0040.dcm"),
                c("no-spacing", s -> patch(s, "IMG0050.dcm", b -> retag(b, DicomTag.PIXEL_SPACING, 0x0031)),
                        "IMG0050.dcm: no PixelSpacing (0028,0030)"),
                c("mixed-series", s -> TwoSeriesFolder.write(s, s.resolveSibling(s.getFileName() + "-two")),
                        "2 CT series qualify equally", "--series"),
                c("mixed-sizes", HostileDicomSeries::oneSliceResized,
                        "mixes image sizes: 78 images of 64x64 and 1 of 32x32 (e.g. ", "IMG0040.dcm)"),
                // The per-file limit depends on the reader (256 MiB by default, less in a service with a memory budget).
                c("bomb", HostileDicomSeries::zipBomb, "entry IMG0001.dcm inflates to more than ", " bytes; refused"));
    }

    /** A fresh copy of the 79 real cip-ct64 slices in {@code target}. */
    static Path copyRealSeries(Path target) throws IOException {
        Path source = RealData.file("cip-ct64/dicom/IMG0001.dcm").getParent();
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    static Path patch(Path series, String name, Edit edit) throws IOException {
        byte[] b = Files.readAllBytes(series.resolve(name));
        edit.apply(b);
        Files.write(series.resolve(name), b);
        return series;
    }

    /** Replaces a file of the series by the first {@code fraction} of the real one. */
    static Path cut(Path series, String name, double fraction) throws IOException {
        byte[] b = Files.readAllBytes(RealData.file("cip-ct64/dicom/" + name));
        Files.write(series.resolve(name), Arrays.copyOf(b, (int) (b.length * fraction)));
        return series;
    }

    /** Renumbers a group 0020/0028 element to {@code element}: it is still there, its meaning is not. */
    static void retag(byte[] b, int tag, int element) {
        putU16(b, ImplicitVrFile.offsetOf(b, tag) + 2, element);
    }

    static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int at, long v) {
        putU16(b, at, (int) (v & 0xFFFF));
        putU16(b, at + 2, (int) (v >>> 16));
    }

    /** Every slice claims 65535x65535 pixels: refused from the headers, before any allocation. */
    static Path absurdSize(Path series) throws IOException {
        for (int n = 1; n <= 79; n++) {
            patch(series, String.format("IMG%04d.dcm", n), b -> {
                putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.ROWS) + 8, 65535);
                putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.COLUMNS) + 8, 65535);
            });
        }
        return series;
    }

    /** One slice in the middle of the series claims 32x32 pixels, the others are 64x64. */
    static Path oneSliceResized(Path series) throws IOException {
        return patch(series, "IMG0040.dcm", b -> {
            putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.ROWS) + 8, 32);
            putU16(b, ImplicitVrFile.offsetOf(b, DicomTag.COLUMNS) + 8, 32);
        });
    }

    /** A zip beside the series holding 300 MiB of zeros in one entry, deflated about 1000:1. */
    static Path zipBomb(Path series) throws IOException {
        Path bomb = series.resolveSibling(series.getFileName() + ".zip");
        try (OutputStream out = Files.newOutputStream(bomb); ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(1);
            z.putNextEntry(new ZipEntry("IMG0001.dcm"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        return bomb;
    }
}
