package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.label.Label;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** Postprocessing on hand-made probability fields, where the right answer is known voxel by voxel. */
class PostprocessorTest {

    private static final int N = 32;
    private static final GridSize NET = new GridSize(N, N, N);
    private static final ModelCard CARD = TestModels.card(NET);
    /** 1 mm RAS voxels: 1000 voxels per mL. */
    private static final Grid RAS = new Grid(N, N, N, Affine.ofSpacing(1, 1, 1, -16, -16, -16));
    private static final Postprocessor POST = new Postprocessor(new Postprocessor.Options(0.05, 0.02, 0.2, 0.8)); // 50 and 20 voxels
    /** Without the boundary band: the threshold alone, for checks of the resampling on all-air scans. */
    private static final Postprocessor PLAIN = new Postprocessor(new Postprocessor.Options(0.05, 0.02, 0.5, 0.5));

    /** Channel-major probabilities over the network grid, background 0.02. */
    private static final class Field {
        final float[] p = new float[3 * N * N * N];

        Field() {
            java.util.Arrays.fill(p, 0.02f);
        }

        void set(int channel, int x, int y, int z, float v) {
            p[channel * N * N * N + x + N * (y + N * z)] = v;
        }

        float get(int channel, int x, int y, int z) {
            return p[channel * N * N * N + x + N * (y + N * z)];
        }

        /** Ball of radius r around (cx, cy, cz); returns its voxel count. */
        int ball(int channel, int cx, int cy, int cz, double r, float v) {
            int n = 0;
            for (int z = 0; z < N; z++) {
                for (int y = 0; y < N; y++) {
                    for (int x = 0; x < N; x++) {
                        if (sq(x - cx) + sq(y - cy) + sq(z - cz) <= r * r) {
                            set(channel, x, y, z, v);
                            n++;
                        }
                    }
                }
            }
            return n;
        }

        int box(int channel, int x0, int y0, int z0, int side, float v) {
            for (int z = z0; z < z0 + side; z++) {
                for (int y = y0; y < y0 + side; y++) {
                    for (int x = x0; x < x0 + side; x++) {
                        set(channel, x, y, z, v);
                    }
                }
            }
            return side * side * side;
        }

        private static double sq(double d) {
            return d * d;
        }
    }

