package org.skysift.extract.psf;

import java.util.Arrays;

/**
 * Fits a {@link PsfModel} to the PSF stars of one image, after the effective-PSF method of Anderson
 * and King (2000) with PSFEx's polynomial variation: each star pixel is a sample of the normalised
 * PSF at its offset from the star centre; the samples of all stars fall at many sub-pixel phases
 * and so fill a grid finer than the pixels. Each iteration refits every star's flux with the
 * current model, then, in every fine cell, fits the residuals (data / flux - model) of the samples
 * falling there by weighted least squares as a polynomial in the stars' positions, and adds the
 * fit. Star positions are taken as given (windowed centroids are unbiased for symmetric stars), so
 * the model centre is the centroid convention. Pixels near other sources are masked; stars whose
 * chi-square stands out are dropped; samples beyond 5 sigma are clipped.
 */
public final class PsfBuilder {
    /** FWHM assumed when no source can tell. */
    static final double DEFAULT_FWHM = 3.0;

    private PsfBuilder() {}

    /**
     * @param sub background-subtracted image, row-major w x h
     * @param rms background rms map, same shape
     * @param c   every detected source with its pass-1 measurements
     */
    public static PsfModel build(float[] sub, float[] rms, int w, int h, PsfCandidates c, PsfParams p) {
        checkImage(sub, rms == null ? null : NoiseMap.of(rms), w, h);
        return build(sub, NoiseMap.of(rms), w, h, c, p);
    }

    /** As {@link #build(float[], float[], int, int, PsfCandidates, PsfParams)} with the rms by pixel. */
    public static PsfModel build(float[] sub, NoiseMap rms, int w, int h, PsfCandidates c, PsfParams p) {
        checkImage(sub, rms, w, h);
        double fwhm = StarSelector.typicalFwhm(c, p);
        boolean known = Double.isFinite(fwhm);
        if (!known) {
            fwhm = DEFAULT_FWHM;
        }
        int radius = p.radiusPx() > 0 ? p.radiusPx() : (int) Math.max(8, Math.min(25, Math.ceil(5 * fwhm)));
        NeighbourGrid grid = new NeighbourGrid(c.x(), c.y(), w + 1, h + 1, radius);
        int[] stars = StarSelector.select(c, p, w, h, radius, fwhm, grid);
        if (stars.length < p.minStars()) {
            return MoffatPsf.fallback(sub, rms, w, h, c, stars, p, radius, fwhm, known);
        }
        int degree = p.degree();
        while (degree > 0 && stars.length < p.starsPerTerm() * PsfModel.termCount(degree)) {
            degree--;
        }
        return new Fit(sub, rms, w, h, c, p, radius, degree, stars, fwhm, grid).run();
    }

    static void checkImage(float[] sub, NoiseMap rms, int w, int h) {
        if (w <= 0 || h <= 0 || sub == null || rms == null || sub.length != w * h || rms.size() != w * h) {
            throw new IllegalArgumentException("psf: image and rms map must both hold " + w + " x " + h
                    + " pixels (image " + (sub == null ? "null" : sub.length) + ", rms "
                    + (rms == null ? "null" : rms.size()) + ")");
        }
    }

    /** One fit: the stars, their masks and fluxes, the growing basis. */
    private static final class Fit {
        private final float[] sub;
        private final NoiseMap rms;
        private final int w;
        private final int h;
        private final PsfParams p;
        private final int radius;
        private final int degree;
        private final int nt;
        private final int os;
        private final int n;
        private final int[] stars;
        private final double[] sx;
        private final double[] sy;
        private final double[] flux;
        private final boolean[] active;
        private final double[][] terms;
        private final boolean[][] masked;
        private final double[][] basis;
        private final double fitRadius;
        private final double fwhm;
        private final int side;
        private final double[] pbuf;

