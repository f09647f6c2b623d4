package org.lungseg.phantom;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.lungseg.nifti.NiftiReader;
import org.lungseg.testing.RealData;
import org.lungseg.volume.AxisCodes;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/**
 * Makes the picture and the HU tables of docs/phantoms.md: phantoms beside the real cip-ct64
 * case in the same window, and per-tissue HU of phantoms against the real cases. Run from the
 * repository root with the test class path, e.g.
 * {@code java -cp shared-model/target/classes:shared-model/target/test-classes org.lungseg.phantom.PhantomDocs docs/img/phantoms.png}.
 */
public final class PhantomDocs {

    private static final double MM_PER_PIXEL = 1.3;
    private static final int GAP = 6;

    private PhantomDocs() {
    }

    /** The phantoms shown: mild in LPS, moderate in RAS, severe stored as 0..255 in PLS. */
    static List<PhantomSpec> figureSpecs() {
        return List.of(
                PhantomSpec.of(2).withSeverity(Severity.MILD).withOrientation(AxisCodes.parse("LPS")),
                PhantomSpec.of(3).withSeverity(Severity.MODERATE),
                PhantomSpec.of(4).withSeverity(Severity.SEVERE).withOrientation(AxisCodes.parse("PLS")).withWindowed(true));
    }

