package org.skysift.calibrate.photometry;

/** A small symmetric normal-equation system: accumulate, solve, and invert for the covariance. */
final class Normal {
    final int n;
    final double[][] a;
    final double[] b;

    Normal(int n) {
        this.n = n;
        this.a = new double[n][n];
        this.b = new double[n];
    }

    /**
     * Gauss-Jordan with partial pivoting on a copy: the inverse of {@code a}, or null when it is singular.
     * The systems are at most a dozen or so unknowns, so clarity wins over speed here.
     */
    double[][] inverse() {
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            if (Math.abs(m[p][c]) < 1e-300) {
                return null;
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double d = m[c][c];
            for (int k = 0; k < 2 * n; k++) {
                m[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    static double[] times(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += m[i][j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }
}