        Fit(float[] sub, NoiseMap rms, int w, int h, PsfCandidates c, PsfParams p, int radius, int degree,
            int[] stars, double fwhm, NeighbourGrid grid) {
            this.sub = sub;
            this.rms = rms;
            this.w = w;
            this.h = h;
            this.p = p;
            this.radius = radius;
            this.degree = degree;
            this.nt = PsfModel.termCount(degree);
            this.os = p.oversampling();
            this.n = 2 * radius * os + 1;
            this.stars = stars;
            this.fwhm = fwhm;
            this.fitRadius = Math.max(2.0, p.fitRadiusFwhm() * fwhm);
            int ns = stars.length;
            sx = new double[ns];
            sy = new double[ns];
            flux = new double[ns];
            active = new boolean[ns];
            terms = new double[ns][nt];
            masked = new boolean[ns][];
            basis = new double[nt][n * n];
            side = 2 * radius + 1;
            pbuf = new double[side * side];
            PsfModel shape = new PsfModel(os, radius, degree, w, h, basis, PsfModel.Origin.PIXEL, new int[0], 0, 0, Double.NaN);
            double maskR = 2.0 * fwhm;
            for (int s = 0; s < ns; s++) {
                int i = stars[s];
                sx[s] = c.x()[i] - 1;
                sy[s] = c.y()[i] - 1;
                active[s] = true;
                shape.terms(sx[s], sy[s], terms[s]);
                boolean[] m = new boolean[side * side];
                int cnt = grid.within(c.x()[i], c.y()[i], radius * Math.sqrt(2) + maskR, i);
                int[] nb = grid.found();
                int xa = (int) Math.round(sx[s]) - radius, ya = (int) Math.round(sy[s]) - radius;
                for (int k = 0; k < cnt; k++) {
                    double nx0 = c.x()[nb[k]] - 1, ny0 = c.y()[nb[k]] - 1;
                    for (int yy = 0; yy < side; yy++) {
                        for (int xx = 0; xx < side; xx++) {
                            if (Circles.within(xa + xx - nx0, ya + yy - ny0, maskR)) {
                                m[yy * side + xx] = true;
                            }
                        }
                    }
                }
                masked[s] = m;
                double fi = c.flux()[i];
                flux[s] = fi > 0 ? fi : apertureSum(s);
            }
        }

        private double apertureSum(int s) {
            int xa = (int) Math.round(sx[s]) - radius, ya = (int) Math.round(sy[s]) - radius;
            double sum = 0;
            for (int yy = 0; yy < side; yy++) {
                for (int xx = 0; xx < side; xx++) {
                    if (Circles.within(xa + xx - sx[s], ya + yy - sy[s], radius)) {
                        sum += sub[(ya + yy) * w + xa + xx];
                    }
                }
            }
            return Math.max(sum, 1e-3);
        }

        private PsfModel current() {
            return new PsfModel(os, radius, degree, w, h, basis, PsfModel.Origin.PIXEL, new int[0], 0, 0, Double.NaN);
        }

        private double variance(int pix, double modelCounts) {
            double r = rms.rms(pix);
            double v = r * r;
            if (p.gain() > 0 && modelCounts > 0) {
                v += modelCounts / p.gain();
            }
            return v;
        }

