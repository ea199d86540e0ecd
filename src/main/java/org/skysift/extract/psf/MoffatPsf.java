package org.skysift.extract.psf;

/**
 * The fallback when too few PSF stars pass: a circular Moffat I(r) = (beta - 1) / (pi alpha^2)
 * (1 + r^2 / alpha^2)^-beta, fitted (FWHM by golden section for each beta of a grid, fluxes linear)
 * to whatever stars there are, or of the typical FWHM and beta = 3 when there are none. It is
 * tabulated as a degree-0 pixel model so that pass 2 runs the same code either way.
 */
final class MoffatPsf {
    private static final double[] BETAS = {1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 7.0, 10.0};
    private static final int SUB = 3;

    private MoffatPsf() {}

    static PsfModel fallback(float[] sub, NoiseMap rms, int w, int h, PsfCandidates c, int[] stars, PsfParams p,
                             int radius, double fwhm, boolean fwhmKnown) {
        double bestFwhm = fwhm, bestBeta = 3.0, bestChi = Double.NaN;
        PsfModel.Origin origin = PsfModel.Origin.MOFFAT_DEFAULT;
        int[] used = new int[0];
        if (stars.length > 0) {
            double best = Double.POSITIVE_INFINITY;
            double win = Math.max(3.0, 2.0 * fwhm);
            for (double beta : BETAS) {
                double lo = 0.5 * fwhm, hi = 2.0 * fwhm;
                double g = (Math.sqrt(5) - 1) / 2;
                double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
                double fa = chi2(sub, rms, w, c, stars, a, beta, win), fb = chi2(sub, rms, w, c, stars, b, beta, win);
                for (int it = 0; it < 30 && hi - lo > 1e-3 * fwhm; it++) {
                    if (fa < fb) {
                        hi = b;
                        b = a;
                        fb = fa;
                        a = hi - g * (hi - lo);
                        fa = chi2(sub, rms, w, c, stars, a, beta, win);
                    } else {
                        lo = a;
                        a = b;
                        fa = fb;
                        b = lo + g * (hi - lo);
                        fb = chi2(sub, rms, w, c, stars, b, beta, win);
                    }
                }
                double f = 0.5 * (lo + hi);
                double chi = chi2(sub, rms, w, c, stars, f, beta, win);
                if (chi < best) {
                    best = chi;
                    bestFwhm = f;
                    bestBeta = beta;
                }
            }
            bestChi = best;
            origin = PsfModel.Origin.MOFFAT_FIT;
            used = stars.clone();
        }
        int os = p.oversampling();
        int n = 2 * radius * os + 1, c0 = radius * os;
        double alpha = alpha(bestFwhm, bestBeta);
        double[] grid = new double[n * n];
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                grid[v * n + u] = pixelIntegrated((double) (u - c0) / os, (double) (v - c0) / os, alpha, bestBeta);
            }
        }
        double s = PsfBuilder.sum(grid);
        for (int i = 0; i < grid.length; i++) {
            grid[i] *= (double) os * os / s;
        }
        return new PsfModel(os, radius, 0, w, h, new double[][] {grid}, origin, used, bestChi, Double.NaN, bestBeta);
    }

    static double alpha(double fwhm, double beta) {
        return fwhm / (2.0 * Math.sqrt(Math.pow(2.0, 1.0 / beta) - 1.0));
    }

    /** Mean of the unit-flux Moffat over the pixel centred at offset (dx, dy): SUB x SUB samples. */
    static double pixelIntegrated(double dx, double dy, double alpha, double beta) {
        double norm = (beta - 1) / (Math.PI * alpha * alpha);
        double s = 0;
        for (int j = 0; j < SUB; j++) {
            double yy = dy - 0.5 + (j + 0.5) / SUB;
            for (int i = 0; i < SUB; i++) {
                double xx = dx - 0.5 + (i + 0.5) / SUB;
                s += Math.pow(1 + (xx * xx + yy * yy) / (alpha * alpha), -beta);
            }
        }
        return norm * s / (SUB * SUB);
    }

    /** Reduced chi-square of the stars against the Moffat, each star's flux fitted linearly. */
    private static double chi2(float[] sub, NoiseMap rms, int w, PsfCandidates c, int[] stars, double fwhm,
                               double beta, double win) {
        double alpha = alpha(fwhm, beta);
        int r = (int) Math.ceil(win);
        double chi = 0;
        int m = 0;
        int side = 2 * r + 1;
        double[] model = new double[side * side];
        for (int i : stars) {
            double xc = c.x()[i] - 1, yc = c.y()[i] - 1;
            int xa = (int) Math.round(xc) - r, ya = (int) Math.round(yc) - r;
            double spd = 0, spp = 0;
            for (int yy = 0; yy < side; yy++) {
                for (int xx = 0; xx < side; xx++) {
                    int pix = (ya + yy) * w + xa + xx;
                    double pv = pixelIntegrated(xa + xx - xc, ya + yy - yc, alpha, beta);
                    model[yy * side + xx] = pv;
                    if (rms.rms(pix) > 0) {
                        double iv = 1.0 / (rms.rms(pix) * rms.rms(pix));
                        spd += pv * sub[pix] * iv;
                        spp += pv * pv * iv;
                    }
                }
            }
            double f = spp > 0 ? spd / spp : 0;
            for (int yy = 0; yy < side; yy++) {
                for (int xx = 0; xx < side; xx++) {
                    int pix = (ya + yy) * w + xa + xx;
                    if (rms.rms(pix) > 0) {
                        double res = sub[pix] - f * model[yy * side + xx];
                        chi += res * res / (rms.rms(pix) * rms.rms(pix));
                        m++;
                    }
                }
            }
        }
        return m > stars.length + 2 ? chi / (m - stars.length - 2) : chi;
    }
}
