package org.lungseg.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes DICOM datasets for tests, independently of the reader: Part 10 files or bare datasets, in
 * implicit VR little endian, explicit VR little or big endian, or deflated, with sequences of
 * defined or undefined length and native or encapsulated pixel data.
 */
final class TestDicom {

    /** How the dataset is encoded, with the transfer syntax UID a file states. */
    enum Encoding {
        IMPLICIT_LE("1.2.840.10008.1.2", false, false),
        EXPLICIT_LE("1.2.840.10008.1.2.1", true, false),
        EXPLICIT_BE("1.2.840.10008.1.2.2", true, true),
        DEFLATED("1.2.840.10008.1.2.1.99", true, false);

        final String uid;
        final boolean explicit;
        final boolean big;

        Encoding(String uid, boolean explicit, boolean big) {
            this.uid = uid;
            this.explicit = explicit;
            this.big = big;
        }
    }

    private enum Kind { TEXT, US, OW, OB, SQ, UN_SQ, ENCAPSULATED }

    private record Element(int tag, String vr, Kind kind, byte[] bytes, int[] numbers, List<TestDicom> items,
                           boolean undefined) {
    }

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private final List<Element> elements = new ArrayList<>();
    private String transferSyntaxOverride;

    /** Patient values every test slice carries, which must never appear in a message or warning. */
    static final String PATIENT_NAME = "Doe^Jane";
    static final String PATIENT_ID = "SECRET-4711";

