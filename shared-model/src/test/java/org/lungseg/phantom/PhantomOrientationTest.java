package org.lungseg.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lungseg.volume.AxisCodes;
import org.lungseg.volume.Reorientation;

/** Phantoms stored in any orientation keep the patient's left lung on the patient's left. */
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
    void leftLungLiesAtThePatientsLeftInWorldCoordinates(String code) {
        AxisCodes codes = AxisCodes.parse(code);
        Phantom p = PhantomGenerator.generate(spec(codes));
        assertThat(p.ct().grid().orientation()).isEqualTo(codes);
        assertThat(p.labels().grid().sameGeometry(p.ct().grid(), 0)).isTrue();
        double leftX = VoxelStats.worldCentroid(p.lungs(), 1)[0];
        double rightX = VoxelStats.worldCentroid(p.lungs(), 2)[0];
        assertThat(leftX).as("RAS x of the left lung's centroid is below the right lung's").isLessThan(rightX);
        assertThat(leftX).as("left lung lies at negative x of the patient's midline").isLessThan(0.5 * (leftX + rightX));
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
