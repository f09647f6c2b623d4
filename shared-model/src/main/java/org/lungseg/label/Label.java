package org.lungseg.label;

/**
 * The classes of a lung label map, with the values COVID-19-CT-Seg's
 * {@code Lung_and_Infection_Mask} uses. Left and right are the patient's. Colours are for
 * previews: lungs in cool colours so that infection, in warm orange-red, stands out over them.
 */
public enum Label {
    BACKGROUND(0, "background", 0x000000),
    LEFT_LUNG(1, "left lung", 0x3C78DC),
    RIGHT_LUNG(2, "right lung", 0x3CB45A),
    INFECTION(3, "infection", 0xF0502D);

    private static final Label[] BY_VALUE = values();

    private final int value;
    private final String displayName;
    private final int rgb;

    Label(int value, String displayName, int rgb) {
        this.value = value;
        this.displayName = displayName;
        this.rgb = rgb;
    }

    /** The voxel value in a label map. */
    public int value() {
        return value;
    }

    /** Name for tables and reports, e.g. "left lung". */
    public String displayName() {
        return displayName;
    }

    /** Preview colour as 0xRRGGBB. */
    public int rgb() {
        return rgb;
    }

    public boolean isLung() {
        return this == LEFT_LUNG || this == RIGHT_LUNG;
    }

    /** The label with this voxel value. */
    public static Label fromValue(int value) {
        if (value < 0 || value >= BY_VALUE.length) {
            throw new IllegalArgumentException("no label has value " + value
                    + " (0 background, 1 left lung, 2 right lung, 3 infection)");
        }
        return BY_VALUE[value];
    }
}