    public static void main(String[] args) throws IOException {
        Volume realCt = NiftiReader.read(RealData.file("cip-ct64/ct.nii.gz"));
        LabelMap realLungs = NiftiReader.readLabels(RealData.file("cip-ct64/lungs.nii.gz"));
        List<SliceRenderer> columns = new ArrayList<>();
        columns.add(new SliceRenderer(realCt, realLungs));
        List<Phantom> phantoms = new ArrayList<>();
        for (PhantomSpec spec : figureSpecs()) {
            Phantom p = PhantomGenerator.generate(spec);
            phantoms.add(p);
            columns.add(new SliceRenderer(p.ct(), p.labels()));
        }
        ImageIO.write(sheet(columns), "png", new File(args[0]));
        List<Phantom> healthy = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            healthy.add(PhantomGenerator.generate(PhantomSpec.of(seed).withSeverity(Severity.NONE)));
        }
        System.out.println(realTable(realCt, realLungs, healthy));
        System.out.println(bodyTissueTable(realCt, realLungs, healthy));
        System.out.println(tissueTable());
    }

    private static BufferedImage sheet(List<SliceRenderer> columns) {
        List<BufferedImage[]> tiles = new ArrayList<>();
        for (SliceRenderer r : columns) {
            double axial = r.throughLungs(2, 0.55);
            double coronal = r.throughLungs(1, 0.5);
            tiles.add(new BufferedImage[] {
                r.axial(axial, MM_PER_PIXEL, false),
                r.coronal(coronal, MM_PER_PIXEL, false),
                r.axial(axial, MM_PER_PIXEL, true)});
        }
        int[] widths = new int[columns.size()];
        int[] heights = new int[3];
        for (int c = 0; c < tiles.size(); c++) {
            for (int row = 0; row < 3; row++) {
                widths[c] = Math.max(widths[c], tiles.get(c)[row].getWidth());
                heights[row] = Math.max(heights[row], tiles.get(c)[row].getHeight());
            }
        }
        int width = GAP * (widths.length - 1);
        for (int w : widths) {
            width += w;
        }
        BufferedImage sheet = new BufferedImage(width, heights[0] + heights[1] + heights[2] + 2 * GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        int x = 0;
        for (int c = 0; c < tiles.size(); c++) {
            int y = 0;
            for (int row = 0; row < 3; row++) {
                BufferedImage t = tiles.get(c)[row];
                g.drawImage(t, x + (widths[c] - t.getWidth()) / 2, y + (heights[row] - t.getHeight()) / 2, null);
                y += heights[row] + GAP;
            }
            x += widths[c] + GAP;
        }
        g.dispose();
        return sheet;
    }

    /** Regions that real cases have labels for, in cip-ct64 and in phantoms. */
    private static String realTable(Volume ct, LabelMap lungs, List<Phantom> healthy) {
        LabelMap airway = NiftiReader.readLabels(RealData.file("cip-ct64/airway.nii.gz"));
        LabelMap body = NiftiReader.readLabels(RealData.file("cip-ct64/body.nii.gz"));
        byte[] l = lungs.labels();
        byte[] a = airway.labels();
        byte[] b = body.labels();
        StringBuilder sb = new StringBuilder();
        sb.append("| region | cip-ct64 (real) | other real cases | phantoms, 4 healthy |\n|---|---|---|---|\n");
        sb.append(row("lungs", stats(ct.voxels(), i -> l[i] != 0), otherRealLungs(),
                pooled(healthy, (p, i) -> p.lungs().labels()[i] != 0)));
        sb.append(row("trachea and main bronchi", stats(ct.voxels(), i -> a[i] != 0), "",
                pooled(healthy, (p, i) -> p.tissue(i) == Tissue.AIRWAY)));
        sb.append(row("body outside lungs and airway", stats(ct.voxels(), i -> b[i] != 0 && l[i] == 0 && a[i] == 0), "",
                pooled(healthy, (p, i) -> inBody(p.tissue(i)) && p.lungs().labels()[i] == 0 && p.tissue(i) != Tissue.AIRWAY)));
        sb.append(row("outside the body (air, table)", stats(ct.voxels(), i -> b[i] == 0), "",
                pooled(healthy, (p, i) -> !inBody(p.tissue(i)))));
        return sb.toString();
    }

    /**
     * Fat, soft tissue and bone measured the same way on real scans and phantoms, since real cases
     * have no tissue labels: inside the body minus lungs and airway, fat is the mode of the HU
     * histogram in [-200, -50], soft tissue its mode in [0, 100], bone its 99th percentile.
     * totalseg-example has no body mask; its body is taken as the voxels above -500 HU outside the
     * lungs (the table included).
     */
    private static String bodyTissueTable(Volume ct, LabelMap lungs, List<Phantom> healthy) {
        byte[] l = lungs.labels();
        byte[] a = NiftiReader.readLabels(RealData.file("cip-ct64/airway.nii.gz")).labels();
        byte[] b = NiftiReader.readLabels(RealData.file("cip-ct64/body.nii.gz")).labels();
        float[] cip = VoxelStats.picked(ct.voxels(), i -> b[i] != 0 && l[i] == 0 && a[i] == 0);
        Volume tsCt = NiftiReader.read(RealData.file("totalseg-example/ct.nii.gz"));
        byte[] tsLungs = NiftiReader.readLabels(RealData.file("totalseg-example/lungs.nii.gz")).labels();
        float[] ts = VoxelStats.picked(tsCt.voxels(), i -> tsCt.voxels()[i] > -500 && tsLungs[i] == 0);
        float[] phantom = pooledValues(healthy, (p, i) -> inBody(p.tissue(i)) && p.lungs().labels()[i] == 0
                && p.tissue(i) != Tissue.AIRWAY);
        StringBuilder sb = new StringBuilder("| tissue, method | cip-ct64 (real) | totalseg-example (real, abdomen) "
                + "| phantoms, 4 healthy, same method | phantoms, tissue map median |\n|---|---|---|---|---|\n");
        sb.append(String.format(Locale.ROOT, "| fat: mode in [-200, -50] | %.0f | %.0f | %.0f | %s |%n",
                VoxelStats.mode(cip, -200, -50), VoxelStats.mode(ts, -200, -50), VoxelStats.mode(phantom, -200, -50),
                tissueMedian(healthy, Tissue.FAT)));
        sb.append(String.format(Locale.ROOT, "| soft tissue: mode in [0, 100] | %.0f | %.0f | %.0f | muscle %s, liver %s |%n",
                VoxelStats.mode(cip, 0, 100), VoxelStats.mode(ts, 0, 100), VoxelStats.mode(phantom, 0, 100),
                tissueMedian(healthy, Tissue.MUSCLE), tissueMedian(healthy, Tissue.LIVER)));
        sb.append(String.format(Locale.ROOT, "| bone: 99th percentile | %.0f | %.0f | %.0f | cortex %s, marrow %s |%n",
                VoxelStats.percentile(cip, i -> true, 99), VoxelStats.percentile(ts, i -> true, 99),
                VoxelStats.percentile(phantom, i -> true, 99), tissueMedian(healthy, Tissue.BONE),
                tissueMedian(healthy, Tissue.MARROW)));
        return sb.toString();
    }

    private static String tissueMedian(List<Phantom> phantoms, Tissue t) {
        return String.format(Locale.ROOT, "%.0f", VoxelStats.median(pooledValues(phantoms, (p, i) -> p.tissue(i) == t), i -> true));
    }

    private static boolean inBody(Tissue t) {
        return t != Tissue.OUTSIDE_AIR && t != Tissue.TABLE;
    }

    private static String otherRealLungs() {
        StringBuilder sb = new StringBuilder();
        for (String c : List.of("cip-crop-2slices", "elastix-right-lung", "totalseg-example")) {
            Volume ct = NiftiReader.read(RealData.file(c + "/ct.nii.gz"));
            byte[] l = NiftiReader.readLabels(RealData.file(c + "/lungs.nii.gz")).labels();
            sb.append(sb.isEmpty() ? "" : "; ").append(c).append(' ').append(stats(ct.voxels(), i -> l[i] != 0));
        }
        return sb.toString();
    }

    /** Per-tissue HU of phantoms with pneumonia (every tissue present). */
    private static String tissueTable() {
        List<Phantom> sick = new ArrayList<>();
        for (long seed = 11; seed <= 14; seed++) {
            sick.add(PhantomGenerator.generate(PhantomSpec.of(seed).withSeverity(seed % 2 == 0 ? Severity.SEVERE : Severity.MODERATE)));
        }
        long total = 0;
        for (Phantom p : sick) {
            total += p.tissues().length;
        }
        StringBuilder sb = new StringBuilder("| tissue | share of voxels | HU median (5th to 95th percentile) |\n|---|---|---|\n");
        for (Tissue t : Tissue.values()) {
            long n = 0;
            for (Phantom p : sick) {
                for (byte code : p.tissues()) {
                    if (code == t.ordinal()) {
                        n++;
                    }
                }
            }
            if (n == 0) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.2f%% | %s |%n", t.displayName(), 100.0 * n / total,
                    pooled(sick, (p, i) -> p.tissue(i) == t)));
        }
        return sb.toString();
    }

    private interface PhantomVoxel {
        boolean test(Phantom p, int index);
    }

    private static String pooled(List<Phantom> phantoms, PhantomVoxel where) {
        return stats(pooledValues(phantoms, where), i -> true);
    }

    private static float[] pooledValues(List<Phantom> phantoms, PhantomVoxel where) {
        int n = 0;
        for (Phantom p : phantoms) {
            n += (int) VoxelStats.count(p.tissues().length, i -> where.test(p, i));
        }
        float[] all = new float[n];
        int k = 0;
        for (Phantom p : phantoms) {
            float[] v = p.ct().voxels();
            for (int i = 0; i < v.length; i++) {
                if (where.test(p, i)) {
                    all[k++] = v[i];
                }
            }
        }
        return all;
    }

    private static String stats(float[] values, IntPredicate where) {
        return String.format(Locale.ROOT, "%.0f (%.0f to %.0f)", VoxelStats.median(values, where),
                VoxelStats.percentile(values, where, 5), VoxelStats.percentile(values, where, 95));
    }

    private static String row(String region, String real, String others, String phantom) {
        return "| " + region + " | " + real + " | " + others + " | " + phantom + " |\n";
    }
}
