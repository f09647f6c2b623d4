package org.lungseg.data;

import java.util.List;
import org.lungseg.inference.ModelCard;

/** A folder of labelled CT cases in one of the layouts the trainer reads. */
public interface CaseReader {

    /** Case names, in a stable order. */
    List<String> names();

    /** Reads one case; bad files raise {@link org.lungseg.volume.InvalidScanException}. */
    LabelledCase read(String name);

    /** The model classes this source has ground truth for, in channel order. */
    default List<String> classes() {
        return List.of(ModelCard.LEFT_LUNG, ModelCard.RIGHT_LUNG, ModelCard.INFECTION);
    }
}
