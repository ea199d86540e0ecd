package org.skysift.epochs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.skysift.wcs.Wcs;

/**
 * Difference imaging by a fitted matching kernel (Alard &amp; Lupton 1998, ApJ 503, 325; spatially
 * varying kernel: Alard 2000, A&amp;AS 144, 363), the alternative to {@link Zogy}. The image with the
 * sharper PSF (smaller FWHM) is correlated with a kernel K fitted on stars so that it matches the other
 * ({@link KernelFit}); K's sum is the photometric scale and is spatially constant. With R the
 * reference and N the new image, both background-subtracted on the reference grid:
 * <pre>
 *   R sharper:  D = (N - K . R - bg) / sum(K)      (flux scale F_n = sum(K))
 *   N sharper:  D = K . N + bg - R                 (F_n = 1 / sum(K))
 * </pre>
 * so D is new minus reference in the reference's counts, with the blurrier image's PSF P. Detection
 * runs on D correlated with P (the matched filter) divided by its standard deviation, propagated from
 * the pixels' variances (P^2 . V_blurry + (P * K)^2 . V_sharp, K at the image centre, over F_n^2 when
 * R is the one convolved): the significance, which white noise in both images gives standard deviation 1.
 * Unlike ZOGY's S_corr there is no registration-error term: the kernel's odd elements fit the residual
 * shift between the images on the stamps (spatially, like the rest of the kernel), and with the term
 * (sigma_ast from the registration rms, which centroid noise inflates) the significance's standard
 * deviation fell to 0.80-0.84 on the null pairs with no false transient gained or lost. A point change of a reference counts raises the filtered image by a sum(P^2)
 * at its position: that is the flux per unit of the filtered image, {@link DiffResult#fluxPerS()}.
 *
 * <p>In the {@link DiffResult}: {@code d} is D in reference counts (not ZOGY's unit-noise D),
 * {@code scorr} the significance above, {@code fluxScale} F_n from the kernel sum, {@code scaleStars}
 * the stamps the kernel was fitted on (after clipping), {@code fluxPerS} sum(P^2).
 */
