package org.skysift.calibrate.astrometry;

/**
 * Fits the offsets (reference minus measured, in the tangent plane) of matched stars with a pair of
 * polynomials weighted by each star's expected position error, rejecting outliers iteratively: after
 * each fit, a star whose residual exceeds {@code clipSigma} robust sigmas is left out of the next fit
 * (and may come back when the fit moves). Residuals are compared in units of each star's own error
 * (a faint star's centroid scatters more than a bright one's: one unweighted sigma would reject the
 * faint ones wholesale), and the scale of those units is measured, per axis, from the median radial
 * normalised residual (a 2-D Gaussian's radial distance has median 1.1774 sigma), so a handful of
 * wrong matches cannot inflate it.
 *
 * @param dxi     fitted xi offset, arcsec (the input offsets are in arcsec)
 * @param deta    fitted eta offset
 * @param used    stars kept by the last iteration
 * @param rejected stars left out
 * @param residualXi  input offset minus the fit, per star
 * @param residualEta likewise for eta
 */
public record DistortionFit(Polynomial2D dxi, Polynomial2D deta, boolean[] used, int rejected, double[] residualXi,
                            double[] residualEta) {
    private static final int MAX_ITERATIONS = 20;
    /** Normalised residuals below a millionth are rounding (a test's noiseless polynomial). */
    private static final double SIGMA_FLOOR = 1e-6;
    private static final double RAYLEIGH_MEDIAN = Math.sqrt(2 * Math.log(2));

    /** The fit, or null when the polynomial cannot be solved on these stars. */
    public static DistortionFit fit(int degree, double[] u, double[] v, double[] oxi, double[] oeta, double clipSigma) {
        double[] ones = new double[u.length];
        java.util.Arrays.fill(ones, 1.0);
        return fit(degree, u, v, oxi, oeta, ones, clipSigma);
    }

    /**
     * @param sigma each star's expected position error per axis, arcsec (weights 1 / sigma²)
     * @return the fit, or null when the polynomial cannot be solved on these stars
     */
    public static DistortionFit fit(int degree, double[] u, double[] v, double[] oxi, double[] oeta, double[] sigma,
                                    double clipSigma) {
        int n = u.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1 / (sigma[i] * sigma[i]);
        }
        boolean[] use = new boolean[n];
        java.util.Arrays.fill(use, true);
        double[] rx = new double[n], ry = new double[n];
        Polynomial2D px = null, py = null;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            px = Polynomial2D.fit(degree, u, v, oxi, w, use);
            py = Polynomial2D.fit(degree, u, v, oeta, w, use);
            if (px == null || py == null) {
                return null;
            }
            double[] r = new double[n];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                rx[i] = oxi[i] - px.at(u[i], v[i]);
                ry[i] = oeta[i] - py.at(u[i], v[i]);
                r[i] = Math.hypot(rx[i], ry[i]) / sigma[i];
            }
            double[] keptR = new double[n];
            for (int i = 0; i < n; i++) {
                if (use[i]) {
                    keptR[kept++] = r[i];
                }
            }
            // floor: exact offsets (a test's noiseless polynomial) must not reject on rounding
            double scale = Math.max(SIGMA_FLOOR,
                    ResidualGrid.median(java.util.Arrays.copyOf(keptR, kept)) / RAYLEIGH_MEDIAN);
            boolean[] next = new boolean[n];
            int nextKept = 0;
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                next[i] = r[i] <= clipSigma * scale;
                nextKept += next[i] ? 1 : 0;
                changed |= next[i] != use[i];
            }
            if (!changed || nextKept < Polynomial2D.terms(degree) + 1) {
                break;
            }
            use = next;
        }
        int rejected = 0;
        for (boolean b : use) {
            rejected += b ? 0 : 1;
        }
        return new DistortionFit(px, py, use, rejected, rx, ry);
    }
}
