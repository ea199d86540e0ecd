package org.skysift.epochs;

/**
 * Least-squares affine fit between matched positions, refitted after dropping pairs whose residual
 * exceeds 3 times the rms (never tighter than {@link #FLOOR_PX}, so that a fit already at the
 * centroiding noise is not eaten away by clipping its own scatter).
 */
final class AffineFit {
    static final double FLOOR_PX = 0.1;
    private static final int MAX_ROUNDS = 6;

    private AffineFit() {}

    /**
     * @param used  pairs kept by the last fit
     * @param rmsPx rms of the kept pairs' residuals (length of the residual vector), pixels
     */
    record Result(Affine affine, int used, double rmsPx) {}

    /** Fits (x, y) -> (u, v); null when fewer than minPairs pairs survive or the geometry is degenerate. */
    static Result fit(double[] x, double[] y, double[] u, double[] v, int minPairs) {
        int n = x.length;
        boolean[] keep = new boolean[n];
        java.util.Arrays.fill(keep, true);
        Result r = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Affine a = solve(x, y, u, v, keep);
            if (a == null) {
                return null;
            }
            double ss = 0;
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (keep[i]) {
                    ss += sq(a, x[i], y[i], u[i], v[i]);
                    m++;
                }
            }
            double rms = Math.sqrt(ss / m);
            r = new Result(a, m, rms);
            double limit2 = Math.pow(Math.max(3 * rms, FLOOR_PX), 2);
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                boolean k = sq(a, x[i], y[i], u[i], v[i]) <= limit2;
                changed |= k != keep[i];
                keep[i] = k;
            }
            if (!changed) {
                break;
            }
        }
        return r != null && r.used() >= minPairs ? r : null;
    }

    private static double sq(Affine a, double x, double y, double u, double v) {
        double dx = a.x(x, y) - u, dy = a.y(x, y) - v;
        return dx * dx + dy * dy;
    }

    /** Normal equations on coordinates centred on their mean, for conditioning. */
    private static Affine solve(double[] x, double[] y, double[] u, double[] v, boolean[] keep) {
        double mx = 0, my = 0;
        int m = 0;
        for (int i = 0; i < x.length; i++) {
            if (keep[i]) {
                mx += x[i];
                my += y[i];
                m++;
            }
        }
        if (m < 3) {
            return null;
        }
        mx /= m;
        my /= m;
        double sxx = 0, sxy = 0, syy = 0, su = 0, sv = 0, sxu = 0, syu = 0, sxv = 0, syv = 0;
        for (int i = 0; i < x.length; i++) {
            if (keep[i]) {
                double dx = x[i] - mx, dy = y[i] - my;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
                su += u[i];
                sv += v[i];
                sxu += dx * u[i];
                syu += dy * u[i];
                sxv += dx * v[i];
                syv += dy * v[i];
            }
        }
        double det = sxx * syy - sxy * sxy;
        if (!(det > 1e-9 * (sxx * syy))) {
            return null;
        }
        double a1 = (sxu * syy - syu * sxy) / det, a2 = (syu * sxx - sxu * sxy) / det;
        double b1 = (sxv * syy - syv * sxy) / det, b2 = (syv * sxx - sxv * sxy) / det;
        double a0 = su / m - a1 * mx - a2 * my, b0 = sv / m - b1 * mx - b2 * my;
        return new Affine(a0, a1, a2, b0, b1, b2);
    }
}