    @Test
    void cleansUpLabelsAndMeasuresOnTheNetworkGrid() {
        Field f = new Field();
        // Patient's left = low RAS x. The left lung has a hole (a vessel the threshold missed).
        int leftBall = f.ball(0, 9, 16, 16, 6, 0.9f);
        int hole = f.ball(0, 9, 16, 16, 1.5, 0.3f);
        int rightBall = f.ball(1, 23, 16, 16, 6, 0.9f);
        int leftPiece = f.box(0, 1, 26, 26, 4, 0.8f); // 64 voxels: kept (>= 50)
        f.set(0, 2, 2, 2, 0.95f); // a speck: removed
        f.set(1, 30, 2, 2, 0.95f);
        int infection = f.ball(2, 23, 16, 20, 2, 0.7f); // inside the right lung: 33 voxels, a lesion
        f.box(2, 8, 15, 12, 2, 0.9f); // 8 voxels inside the left lung: a speck, not a lesion
        f.box(2, 27, 2, 28, 3, 0.9f); // outside both lungs: dropped

        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), air(RAS));
        LabelMap labels = r.labels();
        assertThat(labels.grid()).isSameAs(RAS);
        assertThat(labels.get(9, 16, 16)).as("hole filled").isEqualTo(1);
        assertThat(labels.get(2, 2, 2)).as("speck removed").isZero();
        assertThat(labels.get(30, 2, 2)).isZero();
        assertThat(labels.get(2, 27, 27)).as("large second piece kept").isEqualTo(1);
        assertThat(labels.get(23, 16, 20)).isEqualTo(3);
        assertThat(labels.get(28, 3, 29)).as("infection outside the lungs").isZero();
        assertThat(labels.get(8, 15, 12)).as("infected speck under the minimum lesion").isEqualTo(1);

        LungMeasurements m = r.measurements();
        assertThat(m.leftVoxels()).isEqualTo(leftBall + leftPiece);
        assertThat(m.rightVoxels()).isEqualTo(rightBall);
        assertThat(m.rightInfectedVoxels()).isEqualTo(infection);
        assertThat(m.leftInfectedVoxels()).isZero();
        assertThat(hole).isPositive();
        assertThat(m.labelVoxels(Label.LEFT_LUNG)).isEqualTo(Overlap.count(labels, 1));
        assertThat(m.labelVoxels(Label.RIGHT_LUNG)).isEqualTo(Overlap.count(labels, 2));
        assertThat(m.labelVoxels(Label.INFECTION)).isEqualTo(Overlap.count(labels, 3));
        assertThat(m.rightInfectionPercent()).isCloseTo(100.0 * infection / rightBall, within(1e-9));
        assertThat(m.infectionPercent()).isCloseTo(100.0 * infection / (leftBall + leftPiece + rightBall), within(1e-9));
        assertThat(m.rightLungMl()).isCloseTo(rightBall / 1000.0, within(1e-9));
        assertThat(m.leftCentroidMm()[0]).isLessThan(m.rightCentroidMm()[0]);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void infectionInAFilledHoleIsKeptAsInfection() {
        Field f = new Field();
        f.ball(0, 9, 16, 16, 6, 0.9f);
        f.ball(0, 9, 16, 16, 2, 0.1f); // consolidation the lung channel missed
        f.ball(2, 9, 16, 16, 2, 0.9f);
        f.ball(1, 23, 16, 16, 6, 0.9f);
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), air(RAS));
        assertThat(r.labels().get(9, 16, 16)).isEqualTo(3);
        assertThat(r.measurements().leftInfectedVoxels()).isPositive();
    }

    /** Uncertain lung probabilities follow the scan (air is lung); certain ones and infected voxels follow the network. */
    @Test
    void theScanDecidesUncertainLungVoxels() {
        Field f = new Field();
        f.ball(0, 9, 16, 16, 7, 0.6f); // above the threshold, but uncertain
        int airy = f.ball(0, 9, 16, 16, 5.5, 0.35f); // below the threshold, but uncertain
        f.ball(0, 9, 16, 16, 3, 0.95f); // certain
        f.set(2, 9, 16, 22, 0.9f); // infected, in the uncertain tissue shell
        f.ball(1, 23, 16, 16, 6, 0.9f);
        float[] hu = new float[(int) RAS.voxelCount()];
        for (int z = 0; z < N; z++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    boolean leftAir = (x - 9) * (x - 9) + (y - 16) * (y - 16) + (z - 16) * (z - 16) <= 5.5 * 5.5;
                    hu[x + N * (y + N * z)] = (leftAir || x >= 18) && !onFace(RAS, x, y, z) ? -900 : 40;
                }
            }
        }
        Volume scan = new Volume(RAS, hu);
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET),
                AirMap.of(scan, IntensityMapping.detect(scan, CARD), CARD));
        assertThat(r.labels().get(9, 16, 21)).as("air at 0.35").isEqualTo(1);
        assertThat(r.labels().get(9, 16, 23)).as("tissue at 0.6").isZero();
        assertThat(r.labels().get(9, 16, 22)).as("infected tissue at 0.6 stays lung (its speck of infection is dropped)")
                .isEqualTo(1);
        assertThat(r.measurements().leftVoxels()).isEqualTo(airy + 1);
        assertThat(r.labels().get(17, 16, 16)).as("tissue at 0.9: certain").isEqualTo(2);

        Postprocessor.Result plain = PLAIN.apply(f.p, CARD, NetworkSpace.whole(RAS, NET),
                AirMap.of(scan, IntensityMapping.detect(scan, CARD), CARD));
        assertThat(plain.labels().get(9, 16, 23)).as("an empty band: the threshold alone").isEqualTo(1);
    }

    @Test
    void aModelAnswerWithTheSidesSwappedIsReported() {
        Field f = new Field();
        f.ball(0, 23, 16, 16, 6, 0.9f); // "left" at the patient's right
        f.ball(1, 9, 16, 16, 6, 0.9f);
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), air(RAS));
        assertThat(r.warnings()).singleElement().asString().contains("left and right look swapped");
    }

    @Test
    void noLungAtAllGivesAnEmptyMapAndSaysSo() {
        Postprocessor.Result r = POST.apply(new Field().p, CARD, NetworkSpace.whole(RAS, NET), air(RAS));
        assertThat(r.labels().histogram()[0]).isEqualTo(RAS.voxelCount());
        assertThat(r.warnings()).singleElement().asString().contains("no lung was found");
        assertThat(r.measurements().infectionPercent()).isZero();
    }

    @Test
    void probabilitiesAreResampledOntoAFinerGridInAnotherStorageOrder() {
        Field f = new Field();
        f.ball(0, 9, 16, 16, 6, 0.9f);
        f.ball(1, 23, 16, 16, 6, 0.9f);
        double coarseLeftMl = PLAIN.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), air(RAS)).measurements().leftLungMl();
        // Same world box at half the spacing, stored LPS (x and y flipped), then permuted to PSL.
        Grid fineRas = new Grid(2 * N, 2 * N, 2 * N, Affine.ofSpacing(0.5, 0.5, 0.5, -16.25, -16.25, -16.25));
        for (String code : new String[] {"LPS", "PSL"}) {
            Grid fine = Storage.gridFor(fineRas, code);
            Postprocessor.Result r = PLAIN.apply(f.p, CARD, NetworkSpace.whole(fine, NET), air(fine));
            assertThat(r.labels().grid()).isSameAs(fine);
            LungMeasurements m = r.measurements();
            assertThat(m.leftLungMl()).as(code).isCloseTo(coarseLeftMl, within(0.08 * coarseLeftMl));
            assertThat(m.leftCentroidMm()[0]).as(code).isCloseTo(9 - 16, within(0.3));
            assertThat(m.rightCentroidMm()[0]).as(code).isCloseTo(23 - 16, within(0.3));
            assertThat(Overlap.centroid(r.labels(), 1)[0]).isCloseTo(m.leftCentroidMm()[0], within(1e-6));
            assertThat(r.warnings()).isEmpty();
        }
    }

    @Test
    void bothLungChannelsAboveThresholdGoToTheLikelierSide() {
        Field f = new Field();
        f.ball(0, 12, 16, 16, 4, 0.9f); // two lungs meeting along a line
        f.ball(1, 20, 16, 16, 4, 0.9f);
        for (int x = 14; x <= 18; x++) {
            f.set(0, x, 16, 16, 0.6f + (x < 16 ? 0.3f : 0f));
            f.set(1, x, 16, 16, 0.7f);
        }
        LabelMap labels = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), air(RAS)).labels();
        assertThat(labels.get(15, 16, 16)).isEqualTo(1);
        assertThat(labels.get(17, 16, 16)).isEqualTo(2);
        assertThat(f.get(0, 17, 16, 16)).isLessThan(f.get(1, 17, 16, 16));
    }

    @Test
    void aLungThatHoldsNoAirIsDroppedAndSaysWhy() {
        Field f = new Field();
        f.ball(0, 9, 16, 16, 6, 0.9f);
        f.ball(1, 23, 16, 16, 8, 0.35f); // an uncertain shell over air, which the boundary band makes lung
        f.ball(1, 23, 16, 16, 6, 0.9f);
        f.ball(2, 23, 16, 16, 2, 0.9f);
        // Lung parenchyma (-850 HU) at the patient's left, muscle (40 HU) where the "right lung" is,
        // in a ring of gas (as bowel): the shell outnumbers the muscle, yet the network's own voxels hold no air.
        float[] hu = new float[(int) RAS.voxelCount()];
        for (int i = 0; i < hu.length; i++) {
            int x = i % N;
            int y = (i / N) % N;
            int z = i / (N * N);
            boolean core = (x - 23) * (x - 23) + (y - 16) * (y - 16) + (z - 16) * (z - 16) <= 36;
            hu[i] = (x < 16 || (x >= 16 && !core)) && !onFace(RAS, x, y, z) ? -850 : 40;
        }
        Volume scan = new Volume(RAS, hu);
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET),
                AirMap.of(scan, IntensityMapping.detect(scan, CARD), CARD));
        assertThat(r.labels().get(9, 16, 16)).isEqualTo(1);
        assertThat(r.measurements().rightVoxels()).as("right lung and its infection dropped").isZero();
        assertThat(Overlap.count(r.labels(), 3)).isZero();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("right lung", "dropped", "0%", "-500 HU"));
    }

    @Test
    void aScanStoredAsWindowedBytesReadsAirTheSameWay() {
        float[] bytes = new float[(int) RAS.voxelCount()];
        java.util.Arrays.fill(bytes, 10f); // 10/255 of [-1250, 250]: -1191 HU
        bytes[5] = 200f; // 2 HU
        Volume scan = new Volume(RAS, bytes);
        AirMap air = AirMap.of(scan, IntensityMapping.detect(scan, CARD), CARD);
        assertThat(air.isAir(0)).isTrue();
        assertThat(air.isAir(5)).isFalse();
    }

    @Test
    void aLungLabelledInTwoPartsIsMergedButLungsMeetingAtALineAreNot() {
        Field f = new Field();
        f.box(1, 8, 8, 8, 14, 0.9f); // one lung, 14^3 voxels
        for (int z = 22; z < 24; z++) { // its cap, 14 x 14 x 2, labelled "left": touching over a whole face
            for (int y = 8; y < 22; y++) {
                for (int x = 8; x < 22; x++) {
                    f.set(0, x, y, z, 0.9f);
                }
            }
        }
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), air(RAS));
        assertThat(r.measurements().leftVoxels()).isZero();
        assertThat(r.measurements().rightVoxels()).isEqualTo(14 * 14 * 16);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("left lung", "merged into it"));

        Field sideBySide = new Field(); // touching over a whole face, but 56 mm apart from left to right
        sideBySide.box(0, 2, 8, 8, 14, 0.9f);
        sideBySide.box(1, 16, 8, 8, 14, 0.9f);
        Grid coarse = new Grid(N, N, N, Affine.ofSpacing(4, 4, 4, -64, -64, -64));
        Postprocessor.Result both = POST.apply(sideBySide.p, CARD, NetworkSpace.whole(coarse, NET), air(coarse));
        assertThat(both.measurements().leftVoxels()).isEqualTo(14 * 14 * 14);
        assertThat(both.measurements().rightVoxels()).isEqualTo(14 * 14 * 14);

        Field apart = new Field();
        apart.ball(0, 9, 16, 16, 6, 0.9f);
        apart.ball(1, 22, 16, 16, 6, 0.9f); // the balls touch along one line of voxels
        Postprocessor.Result two = POST.apply(apart.p, CARD, NetworkSpace.whole(RAS, NET), air(RAS));
        assertThat(two.measurements().leftVoxels()).isPositive();
        assertThat(two.warnings()).isEmpty();
    }

    @Test
    void twoLungsDroppedGiveOneNoLungWarning() {
        Field f = new Field();
        f.ball(0, 9, 16, 16, 6, 0.9f);
        f.ball(1, 23, 16, 16, 6, 0.9f);
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), scanOf(RAS, (x, y, z) -> 40f));
        assertThat(r.labels().histogram()[0]).isEqualTo(RAS.voxelCount());
        assertThat(r.warnings()).containsExactly(
                "the left lung the model found was dropped: only 0% of its voxels are below -500 HU, and a lung,"
                        + " even a severely infected one, is mostly air",
                "the right lung the model found was dropped: only 0% of its voxels are below -500 HU, and a lung,"
                        + " even a severely infected one, is mostly air",
                "no lung was found");
    }

    @Test
    void aMergeIntoALungThatIsThenDroppedIsNotReported() {
        Field f = new Field();
        f.box(1, 8, 8, 8, 14, 0.9f);
        f.box(0, 8, 8, 22, 14, 0.9f); // a broad cap labelled "left" on top of it: merged into the right lung
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), scanOf(RAS, (x, y, z) -> 40f));
        assertThat(r.warnings()).containsExactly(
                "the right lung the model found was dropped: only 0% of its voxels are below -500 HU, and a lung,"
                        + " even a severely infected one, is mostly air",
                "no lung was found");
    }

    @Test
    void aLungInTheAirBesideTheBodyIsDroppedAndSaysWhy() {
        Field f = new Field();
        f.ball(0, 9, 16, 16, 6, 0.9f);
        f.ball(1, 23, 16, 16, 6, 0.9f);
        // The body fills the right half only (a wall of tissue around air); the left half is the room's air.
        AirMap air = scanOf(RAS, (x, y, z) -> x < 16 ? -1000f
                : x == 16 || onFace(RAS, x, y, z) ? 40f : -1000f);
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET), air);
        assertThat(r.measurements().leftVoxels()).isZero();
        assertThat(r.labels().get(23, 16, 16)).isEqualTo(2);
        assertThat(r.warnings()).containsExactly(
                "the left lung the model found was dropped: 100% of its air lies around the body, not inside it,"
                        + " and a lung lies inside the chest wall",
                "no left lung was found");
    }

    @Test
    void aScanWithoutABodyHasNoLungWhateverTheNetworkSays() {
        Field f = new Field();
        f.ball(0, 9, 16, 16, 6, 0.9f);
        f.ball(1, 23, 16, 16, 6, 0.9f);
        Postprocessor.Result r = POST.apply(f.p, CARD, NetworkSpace.whole(RAS, NET),
                scanOf(RAS, (x, y, z) -> -1000f));
        assertThat(r.labels().histogram()[0]).isEqualTo(RAS.voxelCount());
        assertThat(r.warnings()).containsExactly(
                "no lung was found: there is no body in the scan (0.0% of its voxels are above -500 HU)");
    }

    private interface Hounsfield {
        float at(int x, int y, int z);
    }

    private static AirMap scanOf(Grid grid, Hounsfield hu) {
        float[] v = new float[(int) grid.voxelCount()];
        for (int z = 0; z < grid.nz(); z++) {
            for (int y = 0; y < grid.ny(); y++) {
                for (int x = 0; x < grid.nx(); x++) {
                    v[grid.index(x, y, z)] = hu.at(x, y, z);
                }
            }
        }
        Volume scan = new Volume(grid, v);
        return AirMap.of(scan, IntensityMapping.detect(scan, CARD), CARD);
    }

    /**
     * A scan of air inside a one-voxel wall of soft tissue on {@code grid}'s faces: a body around
     * it, and every lung inside passes the air check.
     */
    private static AirMap air(Grid grid) {
        return scanOf(grid, (x, y, z) -> onFace(grid, x, y, z) ? 40f : -1000f);
    }

    private static boolean onFace(Grid g, int x, int y, int z) {
        return x == 0 || y == 0 || z == 0 || x == g.nx() - 1 || y == g.ny() - 1 || z == g.nz() - 1;
    }
}
