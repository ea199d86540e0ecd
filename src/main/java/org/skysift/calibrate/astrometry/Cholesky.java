package org.skysift.calibrate.astrometry;

/** Solves a symmetric positive-definite system given by its lower triangle (the normal equations). */
final class Cholesky {
    private Cholesky() {}

    /** x with A x = b, A's lower triangle in {@code a} (overwritten); null when A is not positive definite. */
    static double[] solve(double[][] a, double[] b) {
        int m = b.length;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            scale = Math.max(scale, Math.abs(a[i][i]));
        }
        for (int j = 0; j < m; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= a[j][k] * a[j][k];
            }
            // relative pivot floor: a near-zero pivot means the points do not constrain a term
            if (!(d > 1e-12 * scale)) {
                return null;
            }
            double l = Math.sqrt(d);
            a[j][j] = l;
            for (int i = j + 1; i < m; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= a[i][k] * a[j][k];
                }
                a[i][j] = s / l;
            }
        }
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[i][k] * y[k];
            }
            y[i] = s / a[i][i];
        }
        double[] x = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < m; k++) {
                s -= a[k][i] * x[k];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }
}
