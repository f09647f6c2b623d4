package org.lungseg.dicom;

import java.util.Map;
import org.lungseg.volume.Volume;

/**
 * A CT series read from DICOM: the volume (CT numbers in HU on the series' RAS grid; its warnings
 * say what was skipped or repaired) and the header attributes the caller asked for, from the first
 * slice. Nothing else from the headers is kept.
 */
public record DicomSeries(Volume volume, int slices, Map<DicomAttribute, String> attributes) {

    public DicomSeries {
        attributes = Map.copyOf(attributes);
    }
}
