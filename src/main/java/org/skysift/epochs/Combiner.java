package org.skysift.epochs;

import java.util.Arrays;

/**
 * Combines registered, background-subtracted frames pixel by pixel.
 *
 * <p>The clipped mean does not measure the spread from the values themselves: of n values, one
 * outlier can never lie more than (n - 1) / sqrt(n) sample standard deviations from the sample mean
 * (1.5 for four frames), so a kappa = 3 clip on the sample statistics rejects nothing below about
 * ten frames. Instead each value is compared with the median of the pixel's values (first round)
 * or the weighted mean of the survivors (later rounds), against the sigma its frame's noise model
 * predicts: background rms, Poisson noise of the signal when the gain is known, and
 * {@link Combine#ampFrac} of the signal. One cosmic ray or trail among three or more frames is then
 * rejected whatever its brightness. When no value survives (two frames disagreeing), the lowest is
 * kept: cosmic rays, trails and satellites only ever add light.
 */
final class Combiner {
    /**
     * @param weight  per frame, 1 / background variance after resampling
     * @param sigma   per frame, background rms after resampling
     * @param gain    per frame, electrons per resampled count (0 = unknown, no Poisson term)
     */
    record FrameNoise(double weight, double sigma, double gain) {}

    /** Outputs on the reference grid: combined value (NaN = no data), sum of used weights, frames used. */
    record Planes(float[] image, float[] weight, short[] nframes) {}

    private Combiner() {}

    /**
     * Combines frames of width x height on one grid; with growing, a second pass runs without the
     * values around strong rejections. May blank (NaN) values of {@code frames} in place.
     */
    static Planes combine(float[][] frames, FrameNoise[] noise, int width, int height, Combine c) {
        boolean grow = c.method() == Combine.Method.MEAN && c.iterations() > 0 && c.growPx() > 0;
        int npix = width * height;
        boolean[][] strong = grow ? new boolean[frames.length][npix] : null;
        Planes out = new Planes(new float[npix], new float[npix], new short[npix]);
        pass(frames, noise, c, strong, null, out);
        if (grow) {
            boolean[] touched = new boolean[npix];
            if (blankAround(frames, strong, width, height, c.growPx(), touched)) {
                pass(frames, noise, c, null, touched, out);
            }
        }
        return out;
    }

    /**
     * Blanks each frame's values within radius of its strong rejections, marking the pixels in touched;
     * false when there were none.
     */
    private static boolean blankAround(float[][] frames, boolean[][] strong, int w, int h, double radius,
                                       boolean[] touched) {
        int r = (int) Math.floor(radius);
        boolean any = false;
        for (int k = 0; k < frames.length; k++) {
            boolean[] s = strong[k];
            float[] f = frames[k];
            for (int p = 0; p < s.length; p++) {
                if (!s[p]) {
                    continue;
                }
                any = true;
                int x0 = p % w, y0 = p / w;
                for (int y = Math.max(0, y0 - r); y <= Math.min(h - 1, y0 + r); y++) {
                    for (int x = Math.max(0, x0 - r); x <= Math.min(w - 1, x0 + r); x++) {
                        if ((x - x0) * (x - x0) + (y - y0) * (y - y0) <= radius * radius) {
                            f[y * w + x] = Float.NaN;
                            touched[y * w + x] = true;
                        }
                    }
                }
            }
        }
        return any;
    }

    /**
     * One pass over the pixels (only those marked in {@code only} when it is not null) into out; records in
     * strong[frame][pixel] the values rejected beyond 2 kappa sigma.
     */
    private static void pass(float[][] frames, FrameNoise[] noise, Combine c, boolean[][] strong, boolean[] only,
                             Planes out) {
        int n = frames.length;
        float[] image = out.image(), weight = out.weight();
        short[] count = out.nframes();
        int npix = image.length;
        double kappa2 = c.kappa() * c.kappa(), amp2 = c.ampFrac() * c.ampFrac();
        double[] sigma2 = new double[n], invGain = new double[n], w = new double[n];
        for (int k = 0; k < n; k++) {
            sigma2[k] = noise[k].sigma() * noise[k].sigma();
            invGain[k] = noise[k].gain() > 0 ? 1 / noise[k].gain() : 0;
            w[k] = noise[k].weight();
        }
        double[] v = new double[n], sorted = new double[n];
        int[] f = new int[n];
        boolean[] keep = new boolean[n], before = new boolean[n];
        for (int p = 0; p < npix; p++) {
            if (only != null && !only[p]) {
                continue;
            }
            int m = 0;
            for (int k = 0; k < n; k++) {
                float x = frames[k][p];
                if (x == x) {
                    v[m] = x;
                    f[m] = k;
                    m++;
                }
            }
            if (m == 0) {
                image[p] = Float.NaN;
                weight[p] = 0;
                count[p] = 0;
                continue;
            }
            double med = median(v, m, sorted);
            if (c.method() == Combine.Method.MEDIAN) {
                double ws = 0;
                for (int k = 0; k < m; k++) {
                    ws += w[f[k]];
                }
                image[p] = (float) med;
                weight[p] = (float) ws;
                count[p] = (short) m;
                continue;
            }
            Arrays.fill(keep, 0, m, true);
            double centre = med;
            for (int it = 0; it < c.iterations(); it++) {
                System.arraycopy(keep, 0, before, 0, m);
                int kept = 0;
                for (int k = 0; k < m; k++) {
                    double s = Math.max(centre, 0);
                    double var = sigma2[f[k]] + s * invGain[f[k]] + amp2 * s * s;
                    double dev2 = (v[k] - centre) * (v[k] - centre);
                    keep[k] = dev2 <= kappa2 * var;
                    kept += keep[k] ? 1 : 0;
                    if (strong != null && dev2 > 4 * kappa2 * var && m > 2) {
                        strong[f[k]][p] = true;
                    }
                }
                if (kept == 0) {
                    int low = 0;
                    for (int k = 1; k < m; k++) {
                        low = v[k] < v[low] ? k : low;
                    }
                    keep[low] = true;
                }
                centre = weightedMean(v, f, keep, m, w);
                if (Arrays.equals(keep, 0, m, before, 0, m) && it > 0) {
                    break;
                }
            }
            double ws = 0;
            int used = 0;
            for (int k = 0; k < m; k++) {
                if (keep[k]) {
                    ws += w[f[k]];
                    used++;
                }
            }
            image[p] = (float) weightedMean(v, f, keep, m, w);
            weight[p] = (float) ws;
            count[p] = (short) used;
        }
    }

    private static double weightedMean(double[] v, int[] f, boolean[] keep, int m, double[] weight) {
        double s = 0, ws = 0;
        for (int k = 0; k < m; k++) {
            if (keep[k]) {
                s += weight[f[k]] * v[k];
                ws += weight[f[k]];
            }
        }
        return s / ws;
    }

    private static double median(double[] v, int m, double[] scratch) {
        System.arraycopy(v, 0, scratch, 0, m);
        for (int i = 1; i < m; i++) { // insertion sort: a handful of frames
            double x = scratch[i];
            int j = i - 1;
            while (j >= 0 && scratch[j] > x) {
                scratch[j + 1] = scratch[j];
                j--;
            }
            scratch[j + 1] = x;
        }
        return (m & 1) == 1 ? scratch[m / 2] : 0.5 * (scratch[m / 2 - 1] + scratch[m / 2]);
    }
}
