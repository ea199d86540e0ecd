package org.skysift.calibrate.photometry;

import java.util.Arrays;

/**
 * Fits reference = spline(instrumental) [+ k (colour - colour0)] by weighted least squares with a
 * second-difference penalty on the spline coefficients (a P-spline) and a heavy asymmetric penalty on any
 * decreasing pair of coefficients, re-solved until no pair decreases: the curve comes out monotonic without
 * being forced through binned medians. Outliers (blends, variables, mismatches) are rejected by iterated
 * clipping on the normalised residuals; a clipped star comes back if a later curve fits it.
 */
final class CurveFitter {
    /** Smoothing weight relative to the data's mean weight per coefficient. */
    static final double SMOOTHING = 0.02;
    /** Weight on a decreasing coefficient pair, relative likewise: large enough to flatten it. */
    static final double MONOTONIC = 1e6;
    private static final int MAX_CLIP_ROUNDS = 10;
    private static final int MAX_MONOTONIC_ROUNDS = 50;
    /** A colour term needs this much spread (interquartile range, mag) among the calibrators. */
    static final double MIN_COLOUR_IQR = 0.1;

    /** The curve, the calibrators it kept, and their residuals (reference minus calibrated). */
    record Result(CalibrationCurve curve, boolean[] kept, double[] residual) {}

    private CurveFitter() {}

