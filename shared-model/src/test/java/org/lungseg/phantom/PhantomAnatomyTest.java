package org.lungseg.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntPredicate;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** The anatomy of healthy and infected phantoms, checked statistically against what a chest CT must show. */
class PhantomAnatomyTest {

    private static List<Phantom> healthy;
    private static List<Phantom> infected;
    private static List<Phantom> severe;

    @BeforeAll
    static void generate() {
        healthy = List.of(11L, 12L, 13L).stream()
                .map(seed -> PhantomGenerator.generate(spec(seed, Severity.NONE))).toList();
        infected = List.of(21L, 22L).stream()
                .map(seed -> PhantomGenerator.generate(spec(seed, Severity.MODERATE))).toList();
        severe = List.of(23L, 24L).stream()
                .map(seed -> PhantomGenerator.generate(spec(seed, Severity.SEVERE))).toList();
    }

    static PhantomSpec spec(long seed, Severity severity) {
        return PhantomSpec.of(seed).withSize(128, 128, 80).withSeverity(severity);
    }

    /**
     * The lung HU distribution against cip-ct64's: median, 10th and 90th percentiles. Measured
     * (docs/phantoms.md): cip-ct64 -961 / -919 / -715; healthy phantoms' 10th percentile lies 10
     * to 40 HU above the real one (less air-dark lung), their 90th 25 to 120 HU below it (fewer
     * dense vessels and less dependent density than the real 4 mm voxels hold). The tolerances
     * leave room for that and still fail a shifted or stretched parenchyma.
     */
    @Test
    void lungHuDistributionIsCloseToTheRealCipCt64Lungs() {
        Volume ct = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        LabelMap lungs = NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
        IntPredicate realLung = i -> lungs.labels()[i] == 1 || lungs.labels()[i] == 2;
        double real10 = VoxelStats.percentile(ct.voxels(), realLung, 10);
        double real = VoxelStats.median(ct.voxels(), realLung);
        double real90 = VoxelStats.percentile(ct.voxels(), realLung, 90);
        assertThat(real).isBetween(-1000.0, -700.0);
        for (Phantom p : healthy) {
            IntPredicate lung = i -> p.lungs().labels()[i] != 0;
            float[] hu = p.ct().voxels();
            long seed = p.spec().seed();
            assertThat(VoxelStats.median(hu, lung)).as("lung median HU of seed %d against cip-ct64's %.0f", seed, real)
                    .isCloseTo(real, Offset.offset(50.0));
            assertThat(VoxelStats.percentile(hu, lung, 10)).as("lung 10th percentile of seed %d against %.0f", seed, real10)
                    .isCloseTo(real10, Offset.offset(50.0));
            assertThat(VoxelStats.percentile(hu, lung, 90)).as("lung 90th percentile of seed %d against %.0f", seed, real90)
                    .isCloseTo(real90, Offset.offset(100.0));
        }
    }

    /** Supine patients: the dependent (posterior) lung is denser. Measured 20 to 40 HU between the thirds. */
    @Test
    void posteriorLungIsDenserThanAnteriorLung() {
        for (Phantom p : healthy) {
            Grid g = p.lungs().grid();
            byte[] lungs = p.lungs().labels();
            // These phantoms are stored RAS, so the array's second axis runs from back to front.
            int[] rows = VoxelStats.rowRange(p.lungs());
            double third = (rows[1] - rows[0] + 1) / 3.0;
            IntPredicate posterior = i -> lungs[i] != 0 && VoxelStats.row(g, i) < rows[0] + third;
            IntPredicate anterior = i -> lungs[i] != 0 && VoxelStats.row(g, i) >= rows[1] + 1 - third;
            double back = VoxelStats.median(p.ct().voxels(), posterior);
            double front = VoxelStats.median(p.ct().voxels(), anterior);
            assertThat(back - front).as("posterior minus anterior third median HU, seed %d", p.spec().seed())
                    .isGreaterThanOrEqualTo(15.0);
        }
    }

