package org.skysift.calibrate.photometry;

/**
 * Uniform cubic B-splines on [lo, hi] cut into {@code segments} equal pieces: segments + 3 functions, each
 * non-negative and summing to one inside the range. A spline whose coefficients never decrease never
 * decreases, which is how the fit keeps the calibration curve monotonic.
 */
record SplineBasis(double lo, double hi, int segments) {

    SplineBasis {
        if (!(hi > lo) || segments < 1) {
            throw new IllegalArgumentException("spline range [" + lo + ", " + hi + "] with " + segments + " segments");
        }
    }

    int size() {
        return segments + 3;
    }

    double step() {
        return (hi - lo) / segments;
    }

    /**
     * The four non-zero functions at x (clamped into the range) go to {@code out[0..3]}; returns the index of
     * the first of them.
     */
    int eval(double x, double[] out) {
        double t = (Math.min(hi, Math.max(lo, x)) - lo) / step();
        int seg = Math.min(segments - 1, (int) Math.floor(t));
        double u = t - seg, v = 1 - u;
        out[0] = v * v * v / 6;
        out[1] = (3 * u * u * u - 6 * u * u + 4) / 6;
        out[2] = (-3 * u * u * u + 3 * u * u + 3 * u + 1) / 6;
        out[3] = u * u * u / 6;
        return seg;
    }

    /** Like {@link #eval} but the first derivatives in x. */
    int derivative(double x, double[] out) {
        double t = (Math.min(hi, Math.max(lo, x)) - lo) / step();
        int seg = Math.min(segments - 1, (int) Math.floor(t));
        double u = t - seg, v = 1 - u, k = 1 / step();
        out[0] = -v * v / 2 * k;
        out[1] = (9 * u * u - 12 * u) / 6 * k;
        out[2] = (-9 * u * u + 6 * u + 3) / 6 * k;
        out[3] = u * u / 2 * k;
        return seg;
    }
}