        PsfModel run() {
            int ns = stars.length;
            int nc = 2 * radius + 1;
            double[] chi = new double[ns];
            for (int it = 0; it < p.iterations(); it++) {
                if (it > 0) {
                    PsfSampler sampler = new PsfSampler(current(), false);
                    for (int s = 0; s < ns; s++) {
                        if (active[s]) {
                            chi[s] = refitFlux(s, sampler);
                        }
                    }
                    if (it >= 2) {
                        dropOutliers(chi);
                    }
                }
                if (nt > 1) {
                    // the variation terms on a pixel-step grid: each node sees every star, so the
                    // polynomial is fitted from hundreds of samples instead of a few dozen
                    double[][] coarse = fitResiduals(nc, radius, 1.0, nt, it);
                    addUpsampled(coarse);
                }
                double[][] fine = fitResiduals(n, radius * os, os, 1, it);
                double[] b0 = basis[0];
                for (int i = 0; i < b0.length; i++) {
                    b0[i] += fine[0][i];
                }
                normalise();
            }
            // final fluxes and fit quality
            PsfModel model = current();
            PsfSampler sampler = new PsfSampler(model, false);
            double chiSum = 0, resSum = 0;
            long npix = 0, nres = 0;
            int used = 0;
            for (int s = 0; s < ns; s++) {
                if (active[s]) {
                    refitFlux(s, sampler);
                }
            }
            for (int s = 0; s < ns; s++) {
                if (!active[s]) {
                    continue;
                }
                used++;
                int xa = (int) Math.round(sx[s]) - radius, ya = (int) Math.round(sy[s]) - radius;
                sampler.prepare(sx[s], sy[s], radius + 1);
                sampler.sample(sx[s], sy[s], xa, ya, side, side, pbuf, null, null, null);
                double peak = 0;
                for (double v : pbuf) {
                    peak = Math.max(peak, v);
                }
                double f = flux[s];
                for (int yy = 0; yy < side; yy++) {
                    for (int xx = 0; xx < side; xx++) {
                        int k = yy * side + xx;
                        double dx = xa + xx - sx[s], dy = ya + yy - sy[s];
                        int pix = (ya + yy) * w + xa + xx;
                        if (masked[s][k] || !Circles.within(dx, dy, fitRadius) || !(rms.rms(pix) > 0)) {
                            continue;
                        }
                        double res = sub[pix] - f * pbuf[k];
                        chiSum += res * res / variance(pix, f * pbuf[k]);
                        npix++;
                        if (Circles.within(dx, dy, fwhm)) {
                            resSum += Math.pow(res / (f * peak), 2);
                            nres++;
                        }
                    }
                }
            }
            int[] usedIdx = new int[used];
            for (int s = 0, k = 0; s < ns; s++) {
                if (active[s]) {
                    usedIdx[k++] = stars[s];
                }
            }
            double chi2 = npix > used ? chiSum / (npix - used) : Double.NaN;
            double resRms = nres > 0 ? Math.sqrt(resSum / nres) : Double.NaN;
            return new PsfModel(os, radius, degree, w, h, basis, PsfModel.Origin.PIXEL, usedIdx, chi2, resRms, Double.NaN);
        }

        /**
         * Residuals of every active star deposited (cloud-in-cell) on a grid of side g whose centre node
         * is cg and whose step is 1/scale pixel, then fitted per node with the first nTerms polynomial
         * terms; returns the per-node coefficients [term][node].
         */
        private double[][] fitResiduals(int g, int cg, double scale, int nTerms, int it) {
            double[] a = new double[g * g * nTerms * nTerms];
            double[] b = new double[g * g * nTerms];
            PsfSampler sampler = new PsfSampler(current(), false);
            // a star's terms are one set for all its pixels: sum its weights per cell first, then add
            // the outer product of its terms once per cell (not once per pixel and corner)
            double[] cellW = new double[g * g], cellR = new double[g * g];
            for (int s = 0; s < stars.length; s++) {
                if (!active[s]) {
                    continue;
                }
                int xa = (int) Math.round(sx[s]) - radius, ya = (int) Math.round(sy[s]) - radius;
                sampler.prepare(sx[s], sy[s], radius + 1);
                sampler.sample(sx[s], sy[s], xa, ya, side, side, pbuf, null, null, null);
                double f = flux[s];
                double[] t = terms[s];
                boolean[] m = masked[s];
                int cMin = g * g, cMax = -1;
                for (int yy = 0; yy < side; yy++) {
                    double dy = ya + yy - sy[s];
                    double vf = cg + dy * scale;
                    int v0 = (int) Math.floor(vf);
                    double fy = vf - v0;
                    if (v0 < 0 || v0 + 1 >= g) {
                        continue;
                    }
                    for (int xx = 0; xx < side; xx++) {
                        int k = yy * side + xx;
                        double dx = xa + xx - sx[s];
                        double uf = cg + dx * scale;
                        int u0 = (int) Math.floor(uf);
                        double fx = uf - u0;
                        if (m[k] || u0 < 0 || u0 + 1 >= g || dx * dx + dy * dy > radius * radius) {
                            continue;
                        }
                        int pix = (ya + yy) * w + xa + xx;
                        float d = sub[pix];
                        if (!(rms.rms(pix) > 0) || Float.isNaN(d)) {
                            continue;
                        }
                        double model = f * pbuf[k];
                        double var = variance(pix, model);
                        if (it >= 2 && Math.abs(d - model) > 5 * Math.sqrt(var) + 0.05 * Math.abs(model)) {
                            continue;
                        }
                        double r = d / f - pbuf[k];
                        double wt = f * f / var;
                        int c0 = v0 * g + u0;
                        accumulate(cellW, cellR, c0, wt * (1 - fx) * (1 - fy), r);
                        accumulate(cellW, cellR, c0 + 1, wt * fx * (1 - fy), r);
                        accumulate(cellW, cellR, c0 + g, wt * (1 - fx) * fy, r);
                        accumulate(cellW, cellR, c0 + g + 1, wt * fx * fy, r);
                        cMin = Math.min(cMin, c0);
                        cMax = Math.max(cMax, c0 + g + 1);
                    }
                }
                for (int cell = cMin; cell <= cMax; cell++) {
                    if (cellW[cell] != 0) {
                        deposit(a, b, cell, nTerms, cellW[cell], cellR[cell], t);
                        cellW[cell] = 0;
                        cellR[cell] = 0;
                    }
                }
            }
            return solveCells(a, b, g * g, nTerms);
        }