    /** Noise in the air around the patient, and edges that spread over neighbouring voxels. */
    @Test
    void theScannerAddsNoiseAndBlur() {
        for (Phantom p : healthy) {
            float[] hu = p.ct().voxels();
            // The reconstruction circle's padding is a constant, not a measurement.
            IntPredicate air = i -> p.tissue(i) == Tissue.OUTSIDE_AIR && hu[i] != ScannerModel.PADDING_HU;
            assertThat(VoxelStats.standardDeviation(hu, air)).as("SD of outside air, seed %d", p.spec().seed())
                    .isGreaterThan(5.0);
            // Without blur the air voxel beside the skin would read -1000 on average like all air.
            Grid g = p.ct().grid();
            int plane = g.nx() * g.ny();
            IntPredicate besideSkin = i -> air.test(i) && (skin(p, i - 1) || skin(p, i + 1) || skin(p, i - plane)
                    || skin(p, i + plane));
            double far = VoxelStats.mean(hu, air);
            assertThat(VoxelStats.mean(hu, besideSkin)).as("mean HU of air beside the skin, seed %d (all air %.1f)",
                    p.spec().seed(), far).isGreaterThan(far + 15);
        }
    }

    private static boolean skin(Phantom p, int index) {
        return index >= 0 && index < p.tissues().length && p.tissue(index) == Tissue.SKIN;
    }

    /**
     * Cortical bone HU is drawn per patient (ribs 650 to 1100 before blur); in the densest patients
     * more than 1 % of the bone passes 1000 HU. A percentile, not the single densest voxel, which
     * noise alone can lift. Measured 99th percentiles of bone, seeds 1 to 4: 1025, 896, 937, 673.
     */
    @Test
    void corticalBoneReachesOver1000HuInSomePatients() {
        double densest = Double.NEGATIVE_INFINITY;
        for (long seed = 1; seed <= 4; seed++) {
            Phantom p = PhantomGenerator.generate(spec(seed, Severity.NONE));
            densest = Math.max(densest, VoxelStats.percentile(p.ct().voxels(), i -> p.tissue(i) == Tissue.BONE, 99));
        }
        assertThat(densest).as("highest 99th percentile of bone HU over seeds 1 to 4").isGreaterThan(1000.0);
    }

    /**
     * The cardiac notch: at heart level (within 15 mm of the heart's centre in z) the heart
     * displaces the left lung backwards, so a smaller share of the left lung lies in front of the
     * heart's centre than of the right. Measured over seeds 1 to 13: left share 0.42 to 0.70 times
     * the right's.
     */
    @Test
    void theHeartNotchesTheLeftLungInFront() {
        for (Phantom p : healthy) {
            LabelMap tissues = new LabelMap(p.ct().grid(), p.tissues());
            double[] heart = VoxelStats.worldCentroid(tissues, Tissue.BLOOD.code());
            Grid g = p.lungs().grid();
            long[] inFront = new long[3];
            long[] atHeartLevel = new long[3];
            for (int k = 0; k < g.nz(); k++) {
                for (int j = 0; j < g.ny(); j++) {
                    for (int i = 0; i < g.nx(); i++) {
                        int side = p.lungs().get(i, j, k);
                        double[] w = g.affine().apply(i, j, k);
                        if (side != 0 && Math.abs(w[2] - heart[2]) <= 15) {
                            atHeartLevel[side]++;
                            inFront[side] += w[1] > heart[1] ? 1 : 0;
                        }
                    }
                }
            }
            double left = (double) inFront[1] / atHeartLevel[1];
            double right = (double) inFront[2] / atHeartLevel[2];
            assertThat(left).as("share of the left lung in front of the heart, seed %d (right %.2f)", p.spec().seed(), right)
                    .isLessThan(0.8 * right);
        }
    }

    @Test
    void eachLungIsOneConnectedPiece() {
        for (Phantom p : concat()) {
            assertThat(VoxelStats.pieces(p.lungs(), 1)).as("left lung pieces, seed %d", p.spec().seed()).isEqualTo(1);
            assertThat(VoxelStats.pieces(p.lungs(), 2)).as("right lung pieces, seed %d", p.spec().seed()).isEqualTo(1);
        }
    }

    /**
     * Adult volumes over many patients. Lungs are labelled at voxel centres of analytic shapes, so
     * coarse 64x64x80 grids give nearly the volumes of fine ones (seeds 1 to 40: left 1.50 to
     * 2.87 L, right 1.68 to 3.23 L; at 128x128x80 1.51 to 2.93 and 1.65 to 3.20 L).
     */
    @Test
    void lungsHaveAdultVolumesAndTheRightLungIsLarger() {
        for (long seed = 1; seed <= 40; seed++) {
            Phantom p = PhantomGenerator.generate(PhantomSpec.of(seed).withSize(64, 64, 80).withSeverity(Severity.NONE));
            double left = p.lungVolumeMl(Label.LEFT_LUNG);
            double right = p.lungVolumeMl(Label.RIGHT_LUNG);
            assertThat(left).as("left lung mL, seed %d", seed).isBetween(1000.0, 4000.0);
            assertThat(right).as("right lung mL, seed %d", seed).isBetween(1000.0, 4000.0);
            assertThat(right).as("right lung is larger than left, seed %d", seed).isGreaterThan(left);
        }
    }

