package org.lungseg.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.lungseg.inference.IntensityMapping.IntensityStorage;
import org.lungseg.label.Label;
import org.lungseg.volume.Grid;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/**
 * A PNG a person can read at a glance: axial, coronal and sagittal slices through the lungs in a
 * lung window (level -600, width 1500 HU), labels as tinted overlays with solid outlines, the
 * patient's directions at the panel edges (radiological convention: the patient's right on the
 * image's left), and a legend with the volumes. Square pixels in millimetres, whatever the
 * scan's spacing or storage order.
 */
public final class PreviewRenderer {

    static final double WINDOW_LOW_HU = -1350;
    static final double WINDOW_HIGH_HU = 150;
    /** 0..255 storage holds the [-1250, 250] HU window (DESIGN.md). */
    private static final double STORED_LOW_HU = -1250;
    private static final double STORED_HIGH_HU = 250;
    private static final int PANEL_PIXELS = 360;
    private static final int MARGIN = 12;
    private static final int TINT_PERCENT = 35;
    private static final int TEXT = 0xFFFFFF;
    private static final int DIM_TEXT = 0xB4B4B4;

    private final BitmapFont font = new BitmapFont(2);

    /** The preview of {@code result} over {@code scan} (the scan it was computed from). */
    public byte[] render(Volume scan, SegmentationResult result) {
        LabelMap labels = result.labels();
        if (!labels.grid().sameGeometry(scan.grid(), 1e-6)) {
            throw new IllegalArgumentException("the label map is not on the scan's grid");
        }
        Grid grid = scan.grid();
        RasIndex ras = new RasIndex(grid);
        double[] spacing = new double[3];
        double[] extent = new double[3];
        for (int a = 0; a < 3; a++) {
            spacing[a] = grid.spacing()[ras.sourceAxis(a)];
            extent[a] = spacing[a] * ras.rasDim(a);
        }
        double mmPerPixel = Math.max(extent[0], Math.max(extent[1], extent[2])) / PANEL_PIXELS;
        int[] centre = sliceCentre(labels, ras);
        Display display = new Display(scan.voxels(), labels.labels(), ras, spacing, mmPerPixel,
                result.intensity() == IntensityStorage.WINDOWED_0_255);

        // Columns run along (RAS axis), rows along (RAS axis), both from its high end: the patient's
        // right, anterior and superior at the image's left and top.
        List<BufferedImage> panels = List.of(
                display.panel(0, 1, 2, centre[2]),
                display.panel(0, 2, 1, centre[1]),
                display.panel(1, 2, 0, centre[0]));
        String[] titles = {"AXIAL", "CORONAL", "SAGITTAL"};
        String[][] edges = {{"R", "L", "A", "P"}, {"R", "L", "S", "I"}, {"A", "P", "S", "I"}};

        List<String> legend = legendLines(result);
        int lineHeight = font.height() + 10;
        int width = MARGIN;
        int panelHeight = 0;
        for (BufferedImage p : panels) {
            width += p.getWidth() + MARGIN;
            panelHeight = Math.max(panelHeight, p.getHeight());
        }
        int titleHeight = font.height() + 2 * font.advance();
        width = Math.max(width, MARGIN * 2 + 30 + legend.stream().mapToInt(font::width).max().orElse(0));
        int height = MARGIN + titleHeight + panelHeight + font.height() + MARGIN + legend.size() * lineHeight + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);

