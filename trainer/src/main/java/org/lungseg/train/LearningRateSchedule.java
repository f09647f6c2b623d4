package org.lungseg.train;

/**
 * Hydrogen Torch's schedules as a function of the step: linear warm-up over {@code warmupSteps},
 * then cosine decay from {@code base} to 0 at {@code totalSteps} ({@code Cosine}), or constant.
 */
public record LearningRateSchedule(String kind, double base, long warmupSteps, long totalSteps) {

    public double at(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        if (!"Cosine".equalsIgnoreCase(kind)) {
            return base;
        }
        long decay = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decay);
        return base * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