public final class AlardLupton {
    /** Basis Gaussians in units of the matching sigma (HOTPANTS' advice: 0.5, 1, 2 x sigma_match). */
    static final double[] SIGMA_FACTORS = {0.5, 1.0, 2.0};
    static final int[] DEGREES = {6, 4, 2};
    /** Matching sigma floor, px: two PSFs of nearly equal width still need a kernel that can shift and reshape. */
    static final double MIN_MATCH_SIGMA = 0.7;
    /** Kernel half-width in FWHM of the blurrier PSF (HOTPANTS' default is 2.5 FWHM). */
    static final double HALF_WIDTH_FWHMS = 2.5;
    private static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));

    private final DiffSettings settings;

    AlardLupton(DiffSettings settings) {
        this.settings = settings;
    }

    /** Whether the reference is the image convolved: its PSF is the sharper (ties convolve the reference). */
    static boolean convolvesReference(double fwhmRef, double fwhmNew) {
        return fwhmRef <= fwhmNew;
    }

    /** One line saying which image was convolved and with what, for the CLI. */
    public static String describe(DiffResult r) {
        boolean ref = convolvesReference(r.fwhmRef(), r.fwhmNew());
        return String.format(Locale.ROOT, "Alard-Lupton: convolved the %s image (FWHM %.2f px) to the %s's (%.2f px);"
                        + " kernel fitted on %d stamps, kernel sum %.4f (flux scale F_n %.4f)", ref ? "reference" : "new",
                ref ? r.fwhmRef() : r.fwhmNew(), ref ? "new image" : "reference", ref ? r.fwhmNew() : r.fwhmRef(),
                r.scaleStars(), ref ? r.fluxScale() : 1 / r.fluxScale(), r.fluxScale());
    }

    /**
     * @param p        both images on the reference grid as {@link Differencer} prepared them (masked pixels
     *                 0 with background variance)
     * @param stars    the reference's stars (FITS 1-based), brightest first: the stamp candidates
     * @param fwhmRef  reference PSF FWHM, px
     */
    DiffResult diff(DiffResult.Planes p, int w, int h, FrameStars stars, FrameRegistration reg, double sigmaRef,
                    double sigmaNew, double fwhmRef, double fwhmNew, Wcs refWcs) {
        boolean refSharp = convolvesReference(fwhmRef, fwhmNew);
        float[] sharp = refSharp ? p.reference() : p.fresh(), blurry = refSharp ? p.fresh() : p.reference();
        float[] vSharp = refSharp ? p.varReference() : p.varFresh(), vBlurry = refSharp ? p.varFresh() : p.varReference();
        PixelPsf psf = refSharp ? p.psfFresh() : p.psfReference();
        double fwhmS = Math.min(fwhmRef, fwhmNew), fwhmB = Math.max(fwhmRef, fwhmNew);
        double sMatch = Math.sqrt(Math.max(0, fwhmB * fwhmB - fwhmS * fwhmS)) / FWHM_PER_SIGMA;
        double base = Math.max(MIN_MATCH_SIGMA, sMatch);
        double[] sigmas = new double[SIGMA_FACTORS.length];
        for (int i = 0; i < sigmas.length; i++) {
            sigmas[i] = SIGMA_FACTORS[i] * base;
        }
        int half = (int) Math.ceil(Math.max(3 * sigmas[sigmas.length - 1], HALF_WIDTH_FWHMS * fwhmB));
        KernelBasis basis = new KernelBasis(sigmas, DEGREES, half);
        double[] sx = new double[stars.size()], sy = new double[stars.size()];
        for (int i = 0; i < sx.length; i++) {
            sx[i] = stars.x()[i] - 1;
            sy[i] = stars.y()[i] - 1;
        }
        KernelSolution k = KernelFit.fit(basis, sharp, blurry, vSharp, vBlurry, p.masked(), w, h, sx, sy, half);
        float[] model = k.apply(sharp);
        double sum = k.scale();
        if (!(sum > 0)) {
            throw new IllegalArgumentException("Alard-Lupton: the fitted kernel has sum " + sum + " (no photometric scale)");
        }
        double fn = refSharp ? sum : 1 / sum;
        double c = refSharp ? sum : 1, sign = refSharp ? 1 : -1; // D = sign (blurry - model) / c
        float[] d = new float[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = p.masked()[i] ? 0 : (float) (sign * (blurry[i] - model[i]) / c);
        }

        // matched filter with P, and its variance through P^2 and (P * K)^2
        int rp = psf.radius, sideP = 2 * rp + 1;
        double[] pk = new double[sideP * sideP], p2 = new double[sideP * sideP];
        double sumP2 = 0;
        for (int v = -rp; v <= rp; v++) {
            for (int u = -rp; u <= rp; u++) {
                double a = psf.at(u, v);
                pk[(v + rp) * sideP + u + rp] = a;
                p2[(v + rp) * sideP + u + rp] = a * a;
                sumP2 += a * a;
            }
        }
        double[] kc = k.kernelAt((w - 1) / 2.0, (h - 1) / 2.0);
        int rq = rp + half;
        double[] q2 = squaredConvolution(pk, rp, kc, half);
        FftCorrelator fc = new FftCorrelator(w, h, rq);
        double[] specP = fc.kernelSpectrum(pk, rp);
        double[] fb = fc.correlate(new double[][] {fc.spectrum(blurry)}, new double[][] {specP});
        double[] fm = fc.correlate(new double[][] {fc.spectrum(model)}, new double[][] {specP});
        double[] var = fc.correlate(new double[][] {fc.spectrum(vBlurry), fc.spectrum(vSharp)},
                new double[][] {fc.kernelSpectrum(p2, rp), fc.kernelSpectrum(q2, rq)});
        float[] filtered = new float[w * h], sig = new float[w * h], fvar = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double v = var[i] / (c * c);
                double f = sign * (fb[i] - fm[i]) / c;
                filtered[i] = (float) f;
                fvar[i] = (float) v;
                sig[i] = p.masked()[i] || !(v > 0) ? 0 : (float) (f / Math.sqrt(v));
            }
        }

        double fwhm = fwhmB;
        boolean[] guard = Differencer.dilate(p.masked(), w, h, (int) Math.ceil(2 * fwhm));
        int sep = Math.max(3, (int) Math.ceil(fwhm));
        double fitRadius = Math.max(2, 1.5 * fwhm);
        List<Transient> found = new ArrayList<>();
        Set<Integer> tops = new HashSet<>();
        for (int i : TransientPeaks.find(sig, guard, w, h, settings.threshold(), sep)) {
            // as for ZOGY's S_corr: a bright change's own noise craters the significance at its centre;
            // the filtered flux image has one peak per source
            int top = TransientPeaks.climb(filtered, w, h, i, (int) Math.ceil(3 * fwhm));
            if (!guard[top] && tops.add(top)) {
                found.add(measure(top, sig[i], filtered, fvar, sumP2, p, w, h, fitRadius, fn, refWcs));
            }
        }
        double std = Differencer.quietStd(sig, guard, found, w, h, (int) Math.ceil(3 * fwhm));
        return new DiffResult(w, h, d, sig, guard, List.copyOf(found), reg, fn, k.stamps(), sigmaRef, sigmaNew, fwhmRef,
                fwhmNew, sumP2, std, Differencer.guardedShare(guard), p);
    }

    private Transient measure(int i, double snr, float[] f, float[] fvar, double sumP2, DiffResult.Planes p, int w,
                              int h, double fitRadius, double fn, Wcs refWcs) {
        int x = i % w, y = i / w;
        double[] vx = Differencer.vertex(f[i - 1], f[i], f[i + 1]), vy = Differencer.vertex(f[i - w], f[i], f[i + w]);
        double peak = vx[1] + vy[1] - f[i];
        double x0 = x + vx[0], y0 = y + vy[0];
        double fluxDiff = peak / sumP2, fluxDiffErr = Math.sqrt(fvar[i]) / sumP2;
        double[] fr = ForcedPsfFlux.measure(p.reference(), p.varReference(), p.masked(), w, h, p.psfReference(),
                fitRadius, x0, y0, 0.3);
        double[] fw = ForcedPsfFlux.measure(p.fresh(), p.varFresh(), p.masked(), w, h, p.psfFresh(), fitRadius, x0, y0,
                0.3);
        double fluxNew = fw[0] / fn, fluxNewErr = fw[1] / fn;
        TransientKind kind = TransientKind.classify(peak > 0, fr[0] / fr[1], fluxNew / fluxNewErr, settings.epochSnr());
        double[] sky = refWcs.pixelToSky(x0 + 1, y0 + 1);
        return new Transient(kind, x0 + 1, y0 + 1, sky == null ? Double.NaN : sky[0], sky == null ? Double.NaN : sky[1],
                Math.abs(snr), fluxDiff, fluxDiffErr, fr[0], fr[1], fluxNew, fluxNewErr);
    }

    /**
     * (P * K)^2 on a (2 (rp + rk) + 1)^2 grid: correlating with P after K is correlating once with
     * Q(t) = sum_u P(u) K(t - u), whose squares carry the sharp image's pixel variances into the filter.
     */
    static double[] squaredConvolution(double[] pk, int rp, double[] kk, int rk) {
        int rq = rp + rk, sq = 2 * rq + 1, sp = 2 * rp + 1, sk = 2 * rk + 1;
        double[] q = new double[sq * sq];
        for (int pv = -rp; pv <= rp; pv++) {
            for (int pu = -rp; pu <= rp; pu++) {
                double a = pk[(pv + rp) * sp + pu + rp];
                if (a == 0) {
                    continue;
                }
                for (int kv = -rk; kv <= rk; kv++) {
                    int row = (pv + kv + rq) * sq + rq + pu;
                    int krow = (kv + rk) * sk + rk;
                    for (int ku = -rk; ku <= rk; ku++) {
                        q[row + ku] += a * kk[krow + ku];
                    }
                }
            }
        }
        for (int i = 0; i < q.length; i++) {
            q[i] *= q[i];
        }
        return q;
    }
}