        int x = MARGIN;
        int top = MARGIN + titleHeight;
        for (int i = 0; i < panels.size(); i++) {
            BufferedImage p = panels.get(i);
            font.draw(image, titles[i], x + (p.getWidth() - font.width(titles[i])) / 2, MARGIN, TEXT);
            image.getRaster().setRect(x, top, p.getRaster());
            drawEdges(image, edges[i], x, top, p.getWidth(), p.getHeight());
            x += p.getWidth() + MARGIN;
        }
        int y = top + panelHeight + font.height() + MARGIN;
        int[] swatches = {Label.LEFT_LUNG.rgb(), Label.RIGHT_LUNG.rgb(), Label.INFECTION.rgb()};
        for (int i = 0; i < legend.size(); i++) {
            boolean swatch = i < swatches.length;
            if (swatch) {
                BitmapFont.fill(image, MARGIN, y, font.height(), font.height(), swatches[i]);
            }
            font.draw(image, legend.get(i), MARGIN + font.height() + 12, y, swatch ? TEXT : DIM_TEXT);
            y += lineHeight;
        }
        return png(image);
    }

    private List<String> legendLines(SegmentationResult r) {
        LungMeasurements m = r.measurements();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "LEFT LUNG  %.0f ML, INFECTED %.1f%%", m.leftLungMl(),
                m.leftInfectionPercent()));
        lines.add(String.format(Locale.ROOT, "RIGHT LUNG %.0f ML, INFECTED %.1f%%", m.rightLungMl(),
                m.rightInfectionPercent()));
        lines.add(String.format(Locale.ROOT, "INFECTION  %.1f ML, %.1f%% OF BOTH LUNGS", m.infectionMl(),
                m.infectionPercent()));
        lines.add("MODEL " + r.model().name() + (r.model().version().isBlank() ? "" : " " + r.model().version())
                + (r.warnings().isEmpty() ? "" : ", " + r.warnings().size() + " WARNING(S) IN THE REPORT"));
        return lines;
    }

    private void drawEdges(BufferedImage image, String[] letters, int x, int y, int w, int h) {
        int pad = 4;
        int midY = y + (h - font.height()) / 2;
        int midX = x + (w - font.advance()) / 2;
        font.draw(image, letters[0], x + pad, midY, 0xFFFF00);
        font.draw(image, letters[1], x + w - font.advance() - pad, midY, 0xFFFF00);
        font.draw(image, letters[2], midX, y + pad, 0xFFFF00);
        font.draw(image, letters[3], midX, y + h - font.height() - pad, 0xFFFF00);
    }

    /** RAS voxel through which the slices go: the centre of both lungs, the sagittal one through the larger lung. */
    private static int[] sliceCentre(LabelMap labels, RasIndex ras) {
        Grid g = labels.grid();
        double[][] sum = new double[3][3];
        long[] count = new long[3];
        byte[] l = labels.labels();
        for (int k = 0, i = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int x = 0; x < g.nx(); x++, i++) {
                    int v = l[i];
                    // Infection (3) counts towards both lungs' centre only.
                    int side = v == 1 || v == 2 ? v : 0;
                    if (v != 0) {
                        sum[0][0] += x;
                        sum[0][1] += j;
                        sum[0][2] += k;
                        count[0]++;
                    }
                    if (side != 0) {
                        sum[side][0] += x;
                        sum[side][1] += j;
                        sum[side][2] += k;
                        count[side]++;
                    }
                }
            }
        }
        int larger = count[2] >= count[1] ? 2 : 1;
        int[] centre = new int[3];
        for (int a = 0; a < 3; a++) {
            int s = ras.sourceAxis(a);
            int which = a == 0 && count[larger] > 0 ? larger : 0;
            int sourceIndex = count[which] == 0 ? g.dim(s) / 2 : (int) Math.round(sum[which][s] / count[which]);
            centre[a] = ras.sourceIndex(a, sourceIndex);
        }
        return centre;
    }

    /** Samples slices of the scan and labels into tinted, outlined panels. */
    private record Display(float[] voxels, byte[] labels, RasIndex ras, double[] spacing, double mmPerPixel,
                           boolean stored0To255) {

        /**
         * A slice at RAS index {@code at} along {@code fixedAxis}; image columns run along
         * {@code hAxis} and rows along {@code vAxis}, each from the axis's high end.
         */
        BufferedImage panel(int hAxis, int vAxis, int fixedAxis, int at) {
            int w = Math.max(1, (int) Math.round(spacing[hAxis] * ras.rasDim(hAxis) / mmPerPixel));
            int h = Math.max(1, (int) Math.round(spacing[vAxis] * ras.rasDim(vAxis) / mmPerPixel));
            int[] hIndex = axisIndex(hAxis, w);
            int[] vIndex = axisIndex(vAxis, h);
            int[] grey = new int[w * h];
            byte[] label = new byte[w * h];
            int[] r = new int[3];
            r[fixedAxis] = at;
            for (int row = 0; row < h; row++) {
                r[vAxis] = vIndex[row];
                for (int col = 0; col < w; col++) {
                    r[hAxis] = hIndex[col];
                    int offset = ras.offset(r[0], r[1], r[2]);
                    grey[row * w + col] = grey(voxels[offset]);
                    label[row * w + col] = labels[offset];
                }
            }
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int row = 0; row < h; row++) {
                for (int col = 0; col < w; col++) {
                    int i = row * w + col;
                    int g = grey[i];
                    int rgb = (g << 16) | (g << 8) | g;
                    int value = label[i];
                    if (value > 0 && value <= 3) {
                        int colour = Label.fromValue(value).rgb();
                        rgb = edge(label, w, h, col, row) ? colour : blend(rgb, colour);
                    }
                    img.setRGB(col, row, rgb);
                }
            }
            return img;
        }

        /** RAS index shown at each pixel along an axis (nearest voxel), from the axis's high end. */
        private int[] axisIndex(int axis, int pixels) {
            int n = ras.rasDim(axis);
            int[] index = new int[pixels];
            for (int p = 0; p < pixels; p++) {
                int i = Math.min(n - 1, (int) ((p + 0.5) * mmPerPixel / spacing[axis]));
                index[p] = n - 1 - i;
            }
            return index;
        }

        private int grey(float value) {
            double hu = stored0To255 ? STORED_LOW_HU + value / 255.0 * (STORED_HIGH_HU - STORED_LOW_HU) : value;
            double t = (hu - WINDOW_LOW_HU) / (WINDOW_HIGH_HU - WINDOW_LOW_HU);
            return Double.isNaN(t) ? 0 : (int) Math.round(255 * Math.min(1, Math.max(0, t)));
        }

        private static boolean edge(byte[] label, int w, int h, int col, int row) {
            byte v = label[row * w + col];
            return col == 0 || row == 0 || col == w - 1 || row == h - 1 || label[row * w + col - 1] != v
                    || label[row * w + col + 1] != v || label[(row - 1) * w + col] != v || label[(row + 1) * w + col] != v;
        }

        private static int blend(int rgb, int colour) {
            int out = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                int a = (rgb >> shift) & 0xff;
                int b = (colour >> shift) & 0xff;
                out |= ((a * (100 - TINT_PERCENT) + b * TINT_PERCENT) / 100) << shift;
            }
            return out;
        }
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }
}
