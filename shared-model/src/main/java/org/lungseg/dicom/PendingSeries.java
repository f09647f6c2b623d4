package org.lungseg.dicom;

import java.util.Map;
import java.util.function.Supplier;
import org.lungseg.volume.Grid;
import org.lungseg.volume.Volume;

/**
 * A series chosen and measured from its headers alone: its grid is known, no pixel data has been
 * decoded and no voxel allocated. A caller checks the grid against its memory budget, then
 * {@link #decode()}s it, once.
 */
public final class PendingSeries {

    private final Grid grid;
    private final Map<DicomAttribute, String> attributes;
    private Supplier<Volume> decoder;

    PendingSeries(Grid grid, Map<DicomAttribute, String> attributes, Supplier<Volume> decoder) {
        this.grid = grid;
        this.attributes = Map.copyOf(attributes);
        this.decoder = decoder;
    }

    /** The series' grid (columns x rows x slices and its RAS affine), from the headers. */
    public Grid grid() {
        return grid;
    }

    /** Decodes the slices' pixels into CT numbers; may be called once. */
    public DicomSeries decode() {
        if (decoder == null) {
            throw new IllegalStateException("the series was decoded already");
        }
        Supplier<Volume> d = decoder;
        decoder = null;
        return new DicomSeries(d.get(), grid.nz(), attributes);
    }
}
