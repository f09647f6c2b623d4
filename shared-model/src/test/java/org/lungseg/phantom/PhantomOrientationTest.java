package org.lungseg.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.volume.AxisCodes;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Reorientation;

/**
 * Phantoms stored in any orientation keep the patient's anatomy where it belongs: read back and
 * turned to RAS, the left lung lies left of the spine, the heart leans left, the liver sits right.
 */
class PhantomOrientationTest {

    private static final long SEED = 41;
    private static Phantom ras;

    @BeforeAll
    static void generateRas() {
        ras = PhantomGenerator.generate(spec(AxisCodes.RAS));
    }

    private static PhantomSpec spec(AxisCodes codes) {
        return PhantomSpec.of(SEED).withSize(64, 56, 40).withOrientation(codes);
    }

    /** All 48 storage orientations: every permutation of the three axes with every flip. */
    static Stream<String> everyOrientation() {
        return AxisCodes.all().stream().map(AxisCodes::toString);
    }

    @ParameterizedTest
    @MethodSource("everyOrientation")
    void readBackInRasTheAnatomyLiesOnThePatientsSides(String code) {
        AxisCodes codes = AxisCodes.parse(code);
        Phantom p = PhantomGenerator.generate(spec(codes));
        assertThat(p.ct().grid().orientation()).isEqualTo(codes);
        assertThat(p.labels().grid().sameGeometry(p.ct().grid(), 0)).isTrue();
        Reorientation toRas = Reorientation.toRas(p.ct().grid());
        LabelMap lungs = toRas.toRas(p.lungs());
        // The tissue map travels as a label map, so that it turns with the scan, not with the labels.
        LabelMap tissues = toRas.toRas(new LabelMap(p.ct().grid(), p.tissues()));
        double leftLung = VoxelStats.worldCentroid(lungs, 1)[0];
        double rightLung = VoxelStats.worldCentroid(lungs, 2)[0];
        double spine = spineX(tissues, lungs);
        double heart = VoxelStats.worldCentroid(tissues, Tissue.BLOOD.code())[0];
        double liver = VoxelStats.worldCentroid(tissues, Tissue.LIVER.code())[0];
        assertThat(leftLung).as("left lung centroid RAS x (mm) against the spine's %.1f", spine).isLessThan(spine);
        assertThat(rightLung).as("right lung centroid RAS x (mm) against the spine's %.1f", spine).isGreaterThan(spine);
        assertThat(heart).as("heart and great vessels' centroid RAS x (mm), spine at %.1f", spine).isLessThan(spine - 5);
        assertThat(liver).as("liver centroid RAS x (mm), spine at %.1f", spine).isGreaterThan(spine + 20);
    }

    /**
     * RAS x of the vertebral column: the centroid of the marrow behind the lungs' centre, on the
     * slices that hold lung (vertebral bodies and the posterior ribs, which come in pairs). It is
     * read from the tissue map alone, so a scan mirrored against its labels would move the heart
     * and the liver but not this midline.
     */
    private static double spineX(LabelMap tissues, LabelMap lungs) {
        double lungsY = (VoxelStats.worldCentroid(lungs, 1)[1] + VoxelStats.worldCentroid(lungs, 2)[1]) / 2;
        Grid g = tissues.grid();
        byte marrow = Tissue.MARROW.code();
        boolean[] lungSlice = new boolean[g.nz()];
        for (int v = 0; v < lungs.labels().length; v++) {
            if (lungs.labels()[v] != 0) {
                lungSlice[v / (g.nx() * g.ny())] = true;
            }
        }
        double sum = 0;
        long n = 0;
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny() && lungSlice[k]; j++) {
                for (int i = 0; i < g.nx(); i++) {
                    double[] w = g.affine().apply(i, j, k);
                    if (tissues.labels()[g.index(i, j, k)] == marrow && w[1] < lungsY) {
                        sum += w[0];
                        n++;
                    }
                }
            }
        }
        assertThat(n).as("marrow voxels behind the lungs").isPositive();
        return sum / n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"LPS", "PLS", "SPR", "IRA"})
    void reorientingBackToRasGivesTheRasPhantomExactly(String code) {
        Phantom p = PhantomGenerator.generate(spec(AxisCodes.parse(code)));
        Reorientation back = Reorientation.toRas(p.ct().grid());
        assertThat(back.ras().sameGeometry(ras.ct().grid(), 1e-9)).as("same RAS grid and affine").isTrue();
        assertThat(back.toRas(p.ct()).voxels()).isEqualTo(ras.ct().voxels());
        assertThat(back.toRas(p.labels()).labels()).isEqualTo(ras.labels().labels());
        assertThat(back.toRas(p.lungs()).labels()).isEqualTo(ras.lungs().labels());
    }
}
