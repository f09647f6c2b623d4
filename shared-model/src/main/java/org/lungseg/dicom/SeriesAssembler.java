package org.lungseg.dicom;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.lungseg.volume.Grid;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.Volume;

/**
 * Reads the headers of every DICOM file of an input and chooses the series ({@link #choose}); the
 * {@link PendingSeries} it returns decodes the slices in order along the slice normal into one
 * volume of CT numbers. The frames of a multi-frame (Enhanced) CT file are slices of their own,
 * placed by their functional groups. Nothing is decoded or allocated for voxels until the chosen
 * series' size is checked against the voxel limit, and the caller's memory budget has seen its grid.
 */
final class SeriesAssembler {

    /** What stored values equal to the Pixel Padding Value (outside the scanned field) become. */
    static final float PADDING_HU = -1024f;

    private final DicomReadOptions options;
    private final DicomParser parser;

    SeriesAssembler(DicomReadOptions options) {
        this.options = options;
        this.parser = new DicomParser(SliceHeader.tagsToKeep(options.attributes()), options.maxFileBytes());
    }

    /** The header of one file, as the series choice sees it. */
    SliceHeader header(DicomSources.Entry entry) {
        return SliceHeader.of(parser.parse(entry.name(), entry.read()), options.attributes());
    }

    /**
     * The header-only pass: every file's header is parsed, the series chosen and its geometry and
     * size checked, but no pixel data is decoded and no voxel allocated.
     */
    PendingSeries choose(DicomSources.Listing listing, String seriesUid) {
        String input = listing.input();
        Map<SliceHeader, DicomSources.Entry> ct = new IdentityHashMap<>();
        List<SliceHeader> ctHeaders = new ArrayList<>();
        int notImages = 0;
        int otherImages = 0;
        int otherMultiFrame = 0;
        int unreadableGuesses = 0;
        for (DicomSources.Entry entry : listing.entries()) {
            DicomDataset ds;
            SliceHeader h;
            try {
                ds = parser.parse(entry.name(), entry.read());
                h = SliceHeader.of(ds, options.attributes());
            } catch (InvalidScanException e) {
                // A Part 10 file is DICOM for certain, so its damage is the user's to know; a file
                // only guessed to be a bare dataset from its first bytes may be anything.
                if (DicomParser.hasPart10Marker(entry.read())) {
                    throw e;
                }
                unreadableGuesses++;
                entry.release();
                continue;
            }
            boolean held = false;
            switch (h.kind()) {
                case CT_IMAGE -> {
                    ct.put(h, entry);
                    ctHeaders.add(h);
                    held = true;
                }
                case NOT_AN_IMAGE -> notImages++;
                case OTHER_IMAGE -> otherImages++;
                case MULTI_FRAME_CT -> {
                    List<SliceHeader> frames = multiFrame(ds, h, seriesUid);
                    frames.forEach(frame -> ct.put(frame, entry));
                    ctHeaders.addAll(frames);
                    otherMultiFrame += frames.isEmpty() ? 1 : 0;
                    held = !frames.isEmpty();
                }
            }
            if (!held) {
                entry.release();
            }
        }
        List<String> warnings = new ArrayList<>();
        skipped(warnings, listing.ignored() + unreadableGuesses, "file", "not DICOM");
        skipped(warnings, notImages, "DICOM file", "no pixel data (reports, directories, presentation states)");
        skipped(warnings, otherImages, "image", "not CT Image Storage");
        skipped(warnings, otherMultiFrame, "multi-frame CT file", "of another series than the one named, and not a "
                + "single stack of parallel frames");
        if (ctHeaders.isEmpty()) {
            throw new InvalidScanException(input + ": no CT image series found (" + listing.entries().size()
                    + " DICOM files read" + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings)) + ")");
        }
        SeriesSelector.Selection selection = SeriesSelector.select(ctHeaders, seriesUid, input);
        warnings.addAll(selection.notes());
        Set<SliceHeader> chosen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        chosen.addAll(selection.slices());
        ct.forEach((h, e) -> {
            if (!chosen.contains(h)) {
                e.release();
            }
        });
        for (SliceHeader h : selection.slices()) {
            h.format().validate(h.source());
            if (h.transferSyntax() == null) {
                throw TransferSyntax.unsupported(h.transferSyntaxUid(), h.source());
            }
            h.transferSyntax().requireDecodable(h.format(), h.source());
        }
        StackGeometry geometry = StackGeometry.of(selection.slices(), input);
        List<SliceHeader> sorted = geometry.sorted();
        PixelFormat format = sorted.get(0).format();
        long voxels = format.pixelsPerFrame() * sorted.size();
        if (voxels > options.maxVoxels()) {
            throw new InvalidScanException(input + ": the series is " + format.columns() + "x" + format.rows() + "x"
                    + sorted.size() + " = " + voxels + " voxels, above the limit of " + options.maxVoxels());
        }
        Grid grid = new Grid(format.columns(), format.rows(), sorted.size(), geometry.affine());
        return new PendingSeries(grid, sorted.get(0).attributes(),
                () -> decode(sorted, grid, ct, warnings));
    }

    private Volume decode(List<SliceHeader> sorted, Grid grid, Map<SliceHeader, DicomSources.Entry> entries,
                          List<String> warnings) {
        PixelFormat format = sorted.get(0).format();
        float[] hu = new float[(int) grid.voxelCount()];
        int perSlice = (int) format.pixelsPerFrame();
        AtomicLong padded = new AtomicLong();
        Function<SliceHeader, long[]> storedValues;
        DicomSources.Entry multiFrameFile = sorted.get(0).isFrame() ? entries.get(sorted.get(0)) : null;
        if (multiFrameFile != null) {
            // The stack is one file's frames: parse it once and cut its pixel data into frames.
            MultiFramePixels pixels = new MultiFramePixels(reparse(sorted.get(0), multiFrameFile), format);
            storedValues = h -> pixels.storedValues(h.frame());
        } else {
            storedValues = h -> {
                DicomSources.Entry entry = entries.get(h);
                long[] values = FrameDecoder.storedValues(reparse(h, entry), h.format());
                entry.release();
                return values;
            };
        }
        // Slices decode independently (JPEG 2000 takes a few hundred ms each): one core per slice.
        IntStream.range(0, sorted.size()).parallel().forEach(k -> {
            SliceHeader h = sorted.get(k);
            padded.addAndGet(rescale(storedValues.apply(h), h, hu, k * perSlice));
        });
        if (multiFrameFile != null) {
            multiFrameFile.release();
        }
        boolean unscaled = sorted.stream().anyMatch(h -> !h.rescaled());
        boolean monochrome1 = sorted.stream().anyMatch(h -> h.format().photometric().equals("MONOCHROME1"));
        if (padded.get() > 0) {
            warnings.add(String.format(Locale.ROOT, "%d voxels held the Pixel Padding Value (outside the reconstructed "
                    + "field of view) and were set to air (%.0f HU)", padded.get(), PADDING_HU));
        }
        if (unscaled) {
            warnings.add("some slices have no RescaleSlope/RescaleIntercept: their stored values were taken as HU");
        }
        if (monochrome1) {
            warnings.add("MONOCHROME1 slices: CT numbers come from the rescale and are not inverted (the photometric "
                    + "interpretation only tells a viewer how to display them)");
        }
        return new Volume(grid, hu, warnings);
    }

    /** The file of a slice read again for its pixels, checked to be the file whose header was read. */
    private DicomDataset reparse(SliceHeader h, DicomSources.Entry entry) {
        DicomDataset ds = parser.parse(entry.name(), entry.read());
        if (!h.format().equals(SliceHeader.of(ds, Set.of()).format())) {
            throw new InvalidScanException(h.source() + ": the file changed while the series was read");
        }
        return ds;
    }

    /**
     * The frames of a multi-frame CT file as slices. A file that is not one simple stack is refused,
     * unless the caller named another series: then it is left out (returns no frames).
     */
    private static List<SliceHeader> multiFrame(DicomDataset ds, SliceHeader file, String seriesUid) {
        try {
            return EnhancedCtFrames.of(ds, file);
        } catch (InvalidScanException e) {
            if (seriesUid != null && !seriesUid.trim().equals(file.seriesUid())) {
                return List.of();
            }
            throw e;
        }
    }

    /** Stored values to HU with the slice's own slope and intercept; returns the count of padding voxels. */
    private static long rescale(long[] stored, SliceHeader h, float[] hu, int offset) {
        long low = h.padding() == null ? 1 : h.paddingLimit() == null ? h.padding() : Math.min(h.padding(), h.paddingLimit());
        long high = h.padding() == null ? 0 : h.paddingLimit() == null ? h.padding() : Math.max(h.padding(), h.paddingLimit());
        long padded = 0;
        for (int i = 0; i < stored.length; i++) {
            long v = stored[i];
            if (v >= low && v <= high) {
                hu[offset + i] = PADDING_HU;
                padded++;
            } else {
                hu[offset + i] = (float) (v * h.slope() + h.intercept());
            }
        }
        return padded;
    }

    private static void skipped(List<String> warnings, int count, String noun, String why) {
        if (count > 0) {
            warnings.add("ignored " + count + " " + noun + (count == 1 ? "" : "s") + ": " + why);
        }
    }
}
