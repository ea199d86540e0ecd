package org.skysift.extract.psf;

/**
 * A pixel PSF model in the manner of PSFEx: the effective PSF (the optical PSF already integrated
 * over a pixel, so that a star of flux f centred at (xc, yc) puts f P(x - xc, y - yc) counts in the
 * pixel centred at (x, y)) tabulated on a grid finer than the pixels, one grid per term of a
 * polynomial in the image position:
 * <pre>  P(dx, dy; x, y) = sum_k t_k(x, y) B_k(dx, dy),   t = 1, u, u^2 .. v^d,  u, v = scaled x, y</pre>
 * The constant grid holds unit flux and the others none, so the model is normalised everywhere.
 * Values between grid nodes come from Keys' cubic convolution. Build one with {@link PsfBuilder}.
 */
public final class PsfModel {

    /** How the model was made; anything but {@code PIXEL} is a fallback. */
    public enum Origin {
        /** pixel grids fitted to PSF stars */
        PIXEL,
        /** too few PSF stars: circular Moffat fitted to the few there were */
        MOFFAT_FIT,
        /** no usable PSF star: circular Moffat of the median FWHM (or 3 px) and beta = 3 */
        MOFFAT_DEFAULT
    }

    private final int oversampling;
    private final int radius;
    private final int degree;
    private final int width;
    private final int height;
    private final double[][] basis;
    private final Origin origin;
    private final int[] starsUsed;
    private final double chi2;
    private final double residualRms;
    private final double moffatBeta;
    private final double fwhm;
    private double[][] galaxyBasis;

    PsfModel(int oversampling, int radius, int degree, int width, int height, double[][] basis, Origin origin,
             int[] starsUsed, double chi2, double residualRms, double moffatBeta) {
        this.oversampling = oversampling;
        this.radius = radius;
        this.degree = degree;
        this.width = width;
        this.height = height;
        this.basis = basis;
        this.origin = origin;
        this.starsUsed = starsUsed;
        this.chi2 = chi2;
        this.residualRms = residualRms;
        this.moffatBeta = moffatBeta;
        this.fwhm = fwhmAt(0.5 + width / 2.0, 0.5 + height / 2.0);
    }

    public static int termCount(int degree) {
        return (degree + 1) * (degree + 2) / 2;
    }

    /** Polynomial terms at 0-based pixel (x, y): u^i v^j with i + j <= degree, lower total degree first. */
    void terms(double x, double y, double[] out) {
        double u = (x - (width - 1) / 2.0) / Math.max(1.0, width / 2.0);
        double v = (y - (height - 1) / 2.0) / Math.max(1.0, height / 2.0);
        int k = 0;
        for (int d = 0; d <= degree; d++) {
            for (int j = 0; j <= d; j++) {
                out[k++] = Math.pow(u, d - j) * Math.pow(v, j);
            }
        }
    }

    public int oversampling() {
        return oversampling;
    }

    /** Half-size of the stamp in image pixels. */
    public int radiusPx() {
        return radius;
    }

    /** Side of the fine grid: 2 radius oversampling + 1, the centre at index radius * oversampling. */
    public int gridSize() {
        return 2 * radius * oversampling + 1;
    }

    public int degree() {
        return degree;
    }

    public Origin origin() {
        return origin;
    }

    public boolean isFallback() {
        return origin != Origin.PIXEL;
    }

    /** Indices (into the candidates) of the stars the model was fitted to. */
    public int[] starsUsed() {
        return starsUsed.clone();
    }

    public int starCount() {
        return starsUsed.length;
    }

    /** Reduced chi-square of the PSF stars against the model inside the fit window. */
    public double chi2() {
        return chi2;
    }

    /** RMS of (data - model) / model peak over the PSF stars' core pixels (r <= FWHM); includes their noise. */
    public double residualRms() {
        return residualRms;
    }

    /** Beta of the Moffat fallback; NaN for a pixel model. */
    public double moffatBeta() {
        return moffatBeta;
    }

    /** FWHM in pixels at the image centre (of the effective, pixel-integrated PSF). */
    public double fwhm() {
        return fwhm;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    double[][] basis() {
        return basis;
    }

    /** The fine grid at FITS 1-based (x, y), row-major, gridSize()^2 values summing to oversampling^2. */
    public double[] gridAt(double x, double y) {
        double[] t = new double[basis.length];
        terms(x - 1, y - 1, t);
        int n = gridSize();
        double[] out = new double[n * n];
        for (int k = 0; k < basis.length; k++) {
            double[] b = basis[k];
            double tk = t[k];
            for (int i = 0; i < out.length; i++) {
                out[i] += tk * b[i];
            }
        }
        return out;
    }

    /** FWHM in pixels at FITS (x, y): mean half-maximum radius along the four grid axes. */
    public double fwhmAt(double x, double y) {
        double[] g = gridAt(x, y);
        int n = gridSize(), c = radius * oversampling;
        double peak = g[c * n + c];
        int[][] dirs = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        double sum = 0;
        for (int[] d : dirs) {
            double prev = peak;
            double r = c;
            for (int s = 1; s <= c; s++) {
                double v = g[(c + s * d[1]) * n + c + s * d[0]];
                if (v < peak / 2) {
                    r = s - 1 + (prev - peak / 2) / (prev - v);
                    break;
                }
                prev = v;
            }
            sum += r;
        }
        return 2 * sum / 4 / oversampling;
    }

    /**
     * The basis convolved with a circular exponential disc of scale FWHM / 16 (SExtractor's
     * SPREAD_MODEL galaxy). Convolution is linear, so convolving the grids once serves every position.
     */
    synchronized double[][] galaxyBasis() {
        if (galaxyBasis == null) {
            double[] kernel = exponentialKernel(fwhm / 16.0 * oversampling);
            int kr = (int) Math.round(Math.sqrt(kernel.length)) / 2;
            int n = gridSize();
            double[][] out = new double[basis.length][];
            for (int k = 0; k < basis.length; k++) {
                out[k] = convolve(basis[k], n, kernel, kr);
            }
            galaxyBasis = out;
        }
        return galaxyBasis;
    }

    /** exp(-r / h) integrated over each fine cell (h in fine cells), normalised to unit sum. */
    private static double[] exponentialKernel(double h) {
        int kr = Math.max(1, (int) Math.ceil(8 * h));
        int side = 2 * kr + 1;
        double[] k = new double[side * side];
        int sub = 8;
        double sum = 0;
        for (int b = -kr; b <= kr; b++) {
            for (int a = -kr; a <= kr; a++) {
                double s = 0;
                for (int j = 0; j < sub; j++) {
                    double yy = b - 0.5 + (j + 0.5) / sub;
                    for (int i = 0; i < sub; i++) {
                        double xx = a - 0.5 + (i + 0.5) / sub;
                        s += Math.exp(-Math.sqrt(xx * xx + yy * yy) / h);
                    }
                }
                k[(b + kr) * side + a + kr] = s;
                sum += s;
            }
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    private static double[] convolve(double[] g, int n, double[] k, int kr) {
        int side = 2 * kr + 1;
        double[] out = new double[g.length];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double v = g[y * n + x];
                if (v == 0) {
                    continue;
                }
                for (int b = -kr; b <= kr; b++) {
                    int yy = y + b;
                    if (yy < 0 || yy >= n) {
                        continue;
                    }
                    for (int a = -kr; a <= kr; a++) {
                        int xx = x + a;
                        if (xx >= 0 && xx < n) {
                            out[yy * n + xx] += v * k[(b + kr) * side + a + kr];
                        }
                    }
                }
            }
        }
        return out;
    }
}
