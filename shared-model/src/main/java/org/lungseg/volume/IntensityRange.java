package org.lungseg.volume;

/**
 * Running summary of voxel intensities, fed chunk by chunk so that a scan's range can be known
 * without holding it: minimum and maximum of the finite values, their mean, how many voxels were
 * NaN or infinite, and whether every finite value is a whole number.
 */
public final class IntensityRange {

    /** Below this a voxel in HU is air or aerated lung (air -1000, lung about -900..-500). */
    public static final double AIR_HU = -500;

    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private long finite;
    private long nonFinite;
    private boolean integral = true;

    public static IntensityRange of(float[] values) {
        IntensityRange r = new IntensityRange();
        r.accept(values, 0, values.length);
        return r;
    }

    public void accept(float[] values, int from, int to) {
        double lo = min;
        double hi = max;
        double s = 0;
        boolean whole = integral;
        long bad = 0;
        for (int i = from; i < to; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) {
                bad++;
                continue;
            }
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
            s += v;
            whole &= v == Math.rint(v);
        }
        min = lo;
        max = hi;
        sum += s;
        finite += (to - from) - bad;
        nonFinite += bad;
        integral = whole;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double mean() {
        return finite == 0 ? Double.NaN : sum / finite;
    }

    public long nonFiniteCount() {
        return nonFinite;
    }

    public boolean allIntegral() {
        return integral;
    }

    /**
     * Whether the values look like CT stored as 8-bit 0..255 after windowing (as the Radiopaedia
     * half of COVID-19-CT-Seg is) rather than Hounsfield units: whole numbers within 0..255.
     * Real HU scans always hold air near -1000. A constant scan (a block of water at 0) is not
     * taken as windowed: one value says nothing of its storage, and read as 0..255 a 0 becomes air.
     */
    public boolean looksWindowed0To255() {
        return finite > 0 && min >= 0 && max <= 255 && max > min && integral;
    }

    /**
     * Whether the values look like Hounsfield units: some voxel is air or lung. A chest CT always
     * holds some; a 0..1 float scan or raw 0..4095 detector numbers (rescale intercept lost) do not.
     */
    public boolean looksLikeHounsfield() {
        return finite > 0 && min < AIR_HU;
    }

    /**
     * Whether the values look like stored CT numbers whose rescale intercept (usually -1024) was
     * lost: none below 0, some above 255.
     */
    public boolean looksLikeMissingIntercept() {
        return finite > 0 && min >= 0 && max > 255;
    }
}
