package org.lungseg.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/** The anatomy of healthy and infected phantoms, checked statistically against what a chest CT must show. */
class PhantomAnatomyTest {

    private static List<Phantom> healthy;
    private static List<Phantom> infected;

    @BeforeAll
    static void generate() {
        healthy = List.of(11L, 12L, 13L).stream()
                .map(seed -> PhantomGenerator.generate(spec(seed, Severity.NONE))).toList();
        infected = List.of(21L, 22L).stream()
                .map(seed -> PhantomGenerator.generate(spec(seed, Severity.MODERATE))).toList();
    }

    static PhantomSpec spec(long seed, Severity severity) {
        return PhantomSpec.of(seed).withSize(128, 128, 80).withSeverity(severity);
    }

    @Test
    void lungHuMedianIsWithin50HuOfTheRealCipCt64Lungs() {
        Volume ct = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        LabelMap lungs = NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
        double real = VoxelStats.median(ct.voxels(), i -> lungs.labels()[i] == 1 || lungs.labels()[i] == 2);
        assertThat(real).isBetween(-1000.0, -700.0);
        for (Phantom p : healthy) {
            double synthetic = VoxelStats.median(p.ct().voxels(), i -> p.lungs().labels()[i] != 0);
            assertThat(synthetic).as("lung median HU of seed %d against cip-ct64's %.0f", p.spec().seed(), real)
                    .isCloseTo(real, org.assertj.core.data.Offset.offset(50.0));
        }
    }

    @Test
    void eachLungIsOneConnectedPiece() {
        for (Phantom p : concat()) {
            assertThat(VoxelStats.pieces(p.lungs(), 1)).as("left lung pieces, seed %d", p.spec().seed()).isEqualTo(1);
            assertThat(VoxelStats.pieces(p.lungs(), 2)).as("right lung pieces, seed %d", p.spec().seed()).isEqualTo(1);
        }
    }

    @Test
    void lungsHaveAdultVolumesAndTheRightLungIsLarger() {
        for (Phantom p : concat()) {
            double left = p.lungVolumeMl(Label.LEFT_LUNG);
            double right = p.lungVolumeMl(Label.RIGHT_LUNG);
            assertThat(left).as("left lung mL").isBetween(1000.0, 4000.0);
            assertThat(right).as("right lung mL").isBetween(1000.0, 4000.0);
            assertThat(right).as("right lung is larger than left").isGreaterThan(left);
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

    @Test
    void infectionPrefersPosteriorAndLowerLung() {
        double[] lungSum = new double[3];
        double[] lesionSum = new double[3];
        for (long seed = 31; seed < 35; seed++) {
            Phantom p = PhantomGenerator.generate(spec(seed, Severity.MODERATE));
            double[] lung = centroid(p.lungs(), new int[] {1, 2});
            double[] lesion = VoxelStats.worldCentroid(p.labels(), 3);
            for (int a = 0; a < 3; a++) {
                lungSum[a] += lung[a];
                lesionSum[a] += lesion[a];
            }
        }
        assertThat(lesionSum[1]).as("infection lies behind the lungs' centre (RAS y)").isLessThan(lungSum[1]);
        assertThat(lesionSum[2]).as("infection lies below the lungs' centre (RAS z)").isLessThan(lungSum[2]);
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