    static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    /**
     * An axial-or-other CT slice of {@code columns x rows} 16-bit signed stored values, slope 1,
     * intercept 0, with patient data in the header.
     */
    static TestDicom ctSlice(String seriesUid, String sopUid, double[] position, double[] orientation,
                             double rowSpacing, double columnSpacing, int rows, int columns, int[] words) {
        return new TestDicom()
                .text(DicomTag.IMAGE_TYPE, "CS", "ORIGINAL\\PRIMARY\\AXIAL")
                .text(DicomTag.SOP_CLASS_UID, "UI", CT_IMAGE_STORAGE)
                .text(DicomTag.SOP_INSTANCE_UID, "UI", sopUid)
                .text(DicomTag.MODALITY, "CS", "CT")
                .text(0x00100010, "PN", PATIENT_NAME)
                .text(0x00100020, "LO", PATIENT_ID)
                .text(DicomTag.SERIES_INSTANCE_UID, "UI", seriesUid)
                .text(DicomTag.SERIES_NUMBER, "IS", "3")
                .text(DicomTag.IMAGE_POSITION_PATIENT, "DS", ds(position))
                .text(DicomTag.IMAGE_ORIENTATION_PATIENT, "DS", ds(orientation))
                .us(DicomTag.SAMPLES_PER_PIXEL, 1)
                .text(DicomTag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(DicomTag.ROWS, rows)
                .us(DicomTag.COLUMNS, columns)
                .text(DicomTag.PIXEL_SPACING, "DS", ds(new double[] {rowSpacing, columnSpacing}))
                .us(DicomTag.BITS_ALLOCATED, 16)
                .us(DicomTag.BITS_STORED, 16)
                .us(DicomTag.HIGH_BIT, 15)
                .us(DicomTag.PIXEL_REPRESENTATION, 1)
                .text(DicomTag.RESCALE_INTERCEPT, "DS", "0")
                .text(DicomTag.RESCALE_SLOPE, "DS", "1")
                .pixelWords(words);
    }

    static String ds(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : "\\").append(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v));
        }
        return sb.toString();
    }

    TestDicom text(int tag, String vr, String value) {
        byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length % 2 == 1) {
            b = java.util.Arrays.copyOf(b, b.length + 1);
            b[b.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
        }
        return put(new Element(tag, vr, Kind.TEXT, b, null, null, false));
    }

    TestDicom us(int tag, int... values) {
        return put(new Element(tag, "US", Kind.US, null, values, null, false));
    }

    /** Native 16-bit pixel words (OW), written in the dataset's byte order. */
    TestDicom pixelWords(int[] words) {
        return put(new Element(DicomTag.PIXEL_DATA, "OW", Kind.OW, null, words, null, false));
    }

    /** Native 8-bit pixels (OB). */
    TestDicom pixelBytes(byte[] bytes) {
        return put(new Element(DicomTag.PIXEL_DATA, "OB", Kind.OB, bytes, null, null, false));
    }

    /** Raw bytes with an explicit VR; written as they are. */
    TestDicom raw(int tag, String vr, byte[] bytes) {
        return put(new Element(tag, vr, Kind.OB, bytes, null, null, false));
    }

    /** A sequence; its items' own lengths follow {@code undefinedLength} too. */
    TestDicom sequence(int tag, boolean undefinedLength, TestDicom... items) {
        return put(new Element(tag, "SQ", Kind.SQ, null, null, List.of(items), undefinedLength));
    }

    /**
     * A sequence whose VR the writer did not know: in explicit VR it is {@code UN} of undefined
     * length, and its items are encoded implicit VR little endian (PS3.5 6.2.2).
     */
    TestDicom unknownSequence(int tag, TestDicom... items) {
        return put(new Element(tag, "UN", Kind.UN_SQ, null, null, List.of(items), true));
    }

    /** Encapsulated pixel data: an offset table (possibly empty) and fragments. */
    TestDicom encapsulated(byte[] offsetTable, List<byte[]> fragments, String transferSyntaxUid) {
        List<TestDicom> parts = new ArrayList<>();
        for (byte[] f : fragments) {
            parts.add(new TestDicom().raw(0, "OB", f));
        }
        transferSyntaxOverride = transferSyntaxUid;
        return put(new Element(DicomTag.PIXEL_DATA, "OB", Kind.ENCAPSULATED, offsetTable, null, parts, true));
    }

    /** The last component of the SOP instance UID, minus one: the slice index SyntheticSeries gave it. */
    int sopIndex() {
        Element e = elements.stream().filter(x -> x.tag() == DicomTag.SOP_INSTANCE_UID).findFirst().orElseThrow();
        String uid = new String(e.bytes(), StandardCharsets.ISO_8859_1).replace("\0", "").trim();
        return Integer.parseInt(uid.substring(uid.lastIndexOf('.') + 1)) - 1;
    }

    TestDicom remove(int tag) {
        elements.removeIf(e -> e.tag() == tag);
        return this;
    }

    private TestDicom put(Element e) {
        elements.removeIf(x -> x.tag() == e.tag());
        elements.add(e);
        return this;
    }

    /** A Part 10 file: preamble, DICM, file meta group, then the dataset. */
    byte[] part10(Encoding enc) {
        String ts = transferSyntaxOverride != null ? transferSyntaxOverride : enc.uid;
        Encoding datasetEncoding = transferSyntaxOverride != null ? Encoding.EXPLICIT_LE : enc;
        Out meta = new Out(false);
        writeMeta(meta, 0x00020001, "OB", new byte[] {0, 1});
        writeMeta(meta, 0x00020002, "UI", ui(CT_IMAGE_STORAGE));
        writeMeta(meta, 0x00020003, "UI", ui("1.2.3.4"));
        writeMeta(meta, 0x00020010, "UI", ui(ts));
        Out file = new Out(false);
        file.bytes(new byte[128]);
        file.bytes("DICM".getBytes(StandardCharsets.US_ASCII));
        file.u16(0x0002);
        file.u16(0x0000);
        file.bytes("UL".getBytes(StandardCharsets.US_ASCII));
        file.u16(4);
        file.u32(meta.size());
        file.bytes(meta.toByteArray());
        byte[] dataset = dataset(datasetEncoding);
        file.bytes(enc == Encoding.DEFLATED && transferSyntaxOverride == null ? deflate(dataset) : dataset);
        return file.toByteArray();
    }

    /** The dataset alone, as some systems store it: no preamble, no meta group. */
    byte[] bare(Encoding enc) {
        return dataset(enc == Encoding.DEFLATED ? Encoding.EXPLICIT_LE : enc);
    }

    private byte[] dataset(Encoding enc) {
        Out out = new Out(enc.big);
        List<Element> sorted = new ArrayList<>(elements);
        sorted.sort((a, b) -> Integer.compareUnsigned(a.tag(), b.tag()));
        for (Element e : sorted) {
            write(out, e, enc);
        }
        return out.toByteArray();
    }

    private static void write(Out out, Element e, Encoding enc) {
        if (e.kind() == Kind.SQ) {
            header(out, e.tag(), "SQ", e.undefined() ? -1 : sequenceBody(e, enc).length, enc);
            out.bytes(sequenceBody(e, enc));
            return;
        }
        if (e.kind() == Kind.UN_SQ) {
            if (enc.big) {
                throw new IllegalArgumentException("UN sequences are written for little endian datasets only");
            }
            header(out, e.tag(), enc.explicit ? "UN" : "SQ", -1, enc);
            out.bytes(sequenceBody(e, Encoding.IMPLICIT_LE));
            return;
        }
        if (e.kind() == Kind.ENCAPSULATED) {
            header(out, e.tag(), "OB", -1, enc);
            Out items = new Out(false);
            items.tag(DicomTag.ITEM);
            items.u32(e.bytes().length);
            items.bytes(e.bytes());
            for (TestDicom f : e.items()) {
                byte[] fragment = f.elements.get(0).bytes();
                items.tag(DicomTag.ITEM);
                items.u32(fragment.length);
                items.bytes(fragment);
            }
            items.tag(DicomTag.SEQUENCE_DELIMITATION);
            items.u32(0);
            out.bytes(items.toByteArray());
            return;
        }
        byte[] value = value(e, enc.big);
        header(out, e.tag(), e.vr(), value.length, enc);
        out.bytes(value);
    }

    private static byte[] sequenceBody(Element e, Encoding enc) {
        Out body = new Out(enc.big);
        for (TestDicom item : e.items()) {
            byte[] content = item.dataset(enc);
            body.tag(DicomTag.ITEM);
            body.u32(e.undefined() ? 0xFFFFFFFFL : content.length);
            body.bytes(content);
            if (e.undefined()) {
                body.tag(DicomTag.ITEM_DELIMITATION);
                body.u32(0);
            }
        }
        if (e.undefined()) {
            body.tag(DicomTag.SEQUENCE_DELIMITATION);
            body.u32(0);
        }
        return body.toByteArray();
    }

    private static byte[] value(Element e, boolean big) {
        return switch (e.kind()) {
            case TEXT, OB -> e.bytes();
            case US, OW -> {
                Out o = new Out(big);
                for (int v : e.numbers()) {
                    o.u16(v & 0xFFFF);
                }
                yield o.toByteArray();
            }
            default -> throw new IllegalStateException();
        };
    }

    private static void header(Out out, int tag, String vr, long length, Encoding enc) {
        out.tag(tag);
        long len = length < 0 ? 0xFFFFFFFFL : length;
        if (!enc.explicit) {
            out.u32(len);
        } else if (List.of("OB", "OW", "SQ", "UN", "UT", "UC", "UR", "OD", "OF", "OL").contains(vr)) {
            out.bytes(vr.getBytes(StandardCharsets.US_ASCII));
            out.u16(0);
            out.u32(len);
        } else {
            out.bytes(vr.getBytes(StandardCharsets.US_ASCII));
            out.u16((int) len);
        }
    }

    private static void writeMeta(Out meta, int tag, String vr, byte[] value) {
        header(meta, tag, vr, value.length, Encoding.EXPLICIT_LE);
        meta.bytes(value);
    }

    private static byte[] ui(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** A byte sink in one byte order. */
    private static final class Out extends ByteArrayOutputStream {
        private final boolean big;

        Out(boolean big) {
            this.big = big;
        }

        void u16(int v) {
            if (big) {
                write(v >>> 8 & 0xFF);
                write(v & 0xFF);
            } else {
                write(v & 0xFF);
                write(v >>> 8 & 0xFF);
            }
        }

        void u32(long v) {
            if (big) {
                u16((int) (v >>> 16 & 0xFFFF));
                u16((int) (v & 0xFFFF));
            } else {
                u16((int) (v & 0xFFFF));
                u16((int) (v >>> 16 & 0xFFFF));
            }
        }

        void tag(int tag) {
            u16(tag >>> 16);
            u16(tag & 0xFFFF);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
