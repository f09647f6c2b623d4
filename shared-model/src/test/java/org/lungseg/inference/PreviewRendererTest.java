package org.lungseg.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.lungseg.inference.ModelCard.GridSize;
import org.lungseg.label.Label;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.Volume;

class PreviewRendererTest {

    @Test
    void rendersThreeViewsWithLabelColoursAndALegend() throws IOException {
        Volume ct = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        SegmentationResult r;
        try (Segmenter s = Segmenter.open(TestModels.darkInsideBody(TestModels.card(new GridSize(32, 32, 32))), "m.onnx",
                Segmenter.Options.defaults())) {
            r = s.segment(ct);
        }
        byte[] png = new PreviewRenderer().render(ct, r);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        // Three panels side by side, each at most 360 px, above the legend.
        assertThat(image.getWidth()).isBetween(700, 1200);
        assertThat(image.getHeight()).isBetween(400, 700);
        int[] counts = new int[4];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                for (Label l : Label.values()) {
                    if (l != Label.BACKGROUND && rgb == l.rgb()) {
                        counts[l.value()]++;
                    }
                }
            }
        }
        // Outlines and legend swatches are drawn in the labels' own colours.
        assertThat(counts[1]).isGreaterThan(500);
        assertThat(counts[2]).isGreaterThan(500);
        assertThat(counts[3]).isGreaterThan(200);
    }

    @Test
    void theLeftLungIsDrawnOnTheImageRightAsRadiologistsExpect() throws IOException {
        Volume ct = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        SegmentationResult r;
        try (Segmenter s = Segmenter.open(TestModels.darkInsideBody(TestModels.card(new GridSize(32, 32, 32))), "m.onnx",
                Segmenter.Options.defaults())) {
            r = s.segment(Storage.reorient(ct, "RAS"));
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(new PreviewRenderer().render(
                Storage.reorient(ct, "RAS"), r)));
        // In the axial panel (the first third), left-lung colour sits right of right-lung colour.
        double[] meanX = new double[3];
        int[] n = new int[3];
        for (int y = 0; y < image.getHeight() * 2 / 3; y++) {
            for (int x = 0; x < image.getWidth() / 3; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                for (int l = 1; l <= 2; l++) {
                    if (rgb == Label.fromValue(l).rgb()) {
                        meanX[l] += x;
                        n[l]++;
                    }
                }
            }
        }
        assertThat(n[1]).isPositive();
        assertThat(n[2]).isPositive();
        assertThat(meanX[1] / n[1]).isGreaterThan(meanX[2] / n[2]);
    }
}
