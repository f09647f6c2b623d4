package org.lungseg.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.lungseg.volume.InvalidScanException;

/**
 * Parses one DICOM file — a Part 10 file (preamble, {@code DICM}, file meta group) or a bare
 * dataset — up to its pixel data. Top-level elements named in {@code keep} are kept, and so are the
 * items of kept sequences the reader looks into (Enhanced CT's functional groups, with the kept
 * elements inside them); everything else, other sequences included, is stepped over. Every length
 * is checked against the bytes that are there.
 */
final class DicomParser {

    static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final int PREAMBLE = 128;
    private static final int MAX_SEQUENCE_DEPTH = 32;
    /** Items of read sequences per file: about five per frame of an Enhanced CT, so some 25,000 frames. */
    static final int MAX_ITEMS = 1 << 17;
    private static final Set<String> LONG_LENGTH_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV");
    private static final Set<String> VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO",
            "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL",
            "UN", "UR", "US", "UT", "UV");

    private final Set<Integer> keep;
    private final long maxInflatedBytes;

    DicomParser(Set<Integer> keep, long maxInflatedBytes) {
        this.keep = keep;
        this.maxInflatedBytes = maxInflatedBytes;
    }

    /** Whether a file starts with the Part 10 preamble and {@code DICM}: DICOM for certain. */
    static boolean hasPart10Marker(byte[] bytes) {
        return bytes.length >= PREAMBLE + 4 && bytes[PREAMBLE] == 'D' && bytes[PREAMBLE + 1] == 'I'
                && bytes[PREAMBLE + 2] == 'C' && bytes[PREAMBLE + 3] == 'M';
    }

    /** Whether these first bytes of a file look like DICOM: a Part 10 marker or a plausible first element. */
    static boolean looksLikeDicom(byte[] head, int length) {
        if (length >= PREAMBLE + 4 && hasPart10Marker(head)) {
            return true;
        }
        return length >= 8 && bareEncoding(head, 0) != null;
    }

    /** How a dataset without preamble is encoded, guessed from its first element; null if not DICOM. */
    private static TransferSyntax bareEncoding(byte[] b, int at) {
        int groupLe = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        int groupBe = (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
        boolean vrLetters = isVr(b, at + 4);
        if (groupLe == 0x0002 || groupLe == 0x0008) {
            if (vrLetters) {
                return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            }
            // Implicit: the 4-byte length of a first element is small, not text.
            long len = (b[at + 4] & 0xFFL) | (b[at + 5] & 0xFFL) << 8 | (b[at + 6] & 0xFFL) << 16 | (b[at + 7] & 0xFFL) << 24;
            return groupLe == 0x0008 && len < 0x10000 ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN : null;
        }
        if (groupBe == 0x0008 && vrLetters) {
            return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
        }
        return null;
    }

    private static boolean isVr(byte[] b, int at) {
        return VRS.contains(new String(b, at, 2, StandardCharsets.ISO_8859_1));
    }

    DicomDataset parse(String source, byte[] bytes) {
        boolean part10 = hasPart10Marker(bytes);
        int start = part10 ? PREAMBLE + 4 : 0;
        if (!part10 && (bytes.length < 8 || bareEncoding(bytes, 0) == null)) {
            throw new InvalidScanException(source + ": not a DICOM file");
        }
        ByteCursor cursor = new ByteCursor(source, bytes, start, bytes.length, false);
        String transferSyntaxUid = readFileMeta(source, cursor);
        TransferSyntax ts;
        if (transferSyntaxUid != null && !transferSyntaxUid.isEmpty()) {
            // Every syntax this reader cannot decode encodes its dataset as explicit VR little endian
            // with encapsulated pixels, so the header still reads and the refusal waits until the
            // pixels of a chosen image are needed (a video in a study must not block its CT).
            TransferSyntax known = TransferSyntax.find(transferSyntaxUid);
            ts = known != null ? known : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            if (known == null) {
                cursor.bigEndian(false);
                return readDataset(source, cursor, ts, transferSyntaxUid);
            }
        } else {
            if (cursor.remaining() < 8) {
                throw new InvalidScanException(source + ": truncated: no dataset after the file meta information");
            }
            ts = bareEncoding(bytes, cursor.position());
            if (ts == null) {
                throw new InvalidScanException(source + ": no transfer syntax given and the dataset encoding is not recognised");
            }
        }
        if (ts.deflated) {
            byte[] inflated = inflate(source, bytes, cursor.position());
            cursor = new ByteCursor(source, inflated, 0, inflated.length, false);
        }
        cursor.bigEndian(ts.bigEndian);
        return readDataset(source, cursor, ts, ts.uid);
    }

    /** Reads group 0002 (always explicit VR little endian); returns the transfer syntax UID if given. */
    private String readFileMeta(String source, ByteCursor cursor) {
        String transferSyntax = null;
        while (DicomTag.group(cursor.peekTagLittleEndian()) == 0x0002) {
            int tag = cursor.tag();
            String vr = cursor.vr();
            long length = LONG_LENGTH_VRS.contains(vr) ? skipReservedThenLength(cursor) : cursor.u16();
            if (length == UNDEFINED_LENGTH) {
                throw new InvalidScanException(source + ": file meta element " + DicomTag.text(tag) + " has undefined length");
            }
            byte[] value = cursor.take(length, "file meta element " + DicomTag.text(tag));
            if (tag == DicomTag.TRANSFER_SYNTAX_UID) {
                transferSyntax = new String(value, StandardCharsets.US_ASCII).replace("\0", "").trim();
            }
        }
        return transferSyntax;
    }

    /** Reads the dataset; {@code uid} differs from {@code ts.uid} when the syntax is not supported. */
    private DicomDataset readDataset(String source, ByteCursor c, TransferSyntax ts, String uid) {
        boolean supported = ts.uid.equals(uid);
        Map<Integer, DicomDataset.Element> kept = new HashMap<>();
        Map<Integer, List<DicomDataset>> sequences = new HashMap<>();
        int[] itemBudget = {MAX_ITEMS};
        while (c.remaining() > 0) {
            int tag = c.tag();
            if (DicomTag.group(tag) == 0xFFFE) {
                throw new InvalidScanException(source + ": corrupt dataset: item tag " + DicomTag.text(tag)
                        + " outside a sequence at offset " + (c.position() - 4));
            }
            String vr = ts.explicitVr ? readVr(source, c, tag) : null;
            long length = ts.explicitVr && !LONG_LENGTH_VRS.contains(vr) ? c.u16() : lengthAfterVr(c, vr);
            if (tag == DicomTag.PIXEL_DATA) {
                return new DicomDataset(source, supported ? ts : null, uid, ts.bigEndian, kept, sequences,
                        supported ? pixelData(source, c, ts, length) : unsupportedPixelData(c, length));
            }
            readOrSkip(source, c, tag, vr, length, ts.explicitVr, ts.bigEndian, kept, sequences, 1, itemBudget);
        }
        return new DicomDataset(source, supported ? ts : null, uid, ts.bigEndian, kept, sequences, null);
    }

    /** One element's value: kept, read as a sequence of items, or stepped over. */
    private void readOrSkip(String source, ByteCursor c, int tag, String vr, long length, boolean explicitVr,
                            boolean bigEndian, Map<Integer, DicomDataset.Element> kept,
                            Map<Integer, List<DicomDataset>> sequences, int depth, int[] itemBudget) {
        // A UN sequence's items are implicit VR little endian whatever the file's syntax (PS3.5 6.2.2).
        boolean itemsExplicit = explicitVr && !"UN".equals(vr);
        if (keep.contains(tag) && DicomTag.isReadSequence(tag)) {
            sequences.put(tag, readSequence(source, c, length, itemsExplicit, bigEndian && itemsExplicit, depth, itemBudget));
        } else if (length == UNDEFINED_LENGTH) {
            skipSequence(source, c, itemsExplicit, depth);
        } else if (keep.contains(tag)) {
            kept.put(tag, new DicomDataset.Element(vr, c.take(length, "element " + DicomTag.text(tag))));
        } else {
            c.skip(length, "element " + DicomTag.text(tag));
        }
    }

    /**
     * The items of a sequence this reader looks into (Enhanced CT's functional groups), each an item
     * dataset of the elements in {@code keep}. Items are counted against one budget per file, so a
     * hostile file cannot make millions of them.
     */
    private List<DicomDataset> readSequence(String source, ByteCursor c, long length, boolean explicitVr,
                                            boolean bigEndian, int depth, int[] itemBudget) {
        if (depth > MAX_SEQUENCE_DEPTH) {
            throw new InvalidScanException(source + ": sequences nested deeper than " + MAX_SEQUENCE_DEPTH);
        }
        boolean undefined = length == UNDEFINED_LENGTH;
        if (!undefined) {
            c.require(length, "sequence");
        }
        ByteCursor body = new ByteCursor(source, c.bytes(), c.position(), undefined ? c.end() : c.position() + (int) length,
                bigEndian);
        List<DicomDataset> items = new ArrayList<>();
        while (undefined || body.remaining() > 0) {
            int tag = body.tag();
            long itemLength = body.u32();
            if (tag == DicomTag.SEQUENCE_DELIMITATION && undefined) {
                break;
            }
            if (tag != DicomTag.ITEM) {
                throw new InvalidScanException(source + ": corrupt sequence: expected an item, found "
                        + DicomTag.text(tag) + " at offset " + (body.position() - 8));
            }
            if (--itemBudget[0] < 0) {
                throw new InvalidScanException(source + ": more than " + MAX_ITEMS + " sequence items (functional "
                        + "groups); refused");
            }
            items.add(readItem(source, body, itemLength, explicitVr, bigEndian, depth, itemBudget));
        }
        c.skip(body.position() - c.position(), "sequence");
        return items;
    }

    private DicomDataset readItem(String source, ByteCursor c, long length, boolean explicitVr, boolean bigEndian,
                                  int depth, int[] itemBudget) {
        boolean undefined = length == UNDEFINED_LENGTH;
        if (!undefined) {
            c.require(length, "sequence item");
        }
        ByteCursor item = new ByteCursor(source, c.bytes(), c.position(), undefined ? c.end() : c.position() + (int) length,
                bigEndian);
        Map<Integer, DicomDataset.Element> kept = new HashMap<>();
        Map<Integer, List<DicomDataset>> sequences = new HashMap<>();
        while (undefined || item.remaining() > 0) {
            int tag = item.tag();
            if (tag == DicomTag.ITEM_DELIMITATION && undefined) {
                item.u32();
                break;
            }
            if (DicomTag.group(tag) == 0xFFFE) {
                throw new InvalidScanException(source + ": corrupt sequence: " + DicomTag.text(tag)
                        + " inside an item at offset " + (item.position() - 4));
            }
            String vr = explicitVr ? readVr(source, item, tag) : null;
            long elementLength = explicitVr && !LONG_LENGTH_VRS.contains(vr) ? item.u16() : lengthAfterVr(item, vr);
            readOrSkip(source, item, tag, vr, elementLength, explicitVr, bigEndian, kept, sequences, depth + 1, itemBudget);
        }
        c.skip(item.position() - c.position(), "sequence item");
        return new DicomDataset(source, null, null, bigEndian, kept, sequences, null);
    }

    /** Pixel data of a syntax that is not decoded: its place is kept, its content not checked. */
    private static DicomDataset.PixelData unsupportedPixelData(ByteCursor c, long length) {
        return new DicomDataset.PixelData(c.bytes(), c.position(), length == UNDEFINED_LENGTH ? -1 : length,
                length == UNDEFINED_LENGTH);
    }

    private static DicomDataset.PixelData pixelData(String source, ByteCursor c, TransferSyntax ts, long length) {
        if (ts.encapsulated()) {
            if (length != UNDEFINED_LENGTH) {
                throw new InvalidScanException(source + ": compressed (" + ts.title
                        + ") pixel data must be encapsulated, but it has a defined length");
            }
            int offset = c.position();
            EncapsulatedPixelData.fragments(source, new ByteCursor(source, c.bytes(), offset, c.end(), false));
            return new DicomDataset.PixelData(c.bytes(), offset, -1, true);
        }
        if (length == UNDEFINED_LENGTH) {
            throw new InvalidScanException(source + ": pixel data of undefined length in an uncompressed transfer syntax");
        }
        c.require(length, "pixel data");
        return new DicomDataset.PixelData(c.bytes(), c.position(), length, false);
    }

    private static String readVr(String source, ByteCursor c, int tag) {
        String vr = c.vr();
        if (!VRS.contains(vr)) {
            throw new InvalidScanException(source + ": corrupt element " + DicomTag.text(tag) + " at offset "
                    + (c.position() - 6) + ": not a value representation (is the transfer syntax right?)");
        }
        return vr;
    }

    private static long lengthAfterVr(ByteCursor c, String vr) {
        return vr == null ? c.u32() : skipReservedThenLength(c);
    }

    private static long skipReservedThenLength(ByteCursor c) {
        c.skip(2, "reserved bytes");
        return c.u32();
    }

    /** Steps over the items of a sequence of undefined length, up to its delimiter. */
    private static void skipSequence(String source, ByteCursor c, boolean explicitVr, int depth) {
        if (depth > MAX_SEQUENCE_DEPTH) {
            throw new InvalidScanException(source + ": sequences nested deeper than " + MAX_SEQUENCE_DEPTH);
        }
        while (true) {
            int tag = c.tag();
            long length = c.u32();
            if (tag == DicomTag.SEQUENCE_DELIMITATION) {
                return;
            }
            if (tag != DicomTag.ITEM) {
                throw new InvalidScanException(source + ": corrupt sequence: expected an item, found "
                        + DicomTag.text(tag) + " at offset " + (c.position() - 8));
            }
            if (length == UNDEFINED_LENGTH) {
                skipItem(source, c, explicitVr, depth);
            } else {
                c.skip(length, "sequence item");
            }
        }
    }

    /** Steps over the elements of an item of undefined length, up to its delimiter. */
    private static void skipItem(String source, ByteCursor c, boolean explicitVr, int depth) {
        while (true) {
            int tag = c.tag();
            if (tag == DicomTag.ITEM_DELIMITATION) {
                c.u32();
                return;
            }
            if (tag == DicomTag.SEQUENCE_DELIMITATION || tag == DicomTag.ITEM) {
                throw new InvalidScanException(source + ": corrupt sequence: " + DicomTag.text(tag)
                        + " inside an item at offset " + (c.position() - 4));
            }
            String vr = explicitVr ? readVr(source, c, tag) : null;
            long length = explicitVr && !LONG_LENGTH_VRS.contains(vr) ? c.u16() : lengthAfterVr(c, vr);
            if (length == UNDEFINED_LENGTH) {
                skipSequence(source, c, explicitVr && !"UN".equals(vr), depth + 1);
            } else {
                c.skip(length, "element " + DicomTag.text(tag));
            }
        }
    }

    /** Inflates a deflated dataset (raw deflate after the file meta group), never past the limit. */
    private byte[] inflate(String source, byte[] bytes, int from) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes, from, bytes.length - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (bytes.length - from) * 3));
            byte[] chunk = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new InvalidScanException(source + ": truncated deflated dataset");
                }
                if (out.size() + (long) n > maxInflatedBytes) {
                    throw new InvalidScanException(source + ": deflated dataset expands beyond "
                            + maxInflatedBytes + " bytes; refused");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new InvalidScanException(source + ": corrupt deflated dataset (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }
}
