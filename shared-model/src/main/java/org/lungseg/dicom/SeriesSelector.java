package org.lungseg.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.lungseg.volume.InvalidScanException;

/**
 * Chooses the stack of CT slices to read from all the images of an input: groups them by Series
 * Instance UID (and image size and orientation, so a scout filed in the series stays apart), skips
 * localizers, non-axial and derived stacks, and takes the largest — or the series the caller
 * names. When two stacks qualify equally it refuses and lists them rather than guess.
 */
final class SeriesSelector {

    /** The chosen slices (unsorted) and what was left out, for the user. */
    record Selection(List<SliceHeader> slices, List<String> notes) {
    }

    /** Slices sharing series, image size and orientation. */
    private record Stack(String seriesUid, int rows, int columns,
                         double[] orientation, List<SliceHeader> slices) {

        boolean axial() {
            return orientation == null || "axial".equals(plane(orientation));
        }

        boolean derived() {
            return slices.stream().allMatch(SliceHeader::derived);
        }

        String describe() {
            return String.format(Locale.ROOT, "series %s: %d slices of %dx%d, %s%s",
                    seriesUid.isEmpty() ? "<no SeriesInstanceUID>" : seriesUid, slices.size(), columns, rows,
                    orientation == null ? "no orientation" : plane(orientation), derived() ? ", derived" : "");
        }
    }

    private SeriesSelector() {
    }

    static Selection select(List<SliceHeader> ctImages, String seriesUid, String input) {
        List<String> notes = new ArrayList<>();
        List<SliceHeader> images = dropRepeatedInstances(ctImages, notes);
        long localizers = images.stream().filter(SliceHeader::localizer).count();
        if (localizers > 0) {
            notes.add("skipped " + localizers + " localizer (scout) image" + (localizers == 1 ? "" : "s"));
        }
        List<Stack> stacks = stacks(images.stream().filter(s -> !s.localizer()).toList());
        if (stacks.isEmpty()) {
            throw new InvalidScanException(input + ": holds only localizer (scout) images, no CT series");
        }
        List<Stack> candidates;
        if (seriesUid != null) {
            candidates = stacks.stream().filter(s -> s.seriesUid().equals(seriesUid.trim())).toList();
            if (candidates.isEmpty()) {
                throw new InvalidScanException(input + ": no CT series with SeriesInstanceUID " + seriesUid.trim()
                        + "; it holds " + list(stacks));
            }
        } else {
            candidates = automaticCandidates(stacks, notes, input);
        }
        Stack chosen = largest(candidates, input);
        List<Stack> incomplete = stacks.stream()
                .filter(s -> s != chosen && s.seriesUid().equals(chosen.seriesUid()) && s.orientation() == null).toList();
        if (!incomplete.isEmpty()) {
            throw new InvalidScanException(input + ": " + incomplete.get(0).slices().size() + " images of the chosen "
                    + "series lack ImageOrientationPatient (0020,0037), e.g. " + incomplete.get(0).slices().get(0).source());
        }
        refuseOtherSizes(chosen, stacks, input);
        if (stacks.size() > 1) {
            notes.add("read " + chosen.describe() + "; " + (stacks.size() - 1) + " other stack"
                    + (stacks.size() == 2 ? "" : "s") + " in the input left out");
        }
        return new Selection(chosen.slices(), notes);
    }

    /**
     * Images of the chosen series and orientation but another size are not a scout or another
     * stack: they are slices the volume lacks, so the refusal names them (else the gap they leave
     * would be blamed on slice spacing). Multi-frame files are stacks of their own and stay apart.
     */
    private static void refuseOtherSizes(Stack chosen, List<Stack> stacks, String input) {
        if (chosen.orientation() == null || chosen.slices().get(0).isFrame()) {
            return;
        }
        String key = orientationKey(chosen.orientation());
        List<Stack> resized = stacks.stream()
                .filter(s -> s != chosen && s.seriesUid().equals(chosen.seriesUid()) && !s.slices().get(0).isFrame()
                        && s.orientation() != null && orientationKey(s.orientation()).equals(key))
                .toList();
        if (!resized.isEmpty()) {
            Stack other = resized.get(0);
            throw new InvalidScanException(input + ": the chosen series mixes image sizes: " + chosen.slices().size()
                    + " images of " + chosen.columns() + "x" + chosen.rows() + " and " + resized.stream()
                    .map(s -> s.slices().size() + " of " + s.columns() + "x" + s.rows()).collect(Collectors.joining(", "))
                    + " (e.g. " + other.slices().get(0).source() + ") in the same orientation; one volume needs one "
                    + "size. Remove or resample the odd images.");
        }
    }

