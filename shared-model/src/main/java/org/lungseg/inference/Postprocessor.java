package org.lungseg.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;

/**
 * Turns the network's probabilities into a label map on the scan's own grid: trilinear
 * resampling inside the lungs' box, threshold (the scan's air deciding uncertain lung voxels),
 * per lung the largest connected component (minor ones touching the other lung go to it) plus
 * components of at least {@link Options#minComponentMl()}, hole filling, a lung dropped when it
 * holds almost no air or its air is the air around the body (and no lung at all in a scan without
 * a body), infection kept inside the lungs in lesions of at least
 * {@link Options#minLesionMl()} (3 where a lung is infected, else 1 or 2), and a check that the
 * left lung lies at the patient's left. Stateless and thread-safe.
 */
public final class Postprocessor {

    /**
     * @param minComponentMl lung pieces besides the largest are kept from this volume up
     * @param minLesionMl    infected regions are kept from this volume up: a smaller one is a speck
     *                       on a vessel or noise, and in a healthy lung it would turn the report's
     *                       "no infection" into a false finding
     * @param boundaryLow    lung probabilities strictly between this and {@code boundaryHigh} are
     *                       decided by the scan (lung where air) rather than the threshold; equal
     *                       values turn that off
     * @param boundaryHigh   see {@code boundaryLow}
     */
    public record Options(double minComponentMl, double minLesionMl, double boundaryLow, double boundaryHigh) {

        public Options {
            if (!(minComponentMl >= 0)) {
                throw new IllegalArgumentException("minimum component volume must be >= 0 mL, got " + minComponentMl);
            }
            if (!(minLesionMl >= 0)) {
                throw new IllegalArgumentException("minimum lesion volume must be >= 0 mL, got " + minLesionMl);
            }
            if (!(boundaryLow >= 0 && boundaryLow <= boundaryHigh && boundaryHigh <= 1)) {
                throw new IllegalArgumentException("the boundary band must satisfy 0 <= low <= high <= 1, got "
                        + boundaryLow + ", " + boundaryHigh);
            }
        }

        /**
         * 10 mL lung pieces; 0.5 mL lesions (a ball of 10 mm); the scan decides lung probabilities
         * from 0.2 to 0.8. Both figures were chosen on validation phantoms (docs/inference.md).
         */
        public static Options defaults() {
            return new Options(10, 0.5, 0.2, 0.8);
        }
    }

    /** The label map on the scan's grid, its measurements, and what the reader should know. */
    public record Result(LabelMap labels, LungMeasurements measurements, List<String> warnings) {

        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A lung, even a severely infected one, is mostly air; a "lung" that is not was muscle or bowel
     * the network took for lung (seen on an abdominal scan).
     */
    static final double MIN_AIR_SHARE = 0.3;

    /**
     * A chest scan is largely body (30% to 64% of the voxels on the real cases and phantoms here);
     * below 1% of voxels above -500 HU the scan shows air, NaN or a stray object, never a chest.
     */
    static final double MIN_BODY_SHARE = 0.01;

    /**
     * A lung's air lies inside the chest wall; a lung whose air is mostly the air around the body
     * ({@link BodyOutline}) was air beside a phantom or the patient, taken for lung.
     */
    static final double MAX_OUTSIDE_SHARE = 0.5;

    /** The outside share is measured on every this-many-th voxel of the scan (grid index). */
    private static final int OUTSIDE_SAMPLING = 8;

    /** See {@link MaskCleanup#mergeTouchingLungs}: adult lungs' centres lie 80 to 120 mm apart. */
    static final double MIN_LUNG_CONTACT = 0.15;
    static final double MAX_MERGE_SEPARATION_MM = 40;

    private final Options options;

    public Postprocessor(Options options) {
        this.options = options;
    }