    @Test
    void tracheaAndMainBronchiAreAirOutsideTheLungLabels() {
        for (Phantom p : concat()) {
            byte[] labels = p.labels().labels();
            byte[] lungs = p.lungs().labels();
            long airway = VoxelStats.count(labels.length, i -> p.tissue(i) == Tissue.AIRWAY);
            assertThat(airway).as("airway voxels").isGreaterThan(50);
            assertThat(VoxelStats.count(labels.length, i -> p.tissue(i) == Tissue.AIRWAY && (labels[i] != 0 || lungs[i] != 0)))
                    .as("airway voxels labelled lung").isZero();
            assertThat(VoxelStats.median(p.ct().voxels(), i -> p.tissue(i) == Tissue.AIRWAY))
                    .as("airway lumen HU").isLessThan(-700);
        }
    }

    @Test
    void infectionLiesInsideTheLungsAndIsDenserThanHealthyLung() {
        for (Phantom p : infected) {
            byte[] labels = p.labels().labels();
            byte[] lungs = p.lungs().labels();
            assertThat(p.infectedFraction()).isGreaterThan(0);
            assertThat(VoxelStats.count(labels.length, i -> labels[i] == 3 && lungs[i] == 0))
                    .as("infected voxels outside the lungs").isZero();
            assertThat(VoxelStats.count(labels.length, i -> lungs[i] != 0 && labels[i] != lungs[i] && labels[i] != 3))
                    .as("lung voxels labelled neither their lung nor infection").isZero();
            assertThat(VoxelStats.count(labels.length, i -> lungs[i] == 0 && labels[i] != 0))
                    .as("labels outside the lungs").isZero();
            double lesion = VoxelStats.median(p.ct().voxels(), i -> labels[i] == 3);
            double lung = VoxelStats.median(p.ct().voxels(), i -> labels[i] == 1 || labels[i] == 2);
            assertThat(lesion).as("infection median HU").isGreaterThan(lung + 200);
        }
    }

    /**
     * Lesion HU read through the tissue map, after blur and noise. Ground glass is drawn at -700 to
     * -350 HU with hazy margins that blend into lung; consolidated cores at -100 to +40 HU, blurred
     * towards the ground glass around them. Measured over seeds 21 to 26, moderate and severe:
     * ground-glass medians -631 to -480 HU, consolidation medians -96 to -5 HU, and 9,800 to 38,500
     * consolidated voxels in each severe case.
     */
    @Test
    void groundGlassAndConsolidationHaveTheirHounsfieldUnits() {
        for (Phantom p : java.util.stream.Stream.concat(infected.stream(), severe.stream()).toList()) {
            float[] hu = p.ct().voxels();
            long seed = p.spec().seed();
            assertThat(VoxelStats.median(hu, i -> p.tissue(i) == Tissue.GROUND_GLASS))
                    .as("ground-glass median HU, seed %d %s", seed, p.spec().severity()).isBetween(-700.0, -300.0);
            assertThat(VoxelStats.median(hu, i -> p.tissue(i) == Tissue.CONSOLIDATION))
                    .as("consolidation median HU, seed %d %s", seed, p.spec().severity()).isBetween(-130.0, 50.0);
        }
        for (Phantom p : severe) {
            assertThat(VoxelStats.count(p.tissues().length, i -> p.tissue(i) == Tissue.CONSOLIDATION))
                    .as("consolidated voxels in severe seed %d", p.spec().seed()).isGreaterThan(1000);
        }
    }

