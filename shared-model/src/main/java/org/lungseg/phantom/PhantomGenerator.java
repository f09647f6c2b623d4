package org.lungseg.phantom;

import java.util.SplittableRandom;
import org.lungseg.volume.Affine;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Volume;

/**
 * Generates a synthetic chest CT with exact lung and infection labels from a {@link PhantomSpec}.
 * Everything is built in RAS order in the patient frame (analytic shapes, then tubes, trees,
 * lesions, scanner), then stored in the requested orientation with an affine that keeps the
 * patient's left on the left. One seed drives every random draw, in a fixed order; the steps
 * that run in parallel (slices, blur lines, per-slice noise streams seeded in order) compute each
 * voxel the same way on any thread, so equal specs give byte-identical phantoms.
 */
public final class PhantomGenerator {

    /** The intensity window that 0..255 storage maps, as in the Radiopaedia cases of COVID-19-CT-Seg. */
    public static final double WINDOW_LOW_HU = -1250;
    public static final double WINDOW_HIGH_HU = 250;

    private PhantomGenerator() {
    }

    public static Phantom generate(PhantomSpec spec) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        Anatomy anatomy = new Anatomy(random.split());
        SplittableRandom layout = random.split();
        PhantomCanvas canvas = canvas(spec, anatomy, layout);

        new ThoraxRasterizer(anatomy, random.nextLong()).paint(canvas);
        ChestTubes chest = new ChestTubes(anatomy);
        chest.paint(canvas);
        LungConnectivity.keepLargestPieces(canvas, anatomy.fatHu);
        InfectionPattern infection = new InfectionPattern(anatomy, spec.severity(), random.split());
        infection.paint(canvas);
        new LungTrees(anatomy, chest, random.split()).paint(canvas);
        new ScannerModel(random.split(), canvas.sz).acquire(canvas, random.split());
        return store(spec, canvas, layout, infection.lesions());
    }

    /** Chooses voxel sizes and the field of view around the patient, in the patient frame. */
    private static PhantomCanvas canvas(PhantomSpec spec, Anatomy a, SplittableRandom r) {
        double bodyWidth = 2 * (a.cageA + a.wallMm + 1.1 * a.fatMm);
        double inPlane = spec.inPlaneSpacingMm();
        if (inPlane == 0) {
            double fov = Anatomy.clamp(bodyWidth * Anatomy.uniform(r, 1.05, 1.35), 300, 500);
            inPlane = fov / Math.max(spec.nx(), spec.ny());
        }
        double zTop = a.zApex + Anatomy.uniform(r, 15, 45);
        double zBottom = a.zRecess - Anatomy.uniform(r, 20, 90);
        double slice = spec.sliceSpacingMm();
        if (slice == 0) {
            slice = Anatomy.clamp((zTop - zBottom) / (spec.nz() - 1), PhantomSpec.MIN_SLICE_SPACING_MM,
                    PhantomSpec.MAX_SLICE_SPACING_MM);
        }
        double bodyAnt = a.cageCy + a.cageB + a.wallMm + a.fatMm;
        double tableBottom = a.cageCy - a.cageB - a.wallMm - a.paraspinalMm - 0.6 * a.fatMm - 16;
        double centreY = (bodyAnt + tableBottom) / 2 + Anatomy.uniform(r, -10, 10);
        double centreZ = (zTop + zBottom) / 2;
        double ox = -(spec.nx() - 1) / 2.0 * inPlane + Anatomy.uniform(r, -8, 8);
        double oy = centreY - (spec.ny() - 1) / 2.0 * inPlane;
        double oz = Math.min(centreZ + (spec.nz() - 1) / 2.0 * slice, zTop) - (spec.nz() - 1) * slice;
        return new PhantomCanvas(spec.nx(), spec.ny(), spec.nz(), inPlane, inPlane, slice, ox, oy, oz);
    }

    private static Phantom store(PhantomSpec spec, PhantomCanvas c, SplittableRandom r, int lesions) {
        // Scanner coordinates: the patient frame shifted as a table position would.
        double tx = Anatomy.uniform(r, -5, 5);
        double ty = Anatomy.uniform(r, -20, 20);
        double tz = Anatomy.uniform(r, -350, -100);
        Affine ras = Affine.ofSpacing(c.sx, c.sy, c.sz, c.ox + tx, c.oy + ty, c.oz + tz);
        StorageOrientation storage = new StorageOrientation(ras, new int[] {c.nx, c.ny, c.nz}, spec.orientation());
        if (spec.windowed()) {
            float[] hu = c.hu; // in place: the canvas is done with, and big scans need the memory
            for (int i = 0; i < hu.length; i++) {
                hu[i] = windowed(hu[i]);
            }
        }
        Volume ct = new Volume(storage.grid(), storage.reorder(c.hu));
        LabelMap labels = new LabelMap(storage.grid(), storage.reorder(c.label));
        LabelMap lungs = new LabelMap(storage.grid(), storage.reorder(c.side));
        return new Phantom(spec, ct, labels, lungs, storage.reorder(c.tissue), lesions);
    }

    /** HU to the 0..255 value of the window [-1250, 250], rounded as an 8-bit export would. */
    public static float windowed(double hu) {
        double t = (hu - WINDOW_LOW_HU) / (WINDOW_HIGH_HU - WINDOW_LOW_HU);
        return Math.round(255 * Anatomy.clamp(t, 0, 1));
    }
}
