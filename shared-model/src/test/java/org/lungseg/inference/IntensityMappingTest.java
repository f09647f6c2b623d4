package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lungseg.inference.IntensityMapping.IntensityStorage;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.Volume;

class IntensityMappingTest {

    private static final ModelCard CARD = TestModels.card(new GridSize(8, 8, 8));

    /** A real scan stored the Radiopaedia way: windowed to [-1250, 250] HU, rescaled to whole numbers 0..255. */
    static Volume windowed0To255(Volume hu) {
        float[] v = new float[hu.voxels().length];
        for (int i = 0; i < v.length; i++) {
            double t = (hu.voxels()[i] + 1250) / 1500.0;
            v[i] = (float) Math.rint(255 * Math.min(1, Math.max(0, t)));
        }
        return new Volume(hu.grid(), v);
    }

    @Test
    void realCtInHounsfieldUnitsIsClippedToTheWindow() {
        Volume ct = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        IntensityMapping m = IntensityMapping.detect(ct, CARD);
        assertThat(m.storage()).isEqualTo(IntensityStorage.HOUNSFIELD);
        assertThat(m.warnings()).isEmpty();
        assertThat(m.normalize(-1250)).isZero();
        assertThat(m.normalize(-3000)).isZero();
        assertThat(m.normalize(250)).isEqualTo(1f);
        assertThat(m.normalize(1200)).isEqualTo(1f);
        assertThat(m.normalize(-500)).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void theSameScanStored0To255IsDetectedAndLandsInTheSameSpace() {
        Volume hu = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        Volume stored = windowed0To255(hu);
        IntensityMapping huMap = IntensityMapping.detect(hu, CARD);
        IntensityMapping storedMap = IntensityMapping.detect(stored, CARD);
        assertThat(storedMap.storage()).isEqualTo(IntensityStorage.WINDOWED_0_255);
        assertThat(storedMap.warnings()).singleElement().asString().contains("stored 0..255", "divided by 255");
        assertThat(huMap.warnings()).isEmpty();
        for (int i = 0; i < hu.voxels().length; i += 97) {
            assertThat(storedMap.normalize(stored.voxels()[i]))
                    .isCloseTo(huMap.normalize(hu.voxels()[i]), within(0.5f / 255 + 1e-6f));
        }
    }

    @Test
    void nonFiniteVoxelsCountAsAirAndAreReported() {
        Grid g = new Grid(4, 1, 1, Affine.identity());
        Volume v = new Volume(g, new float[] {Float.NaN, Float.POSITIVE_INFINITY, -1000, 40});
        IntensityMapping m = IntensityMapping.detect(v, CARD);
        assertThat(m.storage()).isEqualTo(IntensityStorage.HOUNSFIELD);
        assertThat(m.warnings()).singleElement().asString().contains("2 voxels are NaN or infinite");
        assertThat(m.normalize(Float.NaN)).isZero();
        assertThat(m.normalize(Float.POSITIVE_INFINITY)).isZero();
        assertThat(m.normalize(Float.NEGATIVE_INFINITY)).isZero();
    }

    @Test
    void rawCtNumbersWithoutTheirInterceptAreReadAsHuWithAWarning() {
        Grid g = new Grid(3, 1, 1, Affine.identity());
        IntensityMapping m = IntensityMapping.detect(new Volume(g, new float[] {0, 24, 1064}), CARD);
        assertThat(m.storage()).isEqualTo(IntensityStorage.HOUNSFIELD);
        assertThat(m.warnings()).singleElement().asString().contains("rescale intercept");
    }

    /** A float scan scaled to 0..1 holds no air below -500 HU: read as HU, with a warning saying why that is doubtful. */
    @Test
    void aScanNeitherInHuNor0To255IsReadAsHuWithAWarning() {
        Grid g = new Grid(3, 1, 1, Affine.identity());
        IntensityMapping m = IntensityMapping.detect(new Volume(g, new float[] {0f, 0.4f, 1f}), CARD);
        assertThat(m.storage()).isEqualTo(IntensityStorage.HOUNSFIELD);
        assertThat(m.warnings()).singleElement().asString().contains("no voxel is below -500", "neither HU nor 0..255");
    }
}
