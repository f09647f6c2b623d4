package org.lungseg.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Loss and validation IoU by epoch, side by side, as Hydrogen Torch charts a run. */
public final class TrainingChart {

    private static final int PANEL_W = 460;
    private static final int H = 340;
    private static final int MARGIN = 48;
    private static final Color[] CLASS_COLOURS = {new Color(0x3C78DC), new Color(0x3CB45A), new Color(0xF0502D)};

    private TrainingChart() {
    }

    public static void write(List<EpochRecord> epochs, List<String> classes, String title, Path png) throws IOException {
        BufferedImage img = new BufferedImage(2 * PANEL_W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double maxLoss = epochs.stream().mapToDouble(e -> Math.max(e.trainLoss(), e.validationLoss())).max().orElse(1);
        panel(g, 0, title + ": loss", epochs, 0, maxLoss * 1.05,
                List.of(new Series("train", Color.DARK_GRAY, EpochRecord::trainLoss),
                        new Series("validation", new Color(0xD08000), EpochRecord::validationLoss)));
        List<Series> iou = new java.util.ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            int k = c;
            iou.add(new Series(classes.get(c), CLASS_COLOURS[c % CLASS_COLOURS.length], e -> e.validationIou().get(k)));
        }
        iou.add(new Series("mean", Color.BLACK, EpochRecord::meanIou));
        panel(g, PANEL_W, "validation IoU", epochs, 0, 1, iou);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private record Series(String name, Color colour, ToDoubleFunction<EpochRecord> value) {
    }

    private static void panel(Graphics2D g, int x0, String title, List<EpochRecord> epochs, double lo, double hi,
                              List<Series> series) {
        int left = x0 + MARGIN;
        int right = x0 + PANEL_W - 16;
        int top = 30;
        int bottom = H - MARGIN;
        g.setColor(Color.BLACK);
        g.drawString(title, left, 18);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            int y = bottom - (bottom - top) * t / 4;
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), x0 + 6, y + 4);
        }
        int n = epochs.size();
        g.drawString("epoch", (left + right) / 2 - 15, H - 12);
        for (int i = 0; i < n; i++) {
            int x = n == 1 ? (left + right) / 2 : left + (right - left) * i / (n - 1);
            g.drawString(String.valueOf(epochs.get(i).epoch() + 1), x - 3, bottom + 14);
        }
        int legendY = top + 4;
        g.setStroke(new BasicStroke(2f));
        for (Series s : series) {
            g.setColor(s.colour());
            int px = -1;
            int py = -1;
            for (int i = 0; i < n; i++) {
                int x = n == 1 ? (left + right) / 2 : left + (right - left) * i / (n - 1);
                double v = s.value().applyAsDouble(epochs.get(i));
                int y = bottom - (int) Math.round((bottom - top) * (Math.min(Math.max(v, lo), hi) - lo) / (hi - lo));
                g.fillOval(x - 3, y - 3, 6, 6);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawLine(right - 110, legendY, right - 90, legendY);
            g.drawString(s.name(), right - 85, legendY + 4);
            legendY += 15;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