    /**
     * Vessels branch from the hila and thin out towards the periphery, where they fall below half a
     * voxel and stop counting as vessel tissue. The hilum is stood in for by the lateral end of the
     * main bronchus (the airway voxel farthest from the midline on that side), which the generator
     * puts about 20 mm from it. Measured over seeds 1 to 13, per lung: 1,000 to 2,100 vessel
     * voxels; vessel share of the lung within 40 mm of that point 0.036 to 0.067, in the outer
     * third of the distance from it 0 to 0.021, at least 2.3 times less.
     */
    @Test
    void vesselsFillBothLungsDenserNearTheHilumThanInTheOuterThird() {
        for (Phantom p : healthy) {
            for (Label side : List.of(Label.LEFT_LUNG, Label.RIGHT_LUNG)) {
                long seed = p.spec().seed();
                long vessels = VoxelStats.count(p.tissues().length,
                        i -> p.lungs().labels()[i] == side.value() && p.tissue(i) == Tissue.VESSEL);
                assertThat(vessels).as("vessel voxels in the %s, seed %d", side, seed).isGreaterThan(500);
                double[] shares = vesselShareNearHilumAndOuterThird(p, side.value());
                assertThat(shares[0]).as("vessel share near the hilum of the %s, seed %d (outer third %.4f)",
                        side, seed, shares[1]).isGreaterThan(1.5 * shares[1]);
            }
        }
    }