        /** Adds the variation terms (k >= 1) of a pixel-step grid to the fine basis, bilinearly. */
        private void addUpsampled(double[][] coarse) {
            int nc = 2 * radius + 1;
            for (int v = 0; v < n; v++) {
                double cv = (double) (v - radius * os) / os + radius;
                int j0 = Math.min(nc - 2, (int) Math.floor(cv));
                double fy = cv - j0;
                for (int u = 0; u < n; u++) {
                    double cu = (double) (u - radius * os) / os + radius;
                    int i0 = Math.min(nc - 2, (int) Math.floor(cu));
                    double fx = cu - i0;
                    for (int k = 1; k < nt; k++) {
                        double[] ck = coarse[k];
                        double val = (1 - fy) * ((1 - fx) * ck[j0 * nc + i0] + fx * ck[j0 * nc + i0 + 1])
                                + fy * ((1 - fx) * ck[(j0 + 1) * nc + i0] + fx * ck[(j0 + 1) * nc + i0 + 1]);
                        basis[k][v * n + u] += val;
                    }
                }
            }
        }

        private static void accumulate(double[] cellW, double[] cellR, int cell, double wt, double r) {
            if (wt > 0) {
                cellW[cell] += wt;
                cellR[cell] += wt * r;
            }
        }

        /** Adds a star's summed weight wt and weighted residual wr of one cell, times its terms t. */
        private static void deposit(double[] a, double[] b, int cell, int nt, double wt, double wr, double[] t) {
            int ab = cell * nt * nt, bb = cell * nt;
            for (int q = 0; q < nt; q++) {
                double wq = wt * t[q];
                b[bb + q] += wr * t[q];
                for (int e = 0; e <= q; e++) {
                    a[ab + q * nt + e] += wq * t[e];
                }
            }
        }

        /** Weighted linear flux in the fit window with the model held; returns the reduced chi-square. */
        private double refitFlux(int s, PsfSampler sampler) {
            int r = Math.min(radius, (int) Math.ceil(fitRadius));
            int xa = (int) Math.round(sx[s]) - r, ya = (int) Math.round(sy[s]) - r;
            int sd = 2 * r + 1;
            sampler.prepare(sx[s], sy[s], r + 1);
            sampler.sample(sx[s], sy[s], xa, ya, sd, sd, pbuf, null, null, null);
            int off = radius - r;
            double spd = 0, spp = 0;
            for (int pass = 0; pass < 2; pass++) {
                spd = 0;
                spp = 0;
                for (int yy = 0; yy < sd; yy++) {
                    for (int xx = 0; xx < sd; xx++) {
                        int pix = (ya + yy) * w + xa + xx;
                        if (masked[s][(yy + off) * side + xx + off] || !(rms.rms(pix) > 0)
                                || !Circles.within(xa + xx - sx[s], ya + yy - sy[s], fitRadius)) {
                            continue;
                        }
                        double pv = pbuf[yy * sd + xx];
                        double iv = 1.0 / variance(pix, flux[s] * pv);
                        spd += pv * sub[pix] * iv;
                        spp += pv * pv * iv;
                    }
                }
                if (spp > 0 && spd > 0) {
                    flux[s] = spd / spp;
                }
                if (p.gain() <= 0) {
                    break;
                }
            }
            double chi = 0;
            int m = 0;
            for (int yy = 0; yy < sd; yy++) {
                for (int xx = 0; xx < sd; xx++) {
                    int pix = (ya + yy) * w + xa + xx;
                    if (masked[s][(yy + off) * side + xx + off] || !(rms.rms(pix) > 0)
                            || !Circles.within(xa + xx - sx[s], ya + yy - sy[s], fitRadius)) {
                        continue;
                    }
                    double model = flux[s] * pbuf[yy * sd + xx];
                    double res = sub[pix] - model;
                    chi += res * res / variance(pix, model);
                    m++;
                }
            }
            return m > 1 ? chi / (m - 1) : 0;
        }

