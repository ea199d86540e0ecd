package org.skysift.epochs;

/**
 * Solves normal equations A x = b (A symmetric, positive semi-definite) by Cholesky after scaling A
 * to a unit diagonal, with a small ridge on the scaled diagonal. The Gaussian-times-polynomial kernel
 * basis is nearly degenerate (a narrow Gaussian's high powers differ only beyond where it vanishes),
 * so some directions are unconstrained; the ridge sets them to 0 instead of failing.
 */
final class RidgeSolver {
    private RidgeSolver() {}

    /** x with (A + ridge) x = b; A is read, not changed. */
    static double[] solve(double[][] a, double[] b) {
        int m = b.length;
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            d[i] = a[i][i] > 0 ? 1 / Math.sqrt(a[i][i]) : 0;
        }
        for (double ridge = 1e-10; ridge < 1; ridge *= 100) {
            double[][] l = new double[m][];
            boolean ok = true;
            for (int j = 0; j < m && ok; j++) {
                l[j] = new double[j + 1];
                for (int i = 0; i <= j; i++) {
                    double s = a[j][i] * d[i] * d[j] + (i == j ? ridge + (d[i] == 0 ? 1 : 0) : 0);
                    for (int k = 0; k < i; k++) {
                        s -= l[j][k] * l[i][k];
                    }
                    if (i == j) {
                        if (!(s > 0)) {
                            ok = false;
                            break;
                        }
                        l[j][j] = Math.sqrt(s);
                    } else {
                        l[j][i] = s / l[i][i];
                    }
                }
            }
            if (!ok) {
                continue;
            }
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                double s = b[i] * d[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * y[k];
                }
                y[i] = s / l[i][i];
            }
            double[] x = new double[m];
            for (int i = m - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < m; k++) {
                    s -= l[k][i] * x[k];
                }
                x[i] = s / l[i][i];
            }
            for (int i = 0; i < m; i++) {
                x[i] *= d[i];
            }
            return x;
        }
        throw new IllegalStateException("normal equations of size " + m + " could not be solved");
    }
}
