package org.skysift.epochs;

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
 * registration error (sigma_ast^2 times the squared gradients of k_n N and k_r R).
 *
 * <p>Planes are padded with zeros (= background) beyond the image by at least the kernels' radius
 * so that the FFTs' wrap-around never folds one edge onto the other. Inputs must be NaN-free.
 */
final class Zogy {
    private Zogy() {}

    /**
     * @param d     proper difference image D
     * @param s     proper detection statistic S
     * @param scorr S / sqrt(variance with source and astrometric noise)
     * @param var   that variance, per pixel
     * @param fs    F_S: S per unit flux change
     * @param fd    F_D: D's flux zero point
     */
    record Planes(float[] d, float[] s, float[] scorr, float[] var, double fs, double fd) {}

    /**
     * @param r         reference, background-subtracted, w x h, NaN-free
     * @param n         new image on the same grid
     * @param vr        per-pixel variance of r (background plus source), counts^2
     * @param vn        per-pixel variance of n
     * @param sigmaR    background noise of r (the white noise ZOGY whitens)
     * @param sigmaN    background noise of n
     * @param fn        flux scale of n relative to r
     * @param sigmaAst  registration error per axis, px
     */
    static Planes subtract(float[] r, float[] n, float[] vr, float[] vn, int w, int h, PixelPsf pr, PixelPsf pn,
                           double sigmaR, double sigmaN, double fn, double sigmaAst) {
        int pad = 2 * Math.max(pr.radius, pn.radius) + 2;
        int pw = Fft2.goodSize(w + pad), ph = Fft2.goodSize(h + pad);
        Fft2 fft = new Fft2(pw, ph);
        double[] rh = fft.forward(padded(r, w, h, pw, ph));
        double[] nh = fft.forward(padded(n, w, h, pw, ph));
        double[] prh = fft.forward(kernel(pr, pw, ph));
        double[] pnh = fft.forward(kernel(pn, pw, ph));
        int m = pw * ph;
        double fr = 1, sr2 = sigmaR * sigmaR, sn2 = sigmaN * sigmaN;
        double fd = fr * fn / Math.sqrt(sn2 * fr * fr + sr2 * fn * fn);
        double[] dh = new double[2 * m], snh = new double[2 * m], srh = new double[2 * m];
        double[] knh = new double[2 * m], krh = new double[2 * m];
        double fs = 0;
        for (int k = 0; k < m; k++) {
            double ar = prh[2 * k], ai = prh[2 * k + 1], br = pnh[2 * k], bi = pnh[2 * k + 1];
            double pr2 = ar * ar + ai * ai, pn2 = br * br + bi * bi;
            double den2 = sn2 * fr * fr * pr2 + sr2 * fn * fn * pn2;
            if (!(den2 > 1e-300)) {
                continue; // both PSFs vanish at this frequency: nothing of the sky gets through
            }
            double den = Math.sqrt(den2);
            double nr = nh[2 * k], ni = nh[2 * k + 1], rr = rh[2 * k], ri = rh[2 * k + 1];
            // D = (fr Pr N - fn Pn R) / den
            dh[2 * k] = (fr * (ar * nr - ai * ni) - fn * (br * rr - bi * ri)) / den;
            dh[2 * k + 1] = (fr * (ar * ni + ai * nr) - fn * (br * ri + bi * rr)) / den;
            // k_n = fr^2 fn |Pr|^2 conj(Pn) / den^2, k_r = fr fn^2 |Pn|^2 conj(Pr) / den^2
            double cn = fr * fr * fn * pr2 / den2, cr = fr * fn * fn * pn2 / den2;
            knh[2 * k] = cn * br;
            knh[2 * k + 1] = -cn * bi;
            krh[2 * k] = cr * ar;
            krh[2 * k + 1] = -cr * ai;
            snh[2 * k] = knh[2 * k] * nr - knh[2 * k + 1] * ni;
            snh[2 * k + 1] = knh[2 * k] * ni + knh[2 * k + 1] * nr;
            srh[2 * k] = krh[2 * k] * rr - krh[2 * k + 1] * ri;
            srh[2 * k + 1] = krh[2 * k] * ri + krh[2 * k + 1] * rr;
            fs += fr * fr * fn * fn * pr2 * pn2 / den2;
        }
        fs /= m;
        double[] d = fft.inverseReal(dh);
        double[] sn = fft.inverseReal(snh), sr = fft.inverseReal(srh);
        double[] var = convolvedVariance(fft, knh, krh, padded(vn, w, h, pw, ph), padded(vr, w, h, pw, ph));
        float[] dOut = new float[w * h], sOut = new float[w * h], scorr = new float[w * h], vOut = new float[w * h];
        double a2 = sigmaAst * sigmaAst;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * pw + x, o = y * w + x;
                double s = sn[i] - sr[i];
                double v = var[i];
                if (a2 > 0) {
                    v += a2 * (sq(grad(sn, i, x, 1, pw)) + sq(grad(sn, i, y, pw, ph))
                            + sq(grad(sr, i, x, 1, pw)) + sq(grad(sr, i, y, pw, ph)));
                }
                dOut[o] = (float) d[i];
                sOut[o] = (float) s;
                vOut[o] = (float) v;
                scorr[o] = (float) (v > 0 ? s / Math.sqrt(v) : 0);
            }
        }
        return new Planes(dOut, sOut, scorr, vOut, fs, fd);
    }

    /** V_n (x) k_n^2 + V_r (x) k_r^2, the variance of S from the pixels' variances. */
    private static double[] convolvedVariance(Fft2 fft, double[] knh, double[] krh, double[] vn, double[] vr) {
        double[] kn2h = fft.forward(squared(fft.inverseReal(knh)));
        double[] kr2h = fft.forward(squared(fft.inverseReal(krh)));
        double[] vnh = fft.forward(vn), vrh = fft.forward(vr);
        double[] out = new double[kn2h.length];
        for (int k = 0; k < out.length / 2; k++) {
            out[2 * k] = kn2h[2 * k] * vnh[2 * k] - kn2h[2 * k + 1] * vnh[2 * k + 1]
                    + kr2h[2 * k] * vrh[2 * k] - kr2h[2 * k + 1] * vrh[2 * k + 1];
            out[2 * k + 1] = kn2h[2 * k] * vnh[2 * k + 1] + kn2h[2 * k + 1] * vnh[2 * k]
                    + kr2h[2 * k] * vrh[2 * k + 1] + kr2h[2 * k + 1] * vrh[2 * k];
        }
        return fft.inverseReal(out);
    }

    /** Central difference along one axis (step 1 or the row length), one-sided at the ends. */
    private static double grad(double[] a, int i, int c, int step, int len) {
        if (c == 0) {
            return a[i + step] - a[i];
        }
        if (c == len - 1) {
            return a[i] - a[i - step];
        }
        return (a[i + step] - a[i - step]) / 2;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double[] squared(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * a[i];
        }
        return out;
    }

    private static double[] padded(float[] img, int w, int h, int pw, int ph) {
        double[] out = new double[pw * ph];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * pw + x] = img[y * w + x];
            }
        }
        return out;
    }

    /** The PSF centred on pixel (0, 0) of the padded plane, wrapped, so that it shifts nothing. */
    private static double[] kernel(PixelPsf p, int pw, int ph) {
        double[] out = new double[pw * ph];
        for (int dy = -p.radius; dy <= p.radius; dy++) {
            for (int dx = -p.radius; dx <= p.radius; dx++) {
                out[Math.floorMod(dy, ph) * pw + Math.floorMod(dx, pw)] = p.at(dx, dy);
            }
        }
        return out;
    }
}