    public Result apply(float[] probabilities, ModelCard card, NetworkSpace space, AirMap air) {
        Grid grid = space.source();
        double voxelMl = grid.voxelVolumeMm3() / 1000.0;
        List<String> warnings = new ArrayList<>();
        double body = air.bodyShare(grid);
        if (body < MIN_BODY_SHARE) {
            // Air, NaN or nothing at all: whatever the network answers, there is no chest to hold a lung.
            warnings.add(String.format(Locale.ROOT, "no lung was found: there is no body in the scan (%.1f%% of its"
                    + " voxels are above %.0f HU)", 100 * body, AirMap.AIR_HU));
            return empty(grid, voxelMl, warnings);
        }
        int[][] box = ProbabilityResampler.lungBox(probabilities, card);
        if (box == null) {
            warnings.add("no lung was found: the scan may not show the chest, or the model does not recognise it");
            return empty(grid, voxelMl, warnings);
        }
        VoxelRegion region = ProbabilityResampler.resample(probabilities, card, space, box, air,
                (float) options.boundaryLow(), (float) options.boundaryHigh());
        long minVoxels = (long) Math.ceil(options.minComponentMl() / voxelMl);
        MaskCleanup.keepMainComponents(region, minVoxels);
        int merged = MaskCleanup.mergeTouchingLungs(region, grid, MIN_LUNG_CONTACT, MAX_MERGE_SEPARATION_MM);
        MaskCleanup.fillHoles(region);
        dropStrayLungs(region, grid, air, new BodyOutline(air, space), warnings);
        MaskCleanup.removeSmallLesions(region, (long) Math.ceil(options.minLesionMl() / voxelMl));
        LabelMap labels = LabelMap.empty(grid);
        LungMeasurements m = writeLabels(region, labels, voxelMl);
        int into = VoxelRegion.LUNGS & ~merged;
        if (merged != 0 && (into == VoxelRegion.LEFT ? m.leftVoxels() : m.rightVoxels()) > 0) {
            // Said only of a lung that is kept: a merge into a lung dropped afterwards changed nothing.
            warnings.add(String.format(Locale.ROOT, "the %s lung the model found touched the %s one broadly and was"
                    + " merged into it: two lungs meet only along a thin line (a scan cut to one lung?)",
                    side(merged), side(into)));
        }
        checkLaterality(m, warnings);
        return new Result(labels, m, warnings);
    }

    private static Result empty(Grid grid, double voxelMl, List<String> warnings) {
        return new Result(LabelMap.empty(grid), new LungMeasurements(0, 0, 0, 0, voxelMl, null, null), warnings);
    }

    /**
     * Clears each lung (and its infection) whose voxels are less than {@link #MIN_AIR_SHARE} air, or
     * whose air is more than {@link #MAX_OUTSIDE_SHARE} the air around the body (on a sample of its voxels),
     * counting the network's own voxels only: those the boundary band added are air by choice.
     */
    private static void dropStrayLungs(VoxelRegion region, Grid g, AirMap air, BodyOutline body,
                                       List<String> warnings) {
        byte[] c = region.cells();
        long[] voxels = new long[3];
        long[] airy = new long[3];
        long[] sampled = new long[3];
        long[] outside = new long[3];
        forEachLungCell(region, g, (cell, source) -> {
            if ((c[cell] & VoxelRegion.EDGE) != 0) {
                return;
            }
            int side = c[cell] & VoxelRegion.LUNGS;
            voxels[side]++;
            boolean isAir = air.isAir(source);
            airy[side] += isAir ? 1 : 0;
            // A share against one half needs no census: the air voxels among every 8th of the scan keep it cheap.
            if (isAir && source % OUTSIDE_SAMPLING == 0) {
                sampled[side]++;
                outside[side] += body.outside(source) ? 1 : 0;
            }
        });
        for (int side = 1; side <= 2; side++) {
            double airShare = voxels[side] == 0 ? 1 : (double) airy[side] / voxels[side];
            double outsideShare = sampled[side] == 0 ? 0 : (double) outside[side] / sampled[side];
            if (airShare < MIN_AIR_SHARE) {
                warnings.add(String.format(Locale.ROOT, "the %s lung the model found was dropped: only %.0f%% of its"
                        + " voxels are below %.0f HU, and a lung, even a severely infected one, is mostly air",
                        side(side), 100 * airShare, AirMap.AIR_HU));
            } else if (outsideShare > MAX_OUTSIDE_SHARE) {
                warnings.add(String.format(Locale.ROOT, "the %s lung the model found was dropped: %.0f%% of its"
                        + " air lies around the body, not inside it, and a lung lies inside the chest wall",
                        side(side), 100 * outsideShare));
            } else {
                continue;
            }
            int drop = side;
            forEachLungCell(region, g, (cell, source) -> {
                if ((c[cell] & VoxelRegion.LUNGS) == drop) {
                    c[cell] = (byte) (c[cell] & ~(VoxelRegion.LUNGS | VoxelRegion.INFECTION));
                }
            });
        }
    }

