package org.lungseg.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * An Enhanced CT multi-frame file built by the test from the slices of a classic series, which the
 * test reads itself (implicit VR little endian, as cip-ct64 is stored), not through the reader.
 * Frame positions sit in the per-frame functional groups, orientation and pixel measures in the
 * shared ones, and every frame has its own rescale intercept, so its stored values differ from the
 * classic slice's while its HU do not. Frames are written from the top of the stack down, the
 * reverse of the classic files' order.
 */
final class EnhancedCtFile {

    static final String ENHANCED_CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2.1";
    static final String LEGACY_CONVERTED_ENHANCED_CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2.2";
    static final String SERIES_UID = "1.2.826.0.1.88.1";

    /** One classic slice: its Image Position (Patient) as written and its stored values. */
    record Slice(String position, int[] words) {
    }

    final List<Slice> frames;
    final int rows;
    final int columns;
    final String orientation;
    final String pixelSpacing;
    String sopClass = ENHANCED_CT_STORAGE;
    boolean undefinedLengths;

    private EnhancedCtFile(List<Slice> frames, int rows, int columns, String orientation, String pixelSpacing) {
        this.frames = frames;
        this.rows = rows;
        this.columns = columns;
        this.orientation = orientation;
        this.pixelSpacing = pixelSpacing;
    }

    /** The 79 slices of cip-ct64 (64 x 64, signed 16-bit, slope 1, intercept 0) as frames. */
    static EnhancedCtFile ofClassicSeries(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> sorted = files.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
            List<Slice> slices = new ArrayList<>();
            for (Path f : sorted) {
                byte[] b = Files.readAllBytes(f);
                slices.add(new Slice(text(b, DicomTag.IMAGE_POSITION_PATIENT), words(b)));
            }
            byte[] first = Files.readAllBytes(sorted.get(0));
            List<Slice> topDown = new ArrayList<>(slices);
            Collections.reverse(topDown);
            return new EnhancedCtFile(topDown, u16(first, DicomTag.ROWS), u16(first, DicomTag.COLUMNS),
                    text(first, DicomTag.IMAGE_ORIENTATION_PATIENT), text(first, DicomTag.PIXEL_SPACING));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frame f's own intercept: its stored values are the classic ones minus it. */
    static int intercept(int f) {
        return -10 * (f % 7);
    }

    /** Frame f's stored values, shifted by its intercept. */
    int[] storedWords(int f) {
        int[] w = frames.get(f).words().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] = ((short) w[i] - intercept(f)) & 0xFFFF;
        }
        return w;
    }

    /** The per-frame functional groups of frame f: position, rescale and stack. */
    TestDicom perFrameGroups(int f) {
        return new TestDicom()
                .sequence(DicomTag.PLANE_POSITION, undefinedLengths, new TestDicom()
                        .text(DicomTag.IMAGE_POSITION_PATIENT, "DS", frames.get(f).position()))
                .sequence(DicomTag.PIXEL_VALUE_TRANSFORMATION, undefinedLengths, new TestDicom()
                        .text(DicomTag.RESCALE_INTERCEPT, "DS", String.valueOf(intercept(f)))
                        .text(DicomTag.RESCALE_SLOPE, "DS", "1"))
                .sequence(DicomTag.FRAME_CONTENT, undefinedLengths, new TestDicom().text(DicomTag.STACK_ID, "SH", "1"));
    }

    TestDicom sharedGroups() {
        return new TestDicom()
                .sequence(DicomTag.PLANE_ORIENTATION, undefinedLengths, new TestDicom()
                        .text(DicomTag.IMAGE_ORIENTATION_PATIENT, "DS", orientation))
                .sequence(DicomTag.PIXEL_MEASURES, undefinedLengths, new TestDicom()
                        .text(DicomTag.PIXEL_SPACING, "DS", pixelSpacing).text(0x00180050, "DS", "3.98734"))
                // Every frame's own rescale must win over this one.
                .sequence(DicomTag.PIXEL_VALUE_TRANSFORMATION, undefinedLengths, new TestDicom()
                        .text(DicomTag.RESCALE_INTERCEPT, "DS", "-1000").text(DicomTag.RESCALE_SLOPE, "DS", "1"));
    }

    /** The file with native pixel data of every frame. */
    TestDicom dataset() {
        return dataset(this::perFrameGroups).pixelWords(allFrames());
    }

    /** The file's header with the given per-frame groups; pixel data is the caller's to add. */
    TestDicom dataset(IntFunction<TestDicom> perFrame) {
        TestDicom[] items = new TestDicom[frames.size()];
        Arrays.setAll(items, perFrame);
        return new TestDicom()
                .text(DicomTag.IMAGE_TYPE, "CS", "ORIGINAL\\PRIMARY\\AXIAL\\NONE")
                .text(DicomTag.SOP_CLASS_UID, "UI", sopClass)
                .text(DicomTag.SOP_INSTANCE_UID, "UI", SERIES_UID + ".1")
                .text(DicomTag.MODALITY, "CS", "CT")
                .text(0x00100010, "PN", TestDicom.PATIENT_NAME)
                .text(0x00100020, "LO", TestDicom.PATIENT_ID)
                .text(DicomTag.SERIES_INSTANCE_UID, "UI", SERIES_UID)
                .text(DicomTag.NUMBER_OF_FRAMES, "IS", String.valueOf(frames.size()))
                .us(DicomTag.SAMPLES_PER_PIXEL, 1)
                .text(DicomTag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                .us(DicomTag.ROWS, rows)
                .us(DicomTag.COLUMNS, columns)
                .us(DicomTag.BITS_ALLOCATED, 16)
                .us(DicomTag.BITS_STORED, 16)
                .us(DicomTag.HIGH_BIT, 15)
                .us(DicomTag.PIXEL_REPRESENTATION, 1)
                .sequence(DicomTag.SHARED_FUNCTIONAL_GROUPS, undefinedLengths, sharedGroups())
                .sequence(DicomTag.PER_FRAME_FUNCTIONAL_GROUPS, undefinedLengths, items);
    }

    /** Every frame's stored values, one frame after the other. */
    int[] allFrames() {
        int n = rows * columns;
        int[] all = new int[n * frames.size()];
        for (int f = 0; f < frames.size(); f++) {
            System.arraycopy(storedWords(f), 0, all, f * n, n);
        }
        return all;
    }

    private static String text(byte[] b, int tag) {
        int at = ImplicitVrFile.offsetOf(b, tag);
        int length = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at + 4);
        return new String(b, at + 8, length, StandardCharsets.US_ASCII).trim();
    }

    private static int u16(byte[] b, int tag) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort(ImplicitVrFile.offsetOf(b, tag) + 8) & 0xFFFF;
    }

    private static int[] words(byte[] b) {
        int at = ImplicitVrFile.offsetOf(b, DicomTag.PIXEL_DATA);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int[] w = new int[buf.getInt(at + 4) / 2];
        for (int i = 0; i < w.length; i++) {
            w[i] = buf.getShort(at + 8 + 2 * i) & 0xFFFF;
        }
        return w;
    }
}