    static Result fit(Calibrators c, PhotometryOptions o, double width, double height) {
        int n = c.size();
        boolean[] valid = new boolean[n];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int nValid = 0;
        for (int i = 0; i < n; i++) {
            valid[i] = Double.isFinite(c.inst()[i]) && Double.isFinite(c.ref()[i]) && Double.isFinite(c.instErr()[i]);
            if (valid[i]) {
                nValid++;
                lo = Math.min(lo, c.inst()[i]);
                hi = Math.max(hi, c.inst()[i]);
            }
        }
        double colour0 = Double.NaN;
        if (o.colourTerm()) {
            double[] colours = Arrays.stream(indices(valid)).mapToDouble(i -> c.colour()[i]).filter(Double::isFinite)
                    .sorted().toArray();
            if (colours.length >= o.minStars()
                    && colours[colours.length * 3 / 4] - colours[colours.length / 4] >= MIN_COLOUR_IQR) {
                colour0 = colours[colours.length / 2];
            }
        }
        int segments = Math.max(1, Math.min(o.maxSegments(), nValid / PhotometryOptions.STARS_PER_SEGMENT));
        SplineBasis basis = new SplineBasis(lo, hi == lo ? lo + 1 : hi, segments);

        boolean[] kept = valid.clone();
        double[] slope = new double[n];
        Arrays.fill(slope, 1.0);
        Solution s = null;
        for (int round = 0; round < MAX_CLIP_ROUNDS; round++) {
            double[] w = weights(c, slope, o.errorFloor());
            s = solve(basis, c, w, kept, colour0);
            CalibrationCurve curve = s.curve(basis, colour0, null);
            double[] z = new double[n];
            int k = 0;
            double[] absZ = new double[n];
            for (int i = 0; i < n; i++) {
                if (valid[i]) {
                    slope[i] = Math.max(0.1, curve.slope(c.inst()[i]));
                    z[i] = (c.ref()[i] - curve.magnitude(c.inst()[i], c.colour()[i], c.x()[i], c.y()[i]))
                            * Math.sqrt(w[i]);
                    if (kept[i]) {
                        absZ[k++] = Math.abs(z[i]);
                    }
                }
            }
            double scale = 1.4826 * SpatialGrid.median(Arrays.copyOf(absZ, k));
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                boolean keep = valid[i] && Math.abs(z[i]) <= o.clip() * scale;
                changed |= keep != kept[i];
                kept[i] = keep;
            }
            if (!changed) {
                break;
            }
        }
        // refit on the final set so the covariance and curve belong to the stars kept
        double[] w = weights(c, slope, o.errorFloor());
        s = solve(basis, c, w, kept, colour0);
        CalibrationCurve curve = s.curve(basis, colour0, null);
        double[] residual = residuals(c, curve);
        if (o.grid() > 0) {
            SpatialGrid grid = SpatialGrid.fit(o.grid(), width, height, c.x(), c.y(), residual, kept);
            curve = s.curve(basis, colour0, grid);
            residual = residuals(c, curve);
        }
        return new Result(curve, kept, residual);
    }

    private static double[] residuals(Calibrators c, CalibrationCurve curve) {
        double[] r = new double[c.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = c.ref()[i] - curve.magnitude(c.inst()[i], c.colour()[i], c.x()[i], c.y()[i]);
        }
        return r;
    }

    /** Each star's weight: its instrumental error carried through the curve's slope, plus the floor. */
    private static double[] weights(Calibrators c, double[] slope, double floor) {
        double[] w = new double[c.size()];
        for (int i = 0; i < w.length; i++) {
            double e = slope[i] * c.instErr()[i];
            w[i] = 1.0 / (e * e + floor * floor);
        }
        return w;
    }

    private record Solution(double[] coef, double[][] cov, double colourTerm) {
        CalibrationCurve curve(SplineBasis basis, double colour0, SpatialGrid grid) {
            return new CalibrationCurve(basis, coef, cov, colourTerm, colour0, grid);
        }
    }

    private static Solution solve(SplineBasis basis, Calibrators c, double[] w, boolean[] use, double colour0) {
        int k = basis.size();
        boolean colour = Double.isFinite(colour0);
        int p = colour ? k + 1 : k;
        Normal data = new Normal(p);
        double[] b = new double[4];
        int used = 0;
        for (int i = 0; i < c.size(); i++) {
            if (!use[i]) {
                continue;
            }
            used++;
            int j = basis.eval(c.inst()[i], b);
            double dc = colour && Double.isFinite(c.colour()[i]) ? c.colour()[i] - colour0 : 0;
            for (int q = 0; q < 4; q++) {
                for (int r = 0; r < 4; r++) {
                    data.a[j + q][j + r] += w[i] * b[q] * b[r];
                }
                data.b[j + q] += w[i] * b[q] * c.ref()[i];
                if (colour) {
                    data.a[j + q][k] += w[i] * b[q] * dc;
                    data.a[k][j + q] += w[i] * b[q] * dc;
                }
            }
            if (colour) {
                data.a[k][k] += w[i] * dc * dc;
                data.b[k] += w[i] * dc * c.ref()[i];
            }
        }
        double trace = 0;
        for (int j = 0; j < k; j++) {
            trace += data.a[j][j];
        }
        double unit = trace / k;
        if (colour && data.a[k][k] == 0) {
            data.a[k][k] = unit; // no colours among the kept stars: pin the term at zero
        }
        boolean[] decreasing = new boolean[k - 1];
        double[] coef = null;
        double[][] inv = null;
        for (int round = 0; round < MAX_MONOTONIC_ROUNDS; round++) {
            Normal m = new Normal(p);
            for (int q = 0; q < p; q++) {
                m.a[q] = data.a[q].clone();
            }
            System.arraycopy(data.b, 0, m.b, 0, p);
            for (int j = 0; j + 2 < k; j++) {
                addDifference(m.a, new int[] {j, j + 1, j + 2}, new double[] {1, -2, 1}, SMOOTHING * unit);
            }
            for (int j = 0; j + 1 < k; j++) {
                if (decreasing[j]) {
                    addDifference(m.a, new int[] {j, j + 1}, new double[] {-1, 1}, MONOTONIC * unit);
                }
            }
            inv = m.inverse();
            if (inv == null) {
                throw new IllegalStateException("photometric curve: singular system with " + used + " stars");
            }
            coef = Normal.times(inv, m.b);
            boolean changed = false;
            for (int j = 0; j + 1 < k; j++) {
                // a small tolerance: pairs held flat by the penalty sit a hair below zero
                boolean dec = coef[j + 1] - coef[j] < -1e-9 || decreasing[j] && coef[j + 1] - coef[j] < 1e-6;
                changed |= dec != decreasing[j];
                decreasing[j] = dec;
            }
            if (!changed) {
                break;
            }
        }
        double chi2 = 0;
        for (int i = 0; i < c.size(); i++) {
            if (use[i]) {
                int j = basis.eval(c.inst()[i], b);
                double f = b[0] * coef[j] + b[1] * coef[j + 1] + b[2] * coef[j + 2] + b[3] * coef[j + 3];
                if (colour && Double.isFinite(c.colour()[i])) {
                    f += coef[k] * (c.colour()[i] - colour0);
                }
                chi2 += w[i] * (c.ref()[i] - f) * (c.ref()[i] - f);
            }
        }
        double s2 = Math.max(1.0, chi2 / Math.max(1, used - p));
        double[][] cov = new double[k][k];
        for (int q = 0; q < k; q++) {
            for (int r = 0; r < k; r++) {
                cov[q][r] = inv[q][r] * s2;
            }
        }
        return new Solution(Arrays.copyOf(coef, k), cov, colour ? coef[k] : Double.NaN);
    }

    /** Adds weight * (sum_t c_t a_{idx_t})^2 to the normal matrix. */
    private static void addDifference(double[][] a, int[] idx, double[] c, double weight) {
        for (int q = 0; q < idx.length; q++) {
            for (int r = 0; r < idx.length; r++) {
                a[idx[q]][idx[r]] += weight * c[q] * c[r];
            }
        }
    }

    private static int[] indices(boolean[] use) {
        int[] out = new int[use.length];
        int k = 0;
        for (int i = 0; i < use.length; i++) {
            if (use[i]) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }
}
