package org.lungseg.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lungseg.label.Label;
import org.lungseg.npy.FlatteningOrder;
import org.lungseg.npy.NpyArray;
import org.lungseg.npy.NpyGeometry;
import org.lungseg.npy.NpyReader;
import org.lungseg.npy.NpyScans;
import org.lungseg.npy.NpyWriter;
import org.lungseg.rle.Rle;
import org.lungseg.volume.Affine;
import org.lungseg.volume.Grid;
import org.lungseg.volume.InvalidScanException;
import org.lungseg.volume.LabelMap;
import org.lungseg.volume.Reorientation;
import org.lungseg.volume.Volume;

/**
 * H2O Hydrogen Torch's layout for 3D semantic segmentation: scans as {@code images/<name>.npy}
 * (float32, shape (X, Y, Z)) and a Parquet table {@code train.pq} whose rows give, per image, the
 * class names ({@code class_id}) and a run-length code of each class's mask ({@code rle_mask}).
 * The classes are multi-label: each lung mask covers the whole lung, its infected part included.
 * H2O's own export has a single class {@code lungs}; it is split into the patient's left and right
 * lung by {@link LungSides}, and such a table has no infection ground truth ({@link #classes()}).
 *
 * <p>Written scans are stored in RAS order; an extra {@code affine} column keeps their voxel
 * spacing and position. A table without that column (as H2O's own) gets a 1 mm RAS grid. The RLE
 * flattening order is an assumption (see {@link Rle}); pass another one to read other files.
 */
public final class H2oLayout implements CaseReader {

    public static final String IMAGES = "images";
    public static final String TABLE = "train.pq";
    public static final String LEFT_LUNG = "left_lung";
    public static final String RIGHT_LUNG = "right_lung";
    public static final String INFECTION = "infection";
    /** H2O's own class: both lungs in one mask. */
    public static final String BOTH_LUNGS_CLASS = "lungs";
    /** What {@link #labelOf} accepts, for the message that refuses anything else. */
    static final String UNDERSTOOD = "left_lung (any name with 'left'), right_lung (any name with 'right'),"
            + " infection (or lesion, covid, ggo) and lungs or lung (both lungs, split by the patient's side)";
    /** Index of a both-lungs mask beside labels 1..3. */
    static final int BOTH_LUNGS = 4;
    private static final String SUFFIX = ".npy";

    private final Path root;
    private final FlatteningOrder rleOrder;
    private Map<String, List<H2oTable.Row>> rowsByImage;

    public H2oLayout(Path root) {
        this(root, FlatteningOrder.FIRST_AXIS_FASTEST);
    }

    public H2oLayout(Path root, FlatteningOrder rleOrder) {
        this.root = root;
        this.rleOrder = rleOrder;
    }

    /** Whether {@code root} looks like this layout. */
    public static boolean matches(Path root) {
        return Files.isRegularFile(root.resolve(TABLE)) && Files.isDirectory(root.resolve(IMAGES));
    }

    @Override
    public List<String> names() {
        return rows().keySet().stream().map(H2oLayout::stripSuffix).toList();
    }

