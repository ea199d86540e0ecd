package org.skysift.epochs;

/**
 * A fitted, spatially varying matching kernel plus a differential background: element 0's
 * coefficient is one constant (the photometric scale: every other element sums to 0), the other
 * elements' coefficients are polynomials of degree {@code spatialDegree} in the scaled position, the
 * background one of degree {@code backgroundDegree}.
 *
 * @param coefficients unknowns in the order of {@link #offset}: element 0, elements 1.. (one polynomial
 *                     each), background
 * @param stamps       stamps the final fit used
 * @param rejected     stamps rejected by the sigma clipping of their residuals
 */
record KernelSolution(KernelBasis basis, double[] coefficients, int spatialDegree, int backgroundDegree, int width,
                      int height, int stamps, int rejected) {

    /** The kernel sum: counts of the matched image per count of the convolved one. */
    double scale() {
        return coefficients[0];
    }

    static int unknowns(int elements, int spatialDegree, int backgroundDegree) {
        return offset(elements, elements, spatialDegree) + terms(backgroundDegree);
    }

    /** First unknown of local function l (elements 0..n-1, background n). */
    static int offset(int l, int elements, int spatialDegree) {
        return l == 0 ? 0 : 1 + (l - 1) * terms(spatialDegree);
    }

    static int terms(int degree) {
        return (degree + 1) * (degree + 2) / 2;
    }

    /** Monomials x^a y^b, a + b <= degree, of the position scaled to [-1, 1] over the image. */
    static double[] monomials(double x, double y, int width, int height, int degree) {
        double xn = (x - (width - 1) / 2.0) / Math.max(1, (width - 1) / 2.0);
        double yn = (y - (height - 1) / 2.0) / Math.max(1, (height - 1) / 2.0);
        double[] t = new double[terms(degree)];
        int q = 0;
        for (int d = 0; d <= degree; d++) {
            for (int b = 0; b <= d; b++) {
                t[q++] = Math.pow(xn, d - b) * Math.pow(yn, b);
            }
        }
        return t;
    }

    /** Coefficients of the local functions (elements, then background) at 0-based pixel (x, y). */
    double[] local(double x, double y) {
        int n = basis.size();
        double[] ts = monomials(x, y, width, height, spatialDegree);
        double[] a = new double[n + 1];
        a[0] = coefficients[0];
        for (int k = 1; k < n; k++) {
            int o = offset(k, n, spatialDegree);
            for (int p = 0; p < ts.length; p++) {
                a[k] += coefficients[o + p] * ts[p];
            }
        }
        a[n] = background(x, y);
        return a;
    }

    /** The differential background at 0-based pixel (x, y). */
    double background(double x, double y) {
        double[] tb = monomials(x, y, width, height, backgroundDegree);
        int o = offset(basis.size(), basis.size(), spatialDegree);
        double b = 0;
        for (int p = 0; p < tb.length; p++) {
            b += coefficients[o + p] * tb[p];
        }
        return b;
    }

    /** The kernel at 0-based pixel (x, y), (2 half + 1)^2 row-major. */
    double[] kernelAt(double x, double y) {
        double[] a = local(x, y);
        return basis.kernel(java.util.Arrays.copyOf(a, basis.size()));
    }

    /** K(x, y) . img + background over the whole image: the model of the other image. */
    float[] apply(float[] img) {
        int n = basis.size(), m = width * height;
        double[] model = new double[m];
        // per-pixel monomials once; each element then adds its polynomial coefficient times its plane
        int nt = terms(spatialDegree);
        double[][] t = new double[nt][m];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] ts = monomials(x, y, width, height, spatialDegree);
                for (int p = 0; p < nt; p++) {
                    t[p][y * width + x] = ts[p];
                }
                model[y * width + x] = background(x, y);
            }
        }
        basis.correlate(img, width, height, 0, 0, width, height, (k, plane) -> {
            if (k == 0) {
                for (int i = 0; i < m; i++) {
                    model[i] += coefficients[0] * plane[i];
                }
                return;
            }
            int o = offset(k, n, spatialDegree);
            for (int i = 0; i < m; i++) {
                double c = 0;
                for (int p = 0; p < nt; p++) {
                    c += coefficients[o + p] * t[p][i];
                }
                model[i] += c * plane[i];
            }
        });
        float[] out = new float[m];
        for (int i = 0; i < m; i++) {
            out[i] = (float) model[i];
        }
        return out;
    }
}
