package org.lungseg.dicom;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.lungseg.volume.InvalidScanException;

/** The transfer syntaxes this reader decodes: how the dataset is encoded and how pixels are stored. */
enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "implicit VR little endian", false, false, false, Codec.NATIVE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "explicit VR little endian", true, false, false, Codec.NATIVE),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "deflated explicit VR little endian",
            true, false, true, Codec.NATIVE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "explicit VR big endian", true, true, false, Codec.NATIVE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG baseline", true, false, false, Codec.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG extended 8-bit", true, false, false, Codec.JPEG),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG lossless", true, false, false, Codec.JPEG),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG lossless, first-order prediction", true, false, false, Codec.JPEG),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 lossless", true, false, false, Codec.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000", true, false, false, Codec.JPEG_2000),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE lossless", true, false, false, Codec.RLE);

    /** How the pixel data is stored. */
    enum Codec { NATIVE, JPEG, JPEG_2000, RLE }

    /** Transfer syntaxes a user may meet and that are named in the refusal. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS near-lossless"),
            Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 part 2 multi-component lossless"),
            Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 part 2 multi-component"),
            Map.entry("1.2.840.10008.1.2.4.94", "JPIP referenced"),
            Map.entry("1.2.840.10008.1.2.4.95", "JPIP referenced deflate"),
            Map.entry("1.2.840.10008.1.2.4.201", "high-throughput JPEG 2000 lossless"),
            Map.entry("1.2.840.10008.1.2.4.202", "high-throughput JPEG 2000 lossless RPCL"),
            Map.entry("1.2.840.10008.1.2.4.203", "high-throughput JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.4.110", "JPEG XL lossless"),
            Map.entry("1.2.840.10008.1.2.4.111", "JPEG XL JPEG recompression"),
            Map.entry("1.2.840.10008.1.2.4.112", "JPEG XL"),
            Map.entry("1.2.840.10008.1.2.8.1", "deflated image frame compression"));

    final String uid;
    final String title;
    final boolean explicitVr;
    final boolean bigEndian;
    final boolean deflated;
    final Codec codec;

    TransferSyntax(String uid, String title, boolean explicitVr, boolean bigEndian, boolean deflated, Codec codec) {
        this.uid = uid;
        this.title = title;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.codec = codec;
    }

    boolean encapsulated() {
        return codec != Codec.NATIVE;
    }

    /** The supported transfer syntax with this UID, or null. */
    static TransferSyntax find(String uid) {
        String clean = uid.trim();
        for (TransferSyntax ts : values()) {
            if (ts.uid.equals(clean)) {
                return ts;
            }
        }
        return null;
    }

    /**
     * Refuses, from the header and before any frame is decoded, pixels of a supported syntax that
     * its codec cannot decode: JPEG extended of more than 8 bits (process 4, lossy). TwelveMonkeys hands DCT
     * JPEG to the JDK's decoder, which reads 8-bit samples only and fails on a 12-bit frame with
     * "missing SOS marker"; no maintained Java ImageIO codec decodes 12-bit lossy JPEG.
     */
    void requireDecodable(PixelFormat format, String source) {
        if (this == JPEG_EXTENDED && format.bitsStored() > 8) {
            throw new InvalidScanException(source + ": transfer syntax " + uid + " with " + format.bitsStored()
                    + " bits stored (12-bit JPEG extended, lossy) is not supported; lungseg decodes lossy JPEG of "
                    + "8 bits only. Decompress the series first (e.g. dcmdjpeg or gdcmconv --raw) and try again.");
        }
    }

    /** The refusal for a transfer syntax this reader cannot decode, naming it and what is supported. */
    static InvalidScanException unsupported(String uid, String source) {
        String clean = uid.trim();
        String known = UNSUPPORTED.get(clean);
        String what = known != null ? clean + " (" + known + ")"
                : clean.startsWith("1.2.840.10008.1.2.4.") ? clean + " (a video or compressed-image syntax)" : clean;
        return new InvalidScanException(source + ": transfer syntax " + what + " is not supported; lungseg reads "
                + Arrays.stream(values()).map(ts -> ts.title).collect(Collectors.joining(", "))
                + ". Decompress the series first (e.g. gdcmconv --raw or dcmdjpls) and try again.");
    }

    @Override
    public String toString() {
        return uid + " (" + title + ")";
    }
}
