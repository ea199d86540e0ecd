package org.skysift.calibrate.astrometry;

/**
 * A polynomial in two variables of total degree at most {@code degree}, with terms u^i v^j ordered by
 * total degree then by falling power of u (1, u, v, u², uv, v², ...). Inputs are expected already
 * scaled to about [-1, 1] (see {@link DistortionModel}) so the normal equations stay well conditioned.
 */
public record Polynomial2D(int degree, double[] coefficients) {

    public Polynomial2D {
        if (degree < 0) {
            throw new IllegalArgumentException("polynomial degree " + degree + " is negative");
        }
        if (coefficients.length != terms(degree)) {
            throw new IllegalArgumentException("degree " + degree + " needs " + terms(degree) + " coefficients, got "
                    + coefficients.length);
        }
    }

    /** Number of terms of a full polynomial of that total degree: (d + 1)(d + 2) / 2. */
    public static int terms(int degree) {
        return (degree + 1) * (degree + 2) / 2;
    }

    /** The term values at (u, v) into {@code out} (length {@link #terms}). */
    public static void basis(int degree, double u, double v, double[] out) {
        int k = 0;
        for (int d = 0; d <= degree; d++) {
            for (int j = 0; j <= d; j++) {
                out[k++] = Math.pow(u, d - j) * Math.pow(v, j);
            }
        }
    }

    public double at(double u, double v) {
        double[] b = new double[coefficients.length];
        basis(degree, u, v, b);
        double s = 0;
        for (int k = 0; k < b.length; k++) {
            s += coefficients[k] * b[k];
        }
        return s;
    }

    /** Unweighted least-squares fit of z over the points with {@code use[i]} true; see the weighted form. */
    public static Polynomial2D fit(int degree, double[] u, double[] v, double[] z, boolean[] use) {
        double[] ones = new double[u.length];
        java.util.Arrays.fill(ones, 1.0);
        return fit(degree, u, v, z, ones, use);
    }

    /**
     * Weighted least-squares fit of z over the points with {@code use[i]} true (weight = 1 / variance).
     * Solved through the normal equations by Cholesky; null when they are singular (too few or
     * degenerate points).
     */
    public static Polynomial2D fit(int degree, double[] u, double[] v, double[] z, double[] weight, boolean[] use) {
        int m = terms(degree);
        double[][] a = new double[m][m];
        double[] rhs = new double[m];
        double[] b = new double[m];
        int n = 0;
        for (int i = 0; i < u.length; i++) {
            if (!use[i]) {
                continue;
            }
            n++;
            basis(degree, u[i], v[i], b);
            double wi = weight[i];
            for (int p = 0; p < m; p++) {
                rhs[p] += wi * b[p] * z[i];
                for (int q = 0; q <= p; q++) {
                    a[p][q] += wi * b[p] * b[q];
                }
            }
        }
        if (n < m) {
            return null;
        }
        double[] c = Cholesky.solve(a, rhs);
        return c == null ? null : new Polynomial2D(degree, c);
    }
}
