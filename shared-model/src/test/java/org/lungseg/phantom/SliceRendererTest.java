package org.lungseg.phantom;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungseg.label.Label;
import org.lungseg.volume.AxisCodes;

/** The picture helper of the docs draws radiologically: the patient's left lung on the image's right. */
class SliceRendererTest {

    @Test
    void leftLungOverlayIsOnTheRightHalfOfTheAxialImage(@TempDir Path dir) throws Exception {
        Phantom p = PhantomGenerator.generate(PhantomSpec.of(61).withSize(96, 96, 48)
                .withSeverity(Severity.NONE).withOrientation(AxisCodes.parse("LPS")));
        BufferedImage axial = new SliceRenderer(p.ct(), p.labels()).axial(0.5, 2.0, true);
        Path png = dir.resolve("axial.png");
        ImageIO.write(axial, "png", png.toFile());
        BufferedImage back = ImageIO.read(png.toFile());
        long leftOnRight = 0;
        long leftOnLeft = 0;
        for (int y = 0; y < back.getHeight(); y++) {
            for (int x = 0; x < back.getWidth(); x++) {
                if (bluish(back.getRGB(x, y))) {
                    if (x >= back.getWidth() / 2) {
                        leftOnRight++;
                    } else {
                        leftOnLeft++;
                    }
                }
            }
        }
        assertThat(Label.LEFT_LUNG.rgb() & 0xFF).as("left lung is drawn in blue").isGreaterThan(0xC0);
        assertThat(leftOnRight).isGreaterThan(100).isGreaterThan(20 * leftOnLeft);
    }

    private static boolean bluish(int rgb) {
        int r = (rgb >> 16) & 255;
        int b = rgb & 255;
        return b > r + 40;
    }
}