    @Override
    public LabelledCase read(String name) {
        String image = rows().containsKey(name + SUFFIX) ? name + SUFFIX : name;
        List<H2oTable.Row> rows = rows().get(image);
        if (rows == null) {
            throw new InvalidScanException("no rows for " + name + " in " + TABLE);
        }
        String affine = rows.stream().map(H2oTable.Row::affine).filter(a -> a != null).findFirst().orElse(null);
        NpyGeometry geometry = new NpyGeometry(NpyGeometry.Axes.XYZ, affine == null ? Affine.identity() : parseAffine(affine));
        NpyArray array = new NpyReader().read(root.resolve(IMAGES).resolve(image));
        Volume ct = NpyScans.toVolume(array, geometry);
        Grid grid = ct.grid();
        boolean[][] masks = new boolean[BOTH_LUNGS + 1][];
        for (H2oTable.Row row : rows) {
            for (int c = 0; c < row.classIds().size(); c++) {
                int label = labelOf(row.classIds().get(c));
                boolean[] mask = Rle.decode(row.rleMasks().get(c), grid.dims(), rleOrder);
                masks[label] = masks[label] == null ? mask : or(masks[label], mask);
            }
        }
        byte[] sides = masks[BOTH_LUNGS] == null ? null : LungSides.split(grid, masks[BOTH_LUNGS]).labels();
        byte[] labels = new byte[(int) grid.voxelCount()];
        byte[] lungs = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            boolean named = masks[1] != null && masks[1][i] || masks[2] != null && masks[2][i];
            boolean left = masks[1] != null && masks[1][i] || !named && sides != null && sides[i] == Label.LEFT_LUNG.value();
            boolean right = masks[2] != null && masks[2][i] || !named && sides != null && sides[i] == Label.RIGHT_LUNG.value();
            if (left && right) {
                throw new InvalidScanException(name + ": voxel " + i + " is in both the left and the right lung mask");
            }
            lungs[i] = (byte) (left ? 1 : right ? 2 : 0);
            labels[i] = masks[3] != null && masks[3][i] ? 3 : lungs[i];
        }
        return new LabelledCase(stripSuffix(image), ct, new LabelMap(grid, labels), new LabelMap(grid, lungs));
    }

    /** The classes a written table names. */
    public enum Classes {
        /** {@code left_lung}, {@code right_lung} and {@code infection}: everything lungseg trains. */
        SIDES,
        /** One class {@code lungs} (both lungs) and images named {@code <case>.nii.npy}, as H2O's own export. */
        LUNGS
    }

    /** Starts writing a data set under {@code root}; the table is written by {@link Writer#finish()}. */
    public static Writer writer(Path root) {
        return new Writer(root, Classes.SIDES);
    }

    /** Starts writing a data set whose table names {@code classes}. */
    public static Writer writer(Path root, Classes classes) {
        return new Writer(root, classes);
    }

    /**
     * Writes scans as they come and the table once all are written. Not AutoCloseable on purpose:
     * a run that fails half-way must leave no {@code train.pq}, which would list only some cases.
     */
    public static final class Writer {
        private final Path root;
        private final Classes classes;
        private final List<H2oTable.Row> rows = new ArrayList<>();

        private Writer(Path root, Classes classes) {
            this.root = root;
            this.classes = classes;
            try {
                Files.createDirectories(root.resolve(IMAGES));
                // A table from an earlier run would list images this run may overwrite or never reach.
                Files.deleteIfExists(root.resolve(TABLE));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare " + root, e);
            }
        }

        public void add(LabelledCase c) {
            Reorientation ras = Reorientation.toRas(c.ct().grid());
            Volume ct = ras.toRas(c.ct());
            LabelMap labels = ras.toRas(c.labels());
            LabelMap lungs = ras.toRas(c.wholeLungs());
            String image = c.name() + (classes == Classes.LUNGS ? ".nii" : "") + SUFFIX;
            NpyWriter.write(NpyScans.fromVolume(ct, NpyGeometry.Axes.XYZ), root.resolve(IMAGES).resolve(image));
            FlatteningOrder order = FlatteningOrder.FIRST_AXIS_FASTEST;
            if (classes == Classes.LUNGS) {
                byte[] both = new byte[lungs.labels().length];
                for (int i = 0; i < both.length; i++) {
                    both[i] = (byte) (lungs.labels()[i] != 0 ? 1 : 0);
                }
                rows.add(new H2oTable.Row(image, List.of(BOTH_LUNGS_CLASS), List.of(
                        Rle.encode(new LabelMap(lungs.grid(), both), 1, order)), affineText(ct.grid().affine())));
                return;
            }
            rows.add(new H2oTable.Row(image, List.of(LEFT_LUNG, RIGHT_LUNG, INFECTION), List.of(
                    Rle.encode(lungs, Label.LEFT_LUNG.value(), order),
                    Rle.encode(lungs, Label.RIGHT_LUNG.value(), order),
                    Rle.encode(labels, Label.INFECTION.value(), order)), affineText(ct.grid().affine())));
        }

        /** Writes {@code train.pq} listing every case added; call it only when all cases are written. */
        public void finish() {
            H2oTable.write(root.resolve(TABLE), rows);
        }
    }

    private Map<String, List<H2oTable.Row>> rows() {
        if (rowsByImage == null) {
            Map<String, List<H2oTable.Row>> byImage = new LinkedHashMap<>();
            for (H2oTable.Row row : H2oTable.read(root.resolve(TABLE))) {
                byImage.computeIfAbsent(row.image(), k -> new ArrayList<>()).add(row);
            }
            rowsByImage = byImage;
        }
        return rowsByImage;
    }

    /**
     * The label a class name stands for: "left_lung", "Left Lung", "lung-left" and so on;
     * "infection" or "lesion"; or {@link #BOTH_LUNGS} for "lungs" / "lung" (H2O's own export),
     * which {@link LungSides} splits into left and right.
     */
    static int labelOf(String classId) {
        String c = classId.toLowerCase(Locale.ROOT);
        if (c.contains("left")) {
            return Label.LEFT_LUNG.value();
        }
        if (c.contains("right")) {
            return Label.RIGHT_LUNG.value();
        }
        if (c.contains("infect") || c.contains("lesion") || c.contains("covid") || c.contains("ggo")) {
            return Label.INFECTION.value();
        }
        if (c.strip().equals("lungs") || c.strip().equals("lung")) {
            return BOTH_LUNGS;
        }
        throw new InvalidScanException("unknown class_id '" + classId + "': lungseg understands " + UNDERSTOOD);
    }

    /** The classes the table has ground truth for: both lungs whatever their naming, infection when named. */
    @Override
    public List<String> classes() {
        boolean infection = rows().values().stream().flatMap(List::stream).flatMap(r -> r.classIds().stream())
                .anyMatch(c -> labelOf(c) == Label.INFECTION.value());
        return infection ? List.of(LEFT_LUNG, RIGHT_LUNG, INFECTION) : List.of(LEFT_LUNG, RIGHT_LUNG);
    }

    private static boolean[] or(boolean[] a, boolean[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] |= b[i];
        }
        return a;
    }

    static String affineText(Affine a) {
        StringBuilder sb = new StringBuilder();
        for (double v : a.rows()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(v);
        }
        return sb.toString();
    }

    static Affine parseAffine(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 12) {
            throw new InvalidScanException("the affine column needs 12 numbers, got " + parts.length);
        }
        double[] v = new double[12];
        try {
            for (int i = 0; i < 12; i++) {
                v[i] = Double.parseDouble(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new InvalidScanException("the affine column is not numeric: " + text, e);
        }
        Affine a = Affine.ofRows(v);
        if (!a.isFinite() || a.determinant3() == 0) {
            throw new InvalidScanException("the affine column is not a usable affine: " + text);
        }
        return a;
    }

    private static String stripSuffix(String image) {
        return image.endsWith(SUFFIX) ? image.substring(0, image.length() - SUFFIX.length()) : image;
    }
}
