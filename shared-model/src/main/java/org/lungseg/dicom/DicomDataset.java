package org.lungseg.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.lungseg.volume.InvalidScanException;

/**
 * The top-level elements of one DICOM file that the reader kept (the others were only stepped
 * over), and where its pixel data lies. Values are decoded on demand; messages about bad values
 * name the attribute, never its content.
 */
final class DicomDataset {

    /** One element's value representation (null when the encoding is implicit) and raw value. */
    record Element(String vr, byte[] value) {
    }

    /**
     * Where the pixel data lies in {@code buffer}: native data at {@code offset} for {@code length}
     * bytes, or, when {@code encapsulated}, items (offset table then fragments) from {@code offset}.
     */
    record PixelData(byte[] buffer, int offset, long length, boolean encapsulated) {
    }

    private final String source;
    private final TransferSyntax transferSyntax;
    private final String transferSyntaxUid;
    private final boolean bigEndian;
    private final Map<Integer, Element> elements;
    private final PixelData pixelData;
    private final Map<Integer, List<DicomDataset>> sequences;

    DicomDataset(String source, TransferSyntax transferSyntax, String transferSyntaxUid, boolean bigEndian,
                 Map<Integer, Element> elements, PixelData pixelData) {
        this(source, transferSyntax, transferSyntaxUid, bigEndian, elements, Map.of(), pixelData);
    }

    /** With the items of the sequences the parser read ({@link DicomTag#isReadSequence}), each an item dataset. */
    DicomDataset(String source, TransferSyntax transferSyntax, String transferSyntaxUid, boolean bigEndian,
                 Map<Integer, Element> elements, Map<Integer, List<DicomDataset>> sequences, PixelData pixelData) {
        this.source = source;
        this.transferSyntax = transferSyntax;
        this.transferSyntaxUid = transferSyntaxUid;
        this.bigEndian = bigEndian;
        this.elements = Map.copyOf(elements);
        this.sequences = Map.copyOf(sequences);
        this.pixelData = pixelData;
    }

    String source() {
        return source;
    }

    /** The transfer syntax, or null when this reader does not support it. */
    TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** Null when the file has no pixel data (a report, a directory, a presentation state). */
    PixelData pixelData() {
        return pixelData;
    }

    boolean has(int tag) {
        return elements.containsKey(tag);
    }

    /** The items of a read sequence; empty when absent. */
    List<DicomDataset> items(int tag) {
        return sequences.getOrDefault(tag, List.of());
    }

    /** The first item of a read sequence, or null: functional group macros hold one item. */
    DicomDataset item(int tag) {
        List<DicomDataset> items = items(tag);
        return items.isEmpty() ? null : items.get(0);
    }

    /** The value as text with DICOM's padding removed; null when absent. */
    String text(int tag) {
        Element e = elements.get(tag);
        if (e == null) {
            return null;
        }
        return trim(new String(e.value(), charset()));
    }

    /** The backslash-separated values; an empty array when absent or empty. */
    String[] texts(int tag) {
        String t = text(tag);
        if (t == null || t.isEmpty()) {
            return new String[0];
        }
        String[] parts = t.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
        }
        return parts;
    }

    /** A decimal string (DS) of several values; null when absent or empty. */
    double[] decimals(int tag, String keyword) {
        String[] parts = texts(tag);
        if (parts.length == 0) {
            return null;
        }
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                values[i] = Double.NaN;
            }
            if (!Double.isFinite(values[i])) {
                throw new InvalidScanException(source + ": " + keyword + " " + DicomTag.text(tag)
                        + " is not a list of finite numbers");
            }
        }
        return values;
    }

    /** One decimal value (DS or IS); null when absent or empty. */
    Double decimal(int tag, String keyword) {
        double[] v = decimals(tag, keyword);
        return v == null ? null : v[0];
    }

    /** An unsigned short (US) — or a number written as text by a careless writer; null when absent. */
    Integer unsignedShort(int tag, String keyword) {
        Element e = elements.get(tag);
        if (e == null || e.value().length == 0) {
            return null;
        }
        if (e.vr() != null && (e.vr().equals("IS") || e.vr().equals("DS"))) {
            Double d = decimal(tag, keyword);
            return d == null ? null : (int) Math.round(d);
        }
        if (e.value().length < 2) {
            throw new InvalidScanException(source + ": " + keyword + " " + DicomTag.text(tag) + " is shorter than 2 bytes");
        }
        byte[] v = e.value();
        return bigEndian ? (v[0] & 0xFF) << 8 | (v[1] & 0xFF) : (v[1] & 0xFF) << 8 | (v[0] & 0xFF);
    }

    /** The character set of text values, from Specific Character Set; Latin-1 when unknown or absent. */
    private Charset charset() {
        Element e = elements.get(DicomTag.SPECIFIC_CHARACTER_SET);
        if (e == null) {
            return StandardCharsets.ISO_8859_1;
        }
        String declared = new String(e.value(), StandardCharsets.US_ASCII);
        String last = declared.contains("\\") ? declared.substring(declared.lastIndexOf('\\') + 1) : declared;
        String name = switch (last.trim()) {
            case "ISO_IR 192" -> "UTF-8";
            case "ISO_IR 101", "ISO 2022 IR 101" -> "ISO-8859-2";
            case "ISO_IR 109", "ISO 2022 IR 109" -> "ISO-8859-3";
            case "ISO_IR 110", "ISO 2022 IR 110" -> "ISO-8859-4";
            case "ISO_IR 144", "ISO 2022 IR 144" -> "ISO-8859-5";
            case "ISO_IR 127", "ISO 2022 IR 127" -> "ISO-8859-6";
            case "ISO_IR 126", "ISO 2022 IR 126" -> "ISO-8859-7";
            case "ISO_IR 138", "ISO 2022 IR 138" -> "ISO-8859-8";
            case "ISO_IR 148", "ISO 2022 IR 148" -> "ISO-8859-9";
            case "ISO_IR 166", "ISO 2022 IR 166" -> "TIS-620";
            case "GB18030" -> "GB18030";
            case "GBK" -> "GBK";
            default -> "ISO-8859-1";
        };
        return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.ISO_8859_1;
    }

    private static String trim(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        return s.substring(start, end);
    }
}