    private static String side(int lungBit) {
        return lungBit == VoxelRegion.LEFT ? "left" : "right";
    }

    private interface CellVisitor {
        void visit(int cell, int sourceIndex);
    }

    /** Calls {@code visitor} for each lung cell of the region with its index in the scan's grid. */
    private static void forEachLungCell(VoxelRegion region, Grid g, CellVisitor visitor) {
        byte[] c = region.cells();
        int[] o = region.origin();
        for (int k = 0; k < region.size(2); k++) {
            for (int j = 0; j < region.size(1); j++) {
                int cell = region.cell(0, j, k);
                int source = g.index(o[0], o[1] + j, o[2] + k);
                for (int i = 0; i < region.size(0); i++) {
                    if ((c[cell + i] & VoxelRegion.LUNGS) != 0) {
                        visitor.visit(cell + i, source + i);
                    }
                }
            }
        }
    }

    /** Writes region bits as labels into the scan-sized map; measures on the way. */
    private static LungMeasurements writeLabels(VoxelRegion region, LabelMap labels, double voxelMl) {
        Grid g = labels.grid();
        byte[] out = labels.labels();
        byte[] c = region.cells();
        int[] o = region.origin();
        long[] lung = new long[3];
        long[] infected = new long[3];
        double[][] sum = new double[3][3];
        long[] onRow = new long[3];
        for (int k = 0; k < region.size(2); k++) {
            for (int j = 0; j < region.size(1); j++) {
                int cell = region.cell(0, j, k);
                int target = g.index(o[0], o[1] + j, o[2] + k);
                onRow[1] = 0;
                onRow[2] = 0;
                for (int i = 0; i < region.size(0); i++) {
                    int v = c[cell + i];
                    int side = v & VoxelRegion.LUNGS;
                    if (side == 0) {
                        continue;
                    }
                    boolean inf = (v & VoxelRegion.INFECTION) != 0;
                    out[target + i] = (byte) (inf ? 3 : side);
                    onRow[side]++;
                    infected[side] += inf ? 1 : 0;
                    sum[side][0] += o[0] + i;
                }
                for (int side = 1; side <= 2; side++) {
                    lung[side] += onRow[side];
                    sum[side][1] += (double) onRow[side] * (o[1] + j);
                    sum[side][2] += (double) onRow[side] * (o[2] + k);
                }
            }
        }
        return new LungMeasurements(lung[1], lung[2], infected[1], infected[2], voxelMl,
                centroid(g, sum[1], lung[1]), centroid(g, sum[2], lung[2]));
    }

    private static double[] centroid(Grid g, double[] sum, long n) {
        return n == 0 ? null : g.affine().apply(sum[0] / n, sum[1] / n, sum[2] / n);
    }

    /** RAS x grows towards the patient's right: the left lung's centre must have the lower x. */
    private static void checkLaterality(LungMeasurements m, List<String> warnings) {
        if (m.leftCentroidMm() == null && m.rightCentroidMm() == null) {
            warnings.add("no lung was found");
            return;
        }
        if (m.leftCentroidMm() == null || m.rightCentroidMm() == null) {
            String missing = m.leftCentroidMm() == null ? "left" : "right";
            warnings.add("no " + missing + " lung was found");
            return;
        }
        double left = m.leftCentroidMm()[0];
        double right = m.rightCentroidMm()[0];
        if (left > right) {
            warnings.add(String.format(Locale.ROOT, "left and right look swapped: the lung labelled left lies at the"
                    + " patient's right (centre x = %.1f mm, the right lung's %.1f mm in RAS). Check the scan's"
                    + " orientation header (sform/qform) and the model", left, right));
        }
    }
}
