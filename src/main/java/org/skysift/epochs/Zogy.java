package org.skysift.epochs;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The proper image subtraction of Zackay, Ofek and Gal-Yam (2016, ApJ 830, 27) on two registered,
 * background-subtracted images R and N of one grid, in Fourier space (hats), with R's flux scale
 * F_r = 1 and N's F_n (counts in N per count in R):
 * <pre>
 *   den^2 = sigma_n^2 F_r^2 |P_r|^2 + sigma_r^2 F_n^2 |P_n|^2
 *   D     = (F_r P_r N - F_n P_n R) / den                 (white noise of unit variance)
 *   F_D   = F_r F_n / sqrt(sigma_n^2 F_r^2 + sigma_r^2 F_n^2),   P_D = F_r F_n P_r P_n / (F_D den)
 *   S     = F_D D conj(P_D) = k_n N - k_r R,   k_n = F_r^2 F_n |P_r|^2 conj(P_n) / den^2,
 *                                             k_r = F_r F_n^2 |P_n|^2 conj(P_r) / den^2
 *   F_S   = mean over frequencies of F_r^2 F_n^2 |P_r|^2 |P_n|^2 / den^2
 * </pre>
 * A point source whose flux changed by a (in R's counts) gives S = a F_S at its position, so S / F_S
 * measures the change. S_corr divides S by its standard deviation from the pixels' own variance
 * (V_n convolved with k_n^2 plus V_r with k_r^2: background and source noise) and from the
 * registration error (sigma_ast^2 times the squared gradients of k_n N and k_r R) and from the PSF
 * models' own errors (mismatch^2 times (k_n N)^2 + (k_r R)^2: a model a few per cent off in shape
 * leaves residuals of a few per cent of each star's matched-filtered signal). The background part of
 * that variance is then scaled to S's spread measured on the sky ({@link #skyScale2}): the background
 * RMS of a crowded plate is clipped from pixels that hold faint stars (8-10% high on the test fields,
 * which left S_corr's std at 0.90-0.93 on the sky), and resampled or stacked noise is correlated, so
 * its pixel variance is not what S sees.
 *
 * <p>Planes are padded with zeros (= background) beyond the image by at least the kernels' radius
 * so that the FFTs' wrap-around never folds one edge onto the other. Inputs must be NaN-free.
 */
final class Zogy {
    /** Sky pixels for S's noise: variance within this share of the background's alone. */
    static final double SKY_SHARE = 0.05;
    static final int SKY_MIN_PIXELS = 2000;
    private static final int SKY_HIST_RANGE = 20, SKY_HIST_PER_UNIT = 1000;

    private Zogy() {}

    /**
     * @param d     proper difference image D
     * @param s     proper detection statistic S
     * @param scorr S / sqrt(variance with source and astrometric noise)
     * @param var   that variance, per pixel
     * @param fs    F_S: S per unit flux change
     * @param fd    F_D: D's flux zero point
     * @param noiseScale the background noise of S measured on the sky over the one the planes' variances give
     */
    record Planes(float[] d, float[] s, float[] scorr, float[] var, double fs, double fd, double noiseScale) {}

    /**
     * @param r         reference, background-subtracted, w x h, NaN-free
     * @param n         new image on the same grid
     * @param vr        per-pixel variance of r (background plus source), counts^2
     * @param vn        per-pixel variance of n
     * @param sigmaR    background noise of r (the white noise ZOGY whitens)
     * @param sigmaN    background noise of n
     * @param fn        flux scale of n relative to r
     * @param sigmaAst  registration error per axis, px
     * @param mismatch  PSF-model error as a share of each image's matched-filtered signal (k_n N, k_r R)
     * @param exclude   pixels not to measure S's sky noise on (masked and near a mask); null: take the
     *                  variances as given
     */
    static Planes subtract(float[] r, float[] n, float[] vr, float[] vn, int w, int h, PixelPsf pr, PixelPsf pn,
                           double sigmaR, double sigmaN, double fn, double sigmaAst, double mismatch, boolean[] exclude) {
        int rad = Math.max(pr.radius, pn.radius);
        int pad = 2 * rad + 2;
        int pw = Fft2.goodSize(w + pad), ph = Fft2.goodSize(h + pad);
        Fft2 fft = new Fft2(pw, ph);
        double fr = 1, sr2 = sigmaR * sigmaR, sn2 = sigmaN * sigmaN;
        double fd = fr * fn / Math.sqrt(sn2 * fr * fr + sr2 * fn * fn);
        float[] img = fft.forwardPair(r, n, w, h);      // R + i N
        float[] var = fft.forwardPair(vr, vn, w, h);    // V_r + i V_n
        float[] psf = fft.plane();                      // P_r + i P_n, centred on pixel (0, 0)
        for (int dy = -rad; dy <= rad; dy++) {
            for (int dx = -rad; dx <= rad; dx++) {
                int i = 2 * (Math.floorMod(dy, ph) * pw + Math.floorMod(dx, pw));
                psf[i] = (float) (Math.abs(dx) <= pr.radius && Math.abs(dy) <= pr.radius ? pr.at(dx, dy) : 0);
                psf[i + 1] = (float) (Math.abs(dx) <= pn.radius && Math.abs(dy) <= pn.radius ? pn.at(dx, dy) : 0);
            }
        }
        fft.forwardCompact(psf, rad);
        double[] sums = new double[2];
        float[] ksq = squaredKernels(pr, pn, rad, sn2, sr2, fn, fft, sums);  // k_r^2 + i k_n^2
        // V shares an inverse transform with D (unit variance): in single precision it must come in
        // units of the background's own variance of S, or D's rounding (1e-7 of 1) swamps it
        double vUnit = sr2 * sums[0] + sn2 * sums[1];
        double fs = 0;
        int m = pw * ph;
        for (int k = 0; k < m; k++) {
            int j = fft.partner(k);
            if (j < k) {
                continue;
            }
            // separate the two real planes' spectra at k (their values at -k are the conjugates)
            double rr = half(img, k, j, 0), ri = half(img, k, j, 1), nr = half(img, k, j, 2), ni = half(img, k, j, 3);
            double ar = half(psf, k, j, 0), ai = half(psf, k, j, 1), br = half(psf, k, j, 2), bi = half(psf, k, j, 3);
            double vrr = half(var, k, j, 0), vri = half(var, k, j, 1), vnr = half(var, k, j, 2), vni = half(var, k, j, 3);
            double qrr = half(ksq, k, j, 0), qri = half(ksq, k, j, 1), qnr = half(ksq, k, j, 2), qni = half(ksq, k, j, 3);
            double pr2 = ar * ar + ai * ai, pn2 = br * br + bi * bi;
            double den2 = sn2 * fr * fr * pr2 + sr2 * fn * fn * pn2;
            double dr = 0, di = 0, snr = 0, sni = 0, srr = 0, sri = 0;
            if (den2 > 1e-300) { // else both PSFs vanish at this frequency: nothing of the sky gets through
                double den = Math.sqrt(den2);
                // D = (fr Pr N - fn Pn R) / den
                dr = (fr * (ar * nr - ai * ni) - fn * (br * rr - bi * ri)) / den;
                di = (fr * (ar * ni + ai * nr) - fn * (br * ri + bi * rr)) / den;
                // k_n = fr^2 fn |Pr|^2 conj(Pn) / den^2, k_r = fr fn^2 |Pn|^2 conj(Pr) / den^2
                double cn = fr * fr * fn * pr2 / den2, cr = fr * fn * fn * pn2 / den2;
                snr = cn * (br * nr + bi * ni);
                sni = cn * (br * ni - bi * nr);
                srr = cr * (ar * rr + ai * ri);
                sri = cr * (ar * ri - ai * rr);
                fs += (j == k ? 1 : 2) * fr * fr * fn * fn * pr2 * pn2 / den2;
            }
            // V = k_n^2 (x) V_n + k_r^2 (x) V_r
            double wr = (qnr * vnr - qni * vni + qrr * vrr - qri * vri) / vUnit;
            double wi = (qnr * vni + qni * vnr + qrr * vri + qri * vrr) / vUnit;
            join(img, k, j, snr, sni, srr, sri); // S_n + i S_r
            join(psf, k, j, dr, di, wr, wi);     // D + i V
        }
        fs /= m;
        fft.inverse(img);
        fft.inverse(psf);
        float[] dOut = new float[w * h], sOut = new float[w * h], scorr = new float[w * h], vOut = new float[w * h];
        float[] extra = new float[w * h];  // the astrometric and mismatch terms, apart until the scale is known
        double a2 = sigmaAst * sigmaAst, m2 = mismatch * mismatch;
        int row = 2 * pw;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 2 * (y * pw + x), o = y * w + x;
                double sn = img[i], sr = img[i + 1];
                double e = m2 * (sn * sn + sr * sr);
                if (a2 > 0) {
                    e += a2 * (sq(grad(img, i, x, 2, pw)) + sq(grad(img, i, y, row, ph))
                            + sq(grad(img, i + 1, x, 2, pw)) + sq(grad(img, i + 1, y, row, ph)));
                }
                dOut[o] = psf[i];
                sOut[o] = (float) (sn - sr);
                vOut[o] = (float) (psf[i + 1] * vUnit);
                extra[o] = (float) e;
            }
        }
        double scale2 = exclude == null ? 1 : skyScale2(sOut, vOut, extra, exclude, vUnit);
        for (int o = 0; o < w * h; o++) {
            double v = vOut[o] + (scale2 - 1) * Math.min(vOut[o], vUnit) + extra[o];
            vOut[o] = (float) v;
            scorr[o] = (float) (v > 0 ? sOut[o] / Math.sqrt(v) : 0);
        }
        return new Planes(dOut, sOut, scorr, vOut, fs, fd, Math.sqrt(scale2));
    }

    /**
     * Part q of the two spectra packed in z (z = FFT(a + i b)) at frequency k, -k = j: q = 0, 1 the real
     * and imaginary parts of A(k) = (Z(k) + conj Z(j)) / 2; q = 2, 3 those of B(k) = (Z(k) - conj Z(j)) / 2i.
     */
    private static double half(float[] z, int k, int j, int q) {
        return switch (q) {
            case 0 -> 0.5 * (z[2 * k] + z[2 * j]);
            case 1 -> 0.5 * (z[2 * k + 1] - z[2 * j + 1]);
            case 2 -> 0.5 * (z[2 * k + 1] + z[2 * j + 1]);
            default -> 0.5 * (z[2 * j] - z[2 * k]);
        };
    }

    /** Writes X + i Y at k and at -k = j for Hermitian X, Y given at k. */
    private static void join(float[] z, int k, int j, double xr, double xi, double yr, double yi) {
        z[2 * k] = (float) (xr - yi);
        z[2 * k + 1] = (float) (xi + yr);
        if (j != k) {
            z[2 * j] = (float) (xr + yi);
            z[2 * j + 1] = (float) (yr - xi);
        }
    }

    /**
     * The spectrum of k_r^2 + i k_n^2 on the big plane. The kernels are computed on a small plane of
     * twice the stamp's size (they are about as compact as the PSFs; a small plane sums them
     * periodically, which changes nothing while they fit) and placed at the big plane's origin.
     * sums receives {sum of k_r^2, sum of k_n^2}.
     */
    private static float[] squaredKernels(PixelPsf pr, PixelPsf pn, int rad, double sn2, double sr2, double fn,
                                          Fft2 big, double[] sums) {
        int s = Fft2.goodSize(4 * rad + 4);
        DoubleFFT_2D small = new DoubleFFT_2D(s, s);
        double[] a = new double[2 * s * s], b = new double[2 * s * s];
        for (int dy = -rad; dy <= rad; dy++) {
            for (int dx = -rad; dx <= rad; dx++) {
                int i = 2 * (Math.floorMod(dy, s) * s + Math.floorMod(dx, s));
                a[i] = Math.abs(dx) <= pr.radius && Math.abs(dy) <= pr.radius ? pr.at(dx, dy) : 0;
                b[i] = Math.abs(dx) <= pn.radius && Math.abs(dy) <= pn.radius ? pn.at(dx, dy) : 0;
            }
        }
        small.complexForward(a);
        small.complexForward(b);
        for (int k = 0; k < s * s; k++) {
            double ar = a[2 * k], ai = a[2 * k + 1], br = b[2 * k], bi = b[2 * k + 1];
            double pr2 = ar * ar + ai * ai, pn2 = br * br + bi * bi;
            double den2 = sn2 * pr2 + sr2 * fn * fn * pn2;
            double cn = den2 > 1e-300 ? fn * pr2 / den2 : 0, cr = den2 > 1e-300 ? fn * fn * pn2 / den2 : 0;
            a[2 * k] = cr * ar;     // k_r
            a[2 * k + 1] = -cr * ai;
            b[2 * k] = cn * br;     // k_n
            b[2 * k + 1] = -cn * bi;
        }
        small.complexInverse(a, true);
        small.complexInverse(b, true);
        float[] out = big.plane();
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int dy = y < s / 2 ? y : y - s, dx = x < s / 2 ? x : x - s;
                int i = 2 * (Math.floorMod(dy, big.height) * big.width + Math.floorMod(dx, big.width));
                double kr = a[2 * (y * s + x)], kn = b[2 * (y * s + x)];
                sums[0] += kr * kr;
                sums[1] += kn * kn;
                out[i] = (float) (kr * kr);
                out[i + 1] = (float) (kn * kn);
            }
        }
        big.forwardCompact(out, s / 2);
        return out;
    }

    /**
     * (Measured / predicted)^2 of S's noise where the background alone makes it: pixels outside exclude
     * whose variance is within SKY_SHARE of the background's (no source, gradient or model term worth
     * the name). The prediction assumes white noise of the background RMS; a crowded plate's clipped
     * RMS carries faint stars (8-10% high on the test fields), and resampling or stacking correlates
     * the noise (S sees its low frequencies, not the pixel variance). The robust spread (1.4826 MAD,
     * from histograms) keeps transients and stars out of the estimate. 1 when fewer than
     * SKY_MIN_PIXELS qualify.
     */
    static double skyScale2(float[] s, float[] vPix, float[] extra, boolean[] exclude, double vUnit) {
        double lim = (1 + SKY_SHARE) * vUnit, sd = Math.sqrt(vUnit);
        int bins = 2 * SKY_HIST_RANGE * SKY_HIST_PER_UNIT;
        int[] hist = new int[bins];
        int n = 0;
        for (int o = 0; o < s.length; o++) {
            if (!exclude[o] && vPix[o] + extra[o] <= lim && vPix[o] >= (1 - SKY_SHARE) * vUnit) {
                int b = (int) Math.floor((s[o] / sd + SKY_HIST_RANGE) * SKY_HIST_PER_UNIT);
                hist[Math.max(0, Math.min(bins - 1, b))]++;
                n++;
            }
        }
        if (n < SKY_MIN_PIXELS) {
            return 1;
        }
        double median = quantileBin(hist, n, 0.5) / SKY_HIST_PER_UNIT - SKY_HIST_RANGE;
        int[] dev = new int[bins];
        for (int o = 0; o < s.length; o++) {
            if (!exclude[o] && vPix[o] + extra[o] <= lim && vPix[o] >= (1 - SKY_SHARE) * vUnit) {
                int b = (int) Math.floor(Math.abs(s[o] / sd - median) * SKY_HIST_PER_UNIT);
                dev[Math.min(bins - 1, b)]++;
            }
        }
        double mad = quantileBin(dev, n, 0.5) / SKY_HIST_PER_UNIT;
        double scale = 1.4826 * mad;
        return scale > 0 ? scale * scale : 1;
    }

    /** The q quantile of a histogram of n values in unit bins, interpolated within its bin (bin units). */
    private static double quantileBin(int[] hist, int n, double q) {
        double target = q * n;
        long below = 0;
        for (int b = 0; b < hist.length; b++) {
            if (below + hist[b] >= target) {
                return b + (hist[b] > 0 ? (target - below) / hist[b] : 0);
            }
            below += hist[b];
        }
        return hist.length;
    }

    /** Central difference along one axis (step between neighbours in the array, len pixels), one-sided at the ends. */
    private static double grad(float[] a, int i, int c, int step, int len) {
        if (c == 0) {
            return a[i + step] - a[i];
        }
        if (c == len - 1) {
            return a[i] - a[i - step];
        }
        return (a[i + step] - a[i - step]) / 2.0;
    }

    private static double sq(double v) {
        return v * v;
    }
}
