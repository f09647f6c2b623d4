package org.lungseg.phantom;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.lungseg.label.Label;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Reorientation;
import org.lungseg.volume.Volume;

/**
 * Draws axial and coronal slices of a scan in the radiological convention (patient's right on
 * the image's left, anterior and superior up) at a common scale in millimetres per pixel, in the
 * window [-1250, 250] HU; 0..255 window values are shown as the HU they stand for.
 */
final class SliceRenderer {

    private final Volume ras;
    private final LabelMap rasLabels;
    private final boolean windowed;

    SliceRenderer(Volume volume, LabelMap labels) {
        Reorientation r = Reorientation.toRas(volume.grid());
        this.ras = r.toRas(volume);
        this.rasLabels = labels == null ? null : Reorientation.toRas(labels.grid()).toRas(labels);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float v : ras.voxels()) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        this.windowed = min >= 0 && max <= 255;
    }

    /**
     * The RAS slice index at fraction {@code f} of the labelled lungs' extent along {@code axis}
     * (1 = y, 2 = z), as a fraction of the grid for {@link #axial} and {@link #coronal}.
     */
    double throughLungs(int axis, double f) {
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        var g = rasLabels.grid();
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    if (rasLabels.labels()[g.index(i, j, k)] != 0) {
                        int v = axis == 1 ? j : k;
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        return (lo + f * (hi - lo)) / (g.dim(axis) - 1);
    }

    /** Axial slice at height fraction {@code f} (0 bottom, 1 top), {@code mmPerPixel} in the image. */
    BufferedImage axial(double f, double mmPerPixel, boolean overlay) {
        int nx = ras.grid().nx();
        int ny = ras.grid().ny();
        int k = (int) Math.round(f * (ras.grid().nz() - 1));
        BufferedImage img = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                img.setRGB(nx - 1 - i, ny - 1 - j, colour(ras.grid().index(i, j, k), overlay));
            }
        }
        double[] sp = ras.grid().spacing();
        return scaled(img, nx * sp[0] / mmPerPixel, ny * sp[1] / mmPerPixel);
    }

    /** Coronal slice at front-to-back fraction {@code f} (0 posterior, 1 anterior). */
    BufferedImage coronal(double f, double mmPerPixel, boolean overlay) {
        int nx = ras.grid().nx();
        int nz = ras.grid().nz();
        int j = (int) Math.round(f * (ras.grid().ny() - 1));
        BufferedImage img = new BufferedImage(nx, nz, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < nz; k++) {
            for (int i = 0; i < nx; i++) {
                img.setRGB(nx - 1 - i, nz - 1 - k, colour(ras.grid().index(i, j, k), overlay));
            }
        }
        double[] sp = ras.grid().spacing();
        return scaled(img, nx * sp[0] / mmPerPixel, nz * sp[2] / mmPerPixel);
    }

    private int colour(int index, boolean overlay) {
        double v = ras.voxels()[index];
        double hu = windowed ? v / 255 * 1500 - 1250 : v;
        int g = (int) Math.round(255 * Math.max(0, Math.min(1, (hu + 1250) / 1500)));
        int rgb = (g << 16) | (g << 8) | g;
        if (overlay && rasLabels != null && rasLabels.labels()[index] != 0) {
            int c = Label.fromValue(rasLabels.labels()[index]).rgb();
            rgb = blend(rgb, c, 0.45);
        }
        return rgb;
    }

    private static int blend(int a, int b, double t) {
        int r = (int) (((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
        int g = (int) (((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
        int bl = (int) ((a & 255) * (1 - t) + (b & 255) * t);
        return (r << 16) | (g << 8) | bl;
    }

    private static BufferedImage scaled(BufferedImage img, double w, double h) {
        int width = Math.max(1, (int) Math.round(w));
        int height = Math.max(1, (int) Math.round(h));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.BLACK);
        g.drawImage(img, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