    /** Vessel share of one lung within 40 mm of its main bronchus's lateral end, and in the outer third of the distance. */
    private static double[] vesselShareNearHilumAndOuterThird(Phantom p, int side) {
        Grid g = p.ct().grid();
        double[] hilum = null;
        double farthest = 0;
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    double[] w = g.affine().apply(i, j, k);
                    boolean onSide = side == Label.RIGHT_LUNG.value() ? w[0] >= 0 : w[0] < 0;
                    boolean airway = onSide && p.tissue(g.index(i, j, k)) == Tissue.AIRWAY;
                    if (airway && (hilum == null || Math.abs(w[0]) > Math.abs(hilum[0]))) {
                        hilum = w;
                    }
                }
            }
        }
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    if (p.lungs().get(i, j, k) == side) {
                        farthest = Math.max(farthest, distance(g.affine().apply(i, j, k), hilum));
                    }
                }
            }
        }
        long[] lung = new long[2];
        long[] vessel = new long[2];
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    if (p.lungs().get(i, j, k) != side) {
                        continue;
                    }
                    double d = distance(g.affine().apply(i, j, k), hilum);
                    int zone = d < 40 ? 0 : d > farthest * 2 / 3 ? 1 : -1;
                    if (zone >= 0) {
                        lung[zone]++;
                        vessel[zone] += p.tissue(g.index(i, j, k)) == Tissue.VESSEL ? 1 : 0;
                    }
                }
            }
        }
        return new double[] {(double) vessel[0] / lung[0], (double) vessel[1] / lung[1]};
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    /**
     * Under the lungs: the liver beneath the right lung, and the right diaphragm dome (drawn 10 to
     * 25 mm higher) above the left. Each dome's height is read as the top of the abdominal organs
     * under it (liver, stomach, gas and spleen on that side of the midline), which the generator
     * puts 4 mm below the dome. Measured over seeds 1 to 13 (4 to 4.8 mm slices): right dome 9 to
     * 25 mm above the left; liver top 55 to 82 mm above the lowest lung voxel (the recess) and over
     * 170 mm below the apex; liver centroid 41 to 54 mm right of the midline, inside the right
     * lung's x range.
     */
    @Test
    void theLiverLiesUnderTheRightLungWhoseDomeIsHigher() {
        for (Phantom p : healthy) {
            Grid g = p.ct().grid();
            byte[] lungs = p.lungs().labels();
            double[] rightX = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            double[] rightZ = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            double liverTop = Double.NEGATIVE_INFINITY;
            double[] organTop = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}; // left, right of the midline
            for (int k = 0; k < g.nz(); k++) {
                for (int j = 0; j < g.ny(); j++) {
                    for (int i = 0; i < g.nx(); i++) {
                        int idx = g.index(i, j, k);
                        double[] w = g.affine().apply(i, j, k);
                        if (lungs[idx] == Label.RIGHT_LUNG.value()) {
                            rightX[0] = Math.min(rightX[0], w[0]);
                            rightX[1] = Math.max(rightX[1], w[0]);
                            rightZ[0] = Math.min(rightZ[0], w[2]);
                            rightZ[1] = Math.max(rightZ[1], w[2]);
                        }
                        Tissue t = p.tissue(idx);
                        if (t == Tissue.LIVER) {
                            liverTop = Math.max(liverTop, w[2]);
                        }
                        if (t == Tissue.LIVER || t == Tissue.STOMACH || t == Tissue.GAS || t == Tissue.SPLEEN) {
                            int side = w[0] >= 0 ? 1 : 0;
                            organTop[side] = Math.max(organTop[side], w[2]);
                        }
                    }
                }
            }
            long seed = p.spec().seed();
            double[] liver = VoxelStats.worldCentroid(new LabelMap(g, p.tissues()), Tissue.LIVER.code());
            assertThat(liver[0]).as("liver centroid x, seed %d, right lung x %.0f to %.0f", seed, rightX[0], rightX[1])
                    .isBetween(rightX[0], rightX[1]);
            assertThat(liverTop).as("liver top z, seed %d, right lung z %.0f to %.0f", seed, rightZ[0], rightZ[1])
                    .isLessThan(rightZ[1] - 100).isGreaterThan(rightZ[0]);
            assertThat(organTop[1]).as("right dome (organ top z), seed %d, left %.0f", seed, organTop[0])
                    .isGreaterThan(organTop[0]);
        }
    }

    /**
     * Lesions favour peripheral (away from the mediastinum), posterior and lower lung; checked on
     * the average of seeds 31 to 34 (moderate). Measured case by case over seeds 21 to 34: infected
     * voxels lie on average 3 to 21 mm farther from the midline than lung voxels in 13 of 14
     * cases; their mean distance from their lung's centroid is not larger, because the recesses
     * and the back pull them towards it, so that is not claimed.
     */
    @Test
    void infectionPrefersPeripheralPosteriorAndLowerLung() {
        double[] lungSum = new double[3];
        double[] lesionSum = new double[3];
        double lungLateral = 0;
        double lesionLateral = 0;
        for (long seed = 31; seed < 35; seed++) {
            Phantom p = PhantomGenerator.generate(spec(seed, Severity.MODERATE));
            double[] lung = centroid(p.lungs(), new int[] {1, 2});
            double[] lesion = VoxelStats.worldCentroid(p.labels(), 3);
            for (int a = 0; a < 3; a++) {
                lungSum[a] += lung[a];
                lesionSum[a] += lesion[a];
            }
            double midline = (VoxelStats.worldCentroid(p.lungs(), 1)[0] + VoxelStats.worldCentroid(p.lungs(), 2)[0]) / 2;
            lungLateral += VoxelStats.meanDistanceX(p.lungs(), v -> v != 0, midline);
            lesionLateral += VoxelStats.meanDistanceX(p.labels(), v -> v == 3, midline);
        }
        assertThat(lesionSum[1]).as("infection lies behind the lungs' centre (RAS y)").isLessThan(lungSum[1]);
        assertThat(lesionSum[2]).as("infection lies below the lungs' centre (RAS z)").isLessThan(lungSum[2]);
        assertThat(lesionLateral / 4).as("infection's mean distance from the midline, mm (lung's %.1f)", lungLateral / 4)
                .isGreaterThan(lungLateral / 4 + 3);
    }

    @Test
    void tissuesHaveTheirUsualHounsfieldUnits() {
        Phantom p = healthy.get(0);
        float[] hu = p.ct().voxels();
        assertThat(VoxelStats.median(hu, i -> p.tissue(i) == Tissue.FAT)).isBetween(-140.0, -60.0);
        assertThat(VoxelStats.median(hu, i -> p.tissue(i) == Tissue.MUSCLE)).isBetween(20.0, 70.0);
        assertThat(VoxelStats.median(hu, i -> p.tissue(i) == Tissue.LIVER)).isBetween(40.0, 130.0);
        assertThat(VoxelStats.percentile(hu, i -> p.tissue(i) == Tissue.BONE, 90)).isGreaterThan(400.0);
        assertThat(VoxelStats.median(hu, i -> p.tissue(i) == Tissue.OUTSIDE_AIR)).isLessThan(-950.0);
    }

    private static double[] centroid(LabelMap map, int[] values) {
        double[] sum = new double[3];
        long total = 0;
        for (int v : values) {
            long n = map.histogram()[v];
            double[] c = VoxelStats.worldCentroid(map, v);
            for (int a = 0; a < 3; a++) {
                sum[a] += c[a] * n;
            }
            total += n;
        }
        return new double[] {sum[0] / total, sum[1] / total, sum[2] / total};
    }

    private static List<Phantom> concat() {
        return java.util.stream.Stream.concat(healthy.stream(), infected.stream()).toList();
    }
}
