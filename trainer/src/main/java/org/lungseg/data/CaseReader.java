package org.lungseg.data;

import java.util.List;

/** A folder of labelled CT cases in one of the layouts the trainer reads. */
public interface CaseReader {

    /** Case names, in a stable order. */
    List<String> names();

    /** Reads one case; bad files raise {@link org.lungseg.volume.InvalidScanException}. */
    LabelledCase read(String name);
}
