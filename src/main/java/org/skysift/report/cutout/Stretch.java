package org.skysift.report.cutout;

/**
 * Grey levels for a stamp: values between {@code lo} and {@code hi} (percentiles of the stamp's
 * valid pixels) map linearly onto 0..1. Linear, not asinh: on DSS plates asinh lifted the
 * emulsion grain as much as the faint stars and made every stamp look noisy.
 */
public record Stretch(double lo, double hi) {
    static final double LOW_PERCENTILE = 1.0;
    static final double HIGH_PERCENTILE = 99.5;

    /** The 1st to 99.5th percentile stretch of the finite values; 0..0 when there are none. */
    public static Stretch of(float[] values) {
        double[] p = percentiles(values, LOW_PERCENTILE, HIGH_PERCENTILE);
        return new Stretch(p[0], p[1]);
    }

    /** 0 (at or below lo) to 1 (at or above hi); NaN stays NaN. */
    public double level(double v) {
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        if (!(hi > lo)) {
            return v > hi ? 1 : 0;
        }
        return Math.min(Math.max((v - lo) / (hi - lo), 0), 1);
    }

    /**
     * Percentiles (0..100) of the finite values with linear interpolation between order statistics
     * at rank p / 100 * (m - 1), as numpy's default; NaN each when no value is finite. Selection, not
     * a sort: a 1024-pixel stamp has a million values.
     */
    public static double[] percentiles(float[] values, double... ps) {
        float[] v = new float[values.length];
        int m = 0;
        for (float x : values) {
            if (Float.isFinite(x)) {
                v[m++] = x;
            }
        }
        double[] out = new double[ps.length];
        for (int k = 0; k < ps.length; k++) {
            if (m == 0) {
                out[k] = Double.NaN;
                continue;
            }
            double rank = ps[k] / 100.0 * (m - 1);
            int below = (int) Math.floor(rank);
            double a = select(v, m, below);
            double b = below + 1 < m ? minAbove(v, m, below) : a;
            out[k] = a + (rank - below) * (b - a);
        }
        return out;
    }

    /** The k-th smallest of v[0..m); partitions v so that v[k + 1..m) are not smaller. */
    private static float select(float[] v, int m, int k) {
        int left = 0, right = m - 1;
        while (left < right) {
            float pivot = medianOfThree(v[left], v[(left + right) >>> 1], v[right]);
            int i = left, j = right;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = v[i];
                    v[i++] = v[j];
                    v[j--] = t;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                break;
            }
        }
        return v[k];
    }

    /** After select(v, m, k): the smallest of v[k + 1..m), i.e. the (k + 1)-th smallest. */
    private static float minAbove(float[] v, int m, int k) {
        float min = Float.POSITIVE_INFINITY;
        for (int i = k + 1; i < m; i++) {
            min = Math.min(min, v[i]);
        }
        return min;
    }

    private static float medianOfThree(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
