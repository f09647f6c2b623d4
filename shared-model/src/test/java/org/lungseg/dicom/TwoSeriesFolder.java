package org.lungseg.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * A folder holding the real cip-ct64 series twice: as it is ({@code a_*}) and as a second series
 * with other series and instance UIDs of the same length and the same pixels ({@code b_*}). Neither
 * is larger, so a reader must be told which one to read.
 */
public final class TwoSeriesFolder {

    /** The cip-ct64 series' own SeriesInstanceUID. */
    public static final String SERIES_UID = "1.2.826.0.1.3680043.2.1125.1.18085492126195434258212517481071422";
    /** The copy's SeriesInstanceUID. */
    public static final String OTHER_UID = SERIES_UID.substring(0, SERIES_UID.length() - 1) + "9";

    private TwoSeriesFolder() {
    }

    /** Writes both series from {@code series} (a folder of cip-ct64's files) into {@code target}. */
    public static Path write(Path series, Path target) {
        try (Stream<Path> files = Files.list(series)) {
            Files.createDirectories(target);
            for (Path f : files.sorted().toList()) {
                byte[] b = Files.readAllBytes(f);
                Files.write(target.resolve("a_" + f.getFileName()), b);
                byte[] copy = replaceAscii(b, SERIES_UID, OTHER_UID);
                String sop = sopInstanceUid(b);
                char last = sop.charAt(sop.length() - 1);
                copy = replaceAscii(copy, sop, sop.substring(0, sop.length() - 1) + (last == '9' ? '8' : (char) (last + 1)));
                Files.write(target.resolve("b_" + f.getFileName()), copy);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sopInstanceUid(byte[] b) {
        int at = ImplicitVrFile.offsetOf(b, DicomTag.SOP_INSTANCE_UID);
        int length = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at + 4);
        return new String(b, at + 8, length, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    private static byte[] replaceAscii(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        byte[] out = data.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, out, i, t.length);
            }
        }
        return out;
    }
}