        /** Drops stars whose chi-square is over 3x the median and over 2 (binaries, galaxies, defects). */
        private void dropOutliers(double[] chi) {
            double[] v = new double[chi.length];
            int m = 0;
            for (int s = 0; s < chi.length; s++) {
                if (active[s]) {
                    v[m++] = chi[s];
                }
            }
            if (m == 0) {
                return;
            }
            double med = StarSelector.median(v, m);
            int left = m;
            for (int s = 0; s < chi.length && left > p.minStars(); s++) {
                if (active[s] && chi[s] > 3 * med && chi[s] > 2) {
                    active[s] = false;
                    left--;
                }
            }
        }

        /** Per node: (A + prior + ridge) delta = b for the polynomial coefficients; returns [term][node]. */
        private static double[][] solveCells(double[] a, double[] b, int cells, int nt) {
            double[][] out = new double[nt][cells];
            double[] m = new double[nt * nt];
            double[] x = new double[nt];
            double[] diag = new double[cells];
            int nd = 0;
            for (int cell = 0; cell < cells; cell++) {
                if (a[cell * nt * nt] > 0) {
                    diag[nd++] = a[cell * nt * nt];
                }
            }
            // a prior holding each node at its current value, worth a few percent of a typical node's
            // data: nodes that few samples reach (the rim, unlucky phases) stay put instead of following noise
            double prior = nd > 0 ? 0.03 * StarSelector.median(diag, nd) : 0;
            for (int cell = 0; cell < cells; cell++) {
                int ab = cell * nt * nt, bb = cell * nt;
                double a00 = a[ab];
                if (!(a00 > 0)) {
                    continue;
                }
                for (int q = 0; q < nt; q++) {
                    for (int e = 0; e <= q; e++) {
                        double v = a[ab + q * nt + e];
                        m[q * nt + e] = v;
                        m[e * nt + q] = v;
                    }
                    m[q * nt + q] += prior + (q > 0 ? 1e-3 * a00 : 0);
                    x[q] = b[bb + q];
                }
                if (solve(m, x, nt)) {
                    for (int q = 0; q < nt; q++) {
                        out[q][cell] = x[q];
                    }
                }
            }
            return out;
        }

        /** Constant grid to unit flux, other grids to none (removing any flux they carry along the constant). */
        private void normalise() {
            double s0 = sum(basis[0]);
            if (!(s0 > 0)) {
                return;
            }
            for (int k = 1; k < nt; k++) {
                double ratio = sum(basis[k]) / s0;
                double[] bk = basis[k];
                for (int i = 0; i < bk.length; i++) {
                    bk[i] -= ratio * basis[0][i];
                }
            }
            double scale = (double) os * os / s0;
            for (double[] bk : basis) {
                for (int i = 0; i < bk.length; i++) {
                    bk[i] *= scale;
                }
            }
        }
    }

    static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /** Cholesky solve of the symmetric positive system m x = rhs (in place); false when not positive. */
    static boolean solve(double[] m, double[] x, int n) {
        for (int j = 0; j < n; j++) {
            double d = m[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= m[j * n + k] * m[j * n + k];
            }
            if (!(d > 0)) {
                return false;
            }
            d = Math.sqrt(d);
            m[j * n + j] = d;
            for (int i = j + 1; i < n; i++) {
                double s = m[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= m[i * n + k] * m[j * n + k];
                }
                m[i * n + j] = s / d;
            }
        }
        for (int i = 0; i < n; i++) {
            double s = x[i];
            for (int k = 0; k < i; k++) {
                s -= m[i * n + k] * x[k];
            }
            x[i] = s / m[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) {
                s -= m[k * n + i] * x[k];
            }
            x[i] = s / m[i * n + i];
        }
        return true;
    }
}
