package org.lungseg.phantom;

import java.util.Locale;

/**
 * How much of the lungs a phantom's COVID-19 pneumonia covers, as a target for the infected
 * fraction of the total lung volume, and how large and how dense its lesions are.
 */
public enum Severity {
    NONE(0, 0, 0, 0, 0),
    MILD(0.01, 0.06, 6, 20, 0.15),
    MODERATE(0.12, 0.30, 12, 35, 0.35),
    /** Over half of the lungs: the worse lung is then more than half infected. */
    SEVERE(0.52, 0.75, 22, 55, 0.6);

    private final double minFraction;
    private final double maxFraction;
    private final double minRadiusMm;
    private final double maxRadiusMm;
    private final double consolidationChance;

    Severity(double minFraction, double maxFraction, double minRadiusMm, double maxRadiusMm,
             double consolidationChance) {
        this.minFraction = minFraction;
        this.maxFraction = maxFraction;
        this.minRadiusMm = minRadiusMm;
        this.maxRadiusMm = maxRadiusMm;
        this.consolidationChance = consolidationChance;
    }

    double minFraction() {
        return minFraction;
    }

    double maxFraction() {
        return maxFraction;
    }

    double minRadiusMm() {
        return minRadiusMm;
    }

    double maxRadiusMm() {
        return maxRadiusMm;
    }

    /** Chance that a lesion has a consolidated core rather than ground glass only. */
    double consolidationChance() {
        return consolidationChance;
    }

    /** Parses "none", "mild", "moderate" or "severe" (any case). */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity is one of none, mild, moderate, severe: " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
