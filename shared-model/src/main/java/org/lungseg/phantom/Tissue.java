package org.lungseg.phantom;

import java.util.Locale;

/**
 * What a phantom voxel is made of. Each voxel of a phantom carries one, so that tests and docs
 * can compare the HU of each tissue with real scans and check where labels fall.
 */
public enum Tissue {
    OUTSIDE_AIR,
    TABLE,
    SKIN,
    FAT,
    MUSCLE,
    BONE,
    MARROW,
    CARTILAGE,
    BLOOD,
    LIVER,
    SPLEEN,
    STOMACH,
    GAS,
    SOFT_TISSUE,
    /** Lumen of the trachea and the main bronchi: air that is not lung. */
    AIRWAY,
    AIRWAY_WALL,
    LUNG,
    VESSEL,
    GROUND_GLASS,
    CONSOLIDATION;

    private static final Tissue[] BY_CODE = values();

    byte code() {
        return (byte) ordinal();
    }

    /** The tissue stored as {@code code} in a phantom's tissue map. */
    public static Tissue ofCode(byte code) {
        return BY_CODE[code];
    }

    /** Name for tables, e.g. "ground glass". */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