    /** The same SOP instance twice (a copied file) is read once. */
    private static List<SliceHeader> dropRepeatedInstances(List<SliceHeader> images, List<String> notes) {
        Map<String, SliceHeader> byUid = new LinkedHashMap<>();
        List<SliceHeader> kept = new ArrayList<>();
        int repeated = 0;
        for (SliceHeader s : images) {
            if (s.sopInstanceUid().isEmpty()) {
                kept.add(s);
            } else if (byUid.putIfAbsent(s.sopInstanceUid() + "/" + s.frame(), s) == null) {
                kept.add(s);
            } else {
                repeated++;
            }
        }
        if (repeated > 0) {
            notes.add("ignored " + repeated + " repeated cop" + (repeated == 1 ? "y" : "ies") + " of images (same SOPInstanceUID)");
        }
        return kept;
    }

    private static List<Stack> automaticCandidates(List<Stack> stacks, List<String> notes, String input) {
        List<Stack> volumes = stacks.stream().filter(s -> s.slices().size() > 1).toList();
        if (volumes.size() < stacks.size()) {
            notes.add("skipped " + (stacks.size() - volumes.size()) + " single-image stack"
                    + (stacks.size() - volumes.size() == 1 ? "" : "s") + " (scouts or key images)");
        }
        List<Stack> axial = volumes.stream().filter(Stack::axial).toList();
        if (axial.size() < volumes.size()) {
            notes.add("skipped " + (volumes.size() - axial.size()) + " non-axial stack"
                    + (volumes.size() - axial.size() == 1 ? "" : "s") + " (name one with its SeriesInstanceUID to read it)");
        }
        if (axial.isEmpty()) {
            throw new InvalidScanException(input + ": no axial CT series of more than one slice; it holds " + list(stacks)
                    + ". Name a series by its SeriesInstanceUID to read a non-axial one.");
        }
        List<Stack> original = axial.stream().filter(s -> !s.derived()).toList();
        if (!original.isEmpty() && original.size() < axial.size()) {
            notes.add("skipped " + (axial.size() - original.size()) + " derived (reformatted or processed) series");
            return original;
        }
        return axial;
    }

    private static Stack largest(List<Stack> candidates, String input) {
        int most = candidates.stream().mapToInt(s -> s.slices().size()).max().orElseThrow();
        List<Stack> best = candidates.stream().filter(s -> s.slices().size() == most).toList();
        if (best.size() > 1) {
            throw new InvalidScanException(input + ": " + best.size() + " CT series qualify equally, choose one "
                    + "by its SeriesInstanceUID (--series UID on the command line, \"series\" in a function request): "
                    + list(best));
        }
        return best.get(0);
    }

    private static List<Stack> stacks(List<SliceHeader> images) {
        Map<String, List<SliceHeader>> groups = new LinkedHashMap<>();
        for (SliceHeader s : images) {
            // A multi-frame file is a stack on its own, even beside classic images of its series.
            groups.computeIfAbsent(s.seriesUid() + "|" + s.format().rows() + "x" + s.format().columns() + "|"
                    + orientationKey(s.orientation()) + "|" + (s.isFrame() ? s.sopInstanceUid() : ""),
                    k -> new ArrayList<>()).add(s);
        }
        return groups.values().stream()
                .map(g -> new Stack(g.get(0).seriesUid(), g.get(0).format().rows(),
                        g.get(0).format().columns(), g.get(0).orientation(), g))
                .sorted(Comparator.comparing(Stack::seriesUid))
                .toList();
    }

    /** Orientations equal to about 0.06 degrees share a key. */
    private static String orientationKey(double[] iop) {
        if (iop == null) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (double v : iop) {
            sb.append(Math.round(v * 1000)).append(',');
        }
        return sb.toString();
    }

    /** Axial, coronal or sagittal after the largest component of the slice normal. */
    static String plane(double[] iop) {
        double nx = iop[1] * iop[5] - iop[2] * iop[4];
        double ny = iop[2] * iop[3] - iop[0] * iop[5];
        double nz = iop[0] * iop[4] - iop[1] * iop[3];
        double ax = Math.abs(nx);
        double ay = Math.abs(ny);
        double az = Math.abs(nz);
        return az >= ax && az >= ay ? "axial" : ay >= ax ? "coronal" : "sagittal";
    }

    private static String list(List<Stack> stacks) {
        return stacks.stream().map(Stack::describe).collect(Collectors.joining("; "));
    }
}
