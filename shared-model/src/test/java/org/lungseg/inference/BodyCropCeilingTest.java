package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lungseg.inference.ModelCard.Crop;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.metrics.ClassScore;
import org.lungseg.metrics.LabelMapEvaluation;
import org.lungseg.phantom.Phantom;
import org.lungseg.phantom.PhantomGenerator;
import org.lungseg.phantom.PhantomSpec;

/**
 * What the body crop buys, measured without training: the Dice a perfect network would reach
 * through the real pre- and postprocessing. The truth is sampled onto the network grid as the
 * trainer samples its targets, handed to the postprocessor as probabilities of 0 and 1, and the
 * answer on the scan's grid is scored against the truth. Whatever the grid cannot hold is lost in
 * both; the crop spends the grid on the body instead of the table and the air around it.
 */
class BodyCropCeilingTest {

    private static final GridSize GRID = new GridSize(64, 64, 64);

    @Test
    void theCropRaisesTheCeilingOnFullFieldOfViewChests() {
        for (long seed = 1; seed <= 4; seed++) {
            Phantom p = PhantomGenerator.generate(PhantomSpec.of(seed).withSize(256, 256, 128));
            List<ClassScore> whole = ceiling(p, Crop.NONE);
            List<ClassScore> body = ceiling(p, Crop.BODY);
            System.out.printf(Locale.ROOT, "phantom seed %d, %s grid: whole scan %s; body crop %s%n", seed, GRID,
                    describe(whole), describe(body));
            for (int c = 0; c < 2; c++) {
                assertThat(body.get(c).dice()).as("%s, seed %d", body.get(c).name(), seed)
                        .isGreaterThan(whole.get(c).dice());
            }
        }
    }

    private static List<ClassScore> ceiling(Phantom p, Crop crop) {
        ModelCard card = ModelCard.standard(GRID, crop, Map.of());
        IntensityMapping intensity = IntensityMapping.detect(p.ct(), card);
        NetworkSpace space = new Preprocessor(card).space(p.ct(), intensity);
        byte[] lungs = LabelResampler.resample(p.lungs(), space);
        byte[] labels = LabelResampler.resample(p.labels(), space);
        int n = lungs.length;
        float[] probabilities = new float[3 * n];
        for (int i = 0; i < n; i++) {
            probabilities[i] = lungs[i] == 1 ? 1 : 0;
            probabilities[n + i] = lungs[i] == 2 ? 1 : 0;
            probabilities[2 * n + i] = labels[i] == 3 ? 1 : 0;
        }
        Postprocessor.Result answer = new Postprocessor(Postprocessor.Options.defaults())
                .apply(probabilities, card, space, AirMap.of(p.ct(), intensity, card));
        return LabelMapEvaluation.wholeLungs(answer.labels(), p.labels());
    }

    private static String describe(List<ClassScore> scores) {
        StringBuilder s = new StringBuilder();
        for (ClassScore c : scores) {
            s.append(String.format(Locale.ROOT, "%s %.3f ", c.name(), c.dice()));
        }
        return s.toString().trim();
    }
}
