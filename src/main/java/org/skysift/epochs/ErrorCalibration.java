package org.skysift.epochs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Light-curve errors calibrated on the ensemble of the tile's own objects, as photometric surveys do: most
 * objects are constant, so in each band of S/N the median chi2 against constant should be the median of
 * its chi-square law. The modelled errors miss what the model does not know (noise correlated by the
 * resampling onto the reference grid, undetected neighbours, the PSF models' wings) and over-count what
 * it guards against (the PSF-model error and floor on bright stars), by different amounts at different
 * S/N. So the objects are sorted by S/N (the median over their epochs of flux / error) and cut into bands
 * of at least {@link #MIN_PER_BAND}; in each band k^2 = median over objects of chi2 / median(chi2_dof), and
 * every object's errors are multiplied by k interpolated (linearly in S/N between the bands' median S/N,
 * flat beyond) at its own S/N, k within [MIN_FACTOR, MAX_FACTOR].
 *
 * <p>Variable objects would raise the medians (on the test field a fifth of the stars are injected
 * variables): objects whose chi2 is beyond {@link #CLIP_SIGMA} with the current factors are left out and
 * the factors taken again, until the set stays the same. With fewer than MIN_PER_BAND objects of two or
 * more epochs the errors are left as they are.
 */
final class ErrorCalibration {
    static final int MIN_PER_BAND = 40;
    /** at most this many bands (a few hundred objects per tile is typical) */
    static final int MAX_BANDS = 8;
    /** objects more variable than this (two-sided Gaussian sigmas of their chi2) do not take part */
    static final double CLIP_SIGMA = 3;
    /** ln of CLIP_SIGMA's two-sided tail probability: objects are clipped on their chi2's ln p (no bisection) */
    private static final double LN_P_CLIP = ChiSquareTail.lnTwoSided(CLIP_SIGMA);
    /**
     * The factor's bounds. Never below 1: bright stars' median chi2 runs under the law (the floor and the
     * PSF-model error over-count the typical star) while their tails are what those terms are for; scaled
     * down to the median, a dozen bright constant stars of 223 passed 3 sigma. Above 3 the model, not its
     * noise level, is wrong.
     */
    static final double MIN_FACTOR = 1, MAX_FACTOR = 3;

    private ErrorCalibration() {}

    /** The factors found: per object (1 where not calibrated) and per band (median S/N, factor). */
    record Factors(double[] perObject, double[] bandSnr, double[] bandFactor) {}

    static Factors of(double[][] flux, double[][] err, int[][] flags) {
        int n = flux.length;
        double[] snr = new double[n], chi2 = new double[n];
        int[] dof = new int[n];
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            snr[i] = medianSnr(flux[i], err[i], flags[i]);
            double[] c = chi2(flux[i], err[i], flags[i]);
            chi2[i] = c[0];
            dof[i] = (int) c[1];
            if (dof[i] >= 1) {
                usable.add(i);
            }
        }
        double[] perObject = new double[n];
        Arrays.fill(perObject, 1);
        if (usable.size() < MIN_PER_BAND) {
            return new Factors(perObject, new double[0], new double[0]);
        }
        usable.sort((a, b) -> Double.compare(snr[a], snr[b]));
        boolean[] out = new boolean[n];
        double[] bandSnr = null, bandFactor = null;
        for (int iter = 0; iter < 10; iter++) {
            List<Integer> kept = usable.stream().filter(i -> !out[i]).toList();
            if (kept.size() < MIN_PER_BAND) {
                break;
            }
            int bands = Math.min(MAX_BANDS, kept.size() / MIN_PER_BAND);
            bandSnr = new double[bands];
            bandFactor = new double[bands];
            for (int b = 0; b < bands; b++) {
                List<Integer> band = kept.subList(b * kept.size() / bands, (b + 1) * kept.size() / bands);
                bandSnr[b] = median(band.stream().mapToDouble(i -> snr[i]).toArray());
                double k2 = median(band.stream().mapToDouble(i -> chi2[i] / ChiSquareTail.median(dof[i])).toArray());
                bandFactor[b] = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, Math.sqrt(k2)));
            }
            boolean changed = false;
            for (int i : usable) {
                double k = interpolate(bandSnr, bandFactor, snr[i]);
                boolean o = ChiSquareTail.logQ(chi2[i] / (k * k), dof[i]) <= LN_P_CLIP;
                changed |= o != out[i];
                out[i] = o;
            }
            if (!changed) {
                break;
            }
        }
        if (bandSnr == null) {
            return new Factors(perObject, new double[0], new double[0]);
        }
        for (int i = 0; i < n; i++) {
            if (snr[i] == snr[i]) {
                perObject[i] = interpolate(bandSnr, bandFactor, snr[i]);
            }
        }
        return new Factors(perObject, bandSnr, bandFactor);
    }

    /** Median over the unflagged epochs of flux / error; NaN when none. */
    static double medianSnr(double[] flux, double[] err, int[] flags) {
        double[] s = new double[flux.length];
        int k = 0;
        for (int e = 0; e < flux.length; e++) {
            if (LightCurves.usable(flux[e], err[e], flags[e])) {
                s[k++] = flux[e] / err[e];
            }
        }
        return k == 0 ? Double.NaN : median(Arrays.copyOf(s, k));
    }

    /** {chi2 against the error-weighted mean, dof} over the unflagged epochs; dof 0 with fewer than two. */
    static double[] chi2(double[] flux, double[] err, int[] flags) {
        double sw = 0, swf = 0;
        int m = 0;
        for (int e = 0; e < flux.length; e++) {
            if (LightCurves.usable(flux[e], err[e], flags[e])) {
                double w = 1 / (err[e] * err[e]);
                sw += w;
                swf += w * flux[e];
                m++;
            }
        }
        if (m < 2) {
            return new double[] {Double.NaN, 0};
        }
        double mean = swf / sw, c = 0;
        for (int e = 0; e < flux.length; e++) {
            if (LightCurves.usable(flux[e], err[e], flags[e])) {
                double d = (flux[e] - mean) / err[e];
                c += d * d;
            }
        }
        return new double[] {c, m - 1};
    }

    static double interpolate(double[] x, double[] y, double at) {
        if (at <= x[0]) {
            return y[0];
        }
        for (int b = 1; b < x.length; b++) {
            if (at <= x[b]) {
                double t = (at - x[b - 1]) / (x[b] - x[b - 1]);
                return x[b] > x[b - 1] ? y[b - 1] + t * (y[b] - y[b - 1]) : y[b];
            }
        }
        return y[y.length - 1];
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int k = s.length;
        return k % 2 == 1 ? s[k / 2] : 0.5 * (s[k / 2 - 1] + s[k / 2]);
    }
}
