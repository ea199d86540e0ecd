package org.skysift.calibrate;

import java.util.Arrays;

/**
 * SExtractor's background. The image is cut into meshes of meshSize pixels (the last row and
 * column of meshes may be partial); in each mesh a histogram of the pixels within 2 sigma of the
 * mean is clipped iteratively at 3 sigma around its (interpolated) median, and the level is the
 * mode estimate 2.5 median - 1.5 mean, or the median when (mean - median) / sigma >= 0.3 (a
 * crowded mesh). Meshes with fewer than half their pixels valid (NaN = masked) are holes, filled
 * from their nearest valid neighbours. Level and rms meshes are then median filtered over
 * filterSize x filterSize meshes (the window clipped at the mesh edges) and interpolated by a
 * bicubic spline ({@link BackgroundMap}).
 */
public final class BackgroundEstimator {
    private static final double HISTO_NSIGMA = 5.0;      // histogram spans mean +- this many sigma
    private static final int HISTO_MAX_LEVELS = 4096;
    private static final double HISTO_LEVELS_PER_PIXEL = Math.sqrt(2 / Math.PI) * HISTO_NSIGMA / 4.0;
    private static final int CLIP_MAX_ITERATIONS = 100;
    private static final int CUMULATIVE_LENGTH = 3 * (HISTO_MAX_LEVELS + 1);

    private final int meshSize;
    private final int filterSize;

    public BackgroundEstimator(int meshSize, int filterSize) {
        if (meshSize < 2) {
            throw new IllegalArgumentException("back_size " + meshSize + ": must be at least 2 pixels");
        }
        if (filterSize < 1) {
            throw new IllegalArgumentException("back_filtersize " + filterSize + ": must be at least 1");
        }
        this.meshSize = meshSize;
        this.filterSize = filterSize;
    }

    public BackgroundMap estimate(float[] img, int w, int h) {
        if (img.length != w * h) {
            throw new IllegalArgumentException("image holds " + img.length + " pixels, expected " + w + "x" + h);
        }
        int bw = Math.min(meshSize, w), bh = Math.min(meshSize, h);
        int nx = (w + bw - 1) / bw, ny = (h + bh - 1) / bh;
        float[] level = new float[nx * ny];
        float[] rms = new float[nx * ny];
        float[] buf = new float[bw * bh];
        int[] histo = new int[HISTO_MAX_LEVELS];
        long[] cum = new long[CUMULATIVE_LENGTH];
        double[] stats = new double[2];
        for (int j = 0; j < ny; j++) {
            int ya = j * bh, yb = Math.min(h, ya + bh);
            for (int i = 0; i < nx; i++) {
                int xa = i * bw, xb = Math.min(w, xa + bw);
                int n = 0;
                for (int y = ya; y < yb; y++) {
                    int row = y * w;
                    for (int x = xa; x < xb; x++) {
                        float v = img[row + x];
                        if (v == v) {
                            buf[n++] = v;
                        }
                    }
                }
                if (2 * n < bw * bh) {
                    level[j * nx + i] = Float.NaN;
                    rms[j * nx + i] = Float.NaN;
                } else {
                    modeAndSigma(buf, n, histo, cum, stats);
                    level[j * nx + i] = (float) stats[0];
                    rms[j * nx + i] = (float) stats[1];
                }
            }
        }
        fillHoles(level, nx, ny);
        fillHoles(rms, nx, ny);
        float[] fl = medianFilter(level, nx, ny, filterSize);
        float[] fr = medianFilter(rms, nx, ny, filterSize);
        return new BackgroundMap(w, h, bw, bh, nx, ny, fl, fr, median(fl), median(fr));
    }

    /** {mode, rms} of v[0..n) as SExtractor estimates them; v is left unchanged. */
    static double[] clippedModeAndRms(float[] v, int n) {
        double[] out = new double[2];
        modeAndSigma(v, n, new int[HISTO_MAX_LEVELS], new long[CUMULATIVE_LENGTH], out);
        return out;
    }

    private static void modeAndSigma(float[] v, int n, int[] histo, long[] cum, double[] out) {
        double s = 0, s2 = 0;
        for (int k = 0; k < n; k++) {
            s += v[k];
            s2 += (double) v[k] * v[k];
        }
        double mean = s / n;
        double sigma = Math.sqrt(Math.max(0, s2 / n - mean * mean));
        // a first 2-sigma cut around the mean keeps bright stars out of the histogram's range
        double lcut = mean - 2 * sigma, hcut = mean + 2 * sigma;
        s = 0;
        s2 = 0;
        int m = 0;
        for (int k = 0; k < n; k++) {
            float x = v[k];
            if (x >= lcut && x <= hcut) {
                s += x;
                s2 += (double) x * x;
                m++;
            }
        }
        if (m > 0) {
            mean = s / m;
            sigma = Math.sqrt(Math.max(0, s2 / m - mean * mean));
        }
        if (!(sigma > 0)) {
            out[0] = mean;
            out[1] = 0;
            return;
        }
        int nlevels = (int) Math.min(HISTO_MAX_LEVELS, HISTO_LEVELS_PER_PIXEL * m + 1);
        nlevels = Math.max(nlevels, 2);
        double qscale = 2 * HISTO_NSIGMA * sigma / nlevels;
        double qzero = mean - HISTO_NSIGMA * sigma;
        Arrays.fill(histo, 0, nlevels, 0);
        double inv = 1 / qscale, offset = 0.5 - qzero / qscale;
        for (int k = 0; k < n; k++) {
            int bin = (int) Math.floor(v[k] * inv + offset);
            if (bin >= 0 && bin < nlevels) {
                histo[bin]++;
            }
        }
        // iterative 3-sigma clipping around the median, in bin units; cumulative integer sums over
        // the bins make each iteration O(log nlevels) and stay exact (they are far below 2^53)
        cumulative(histo, nlevels, cum);
        int lo = 0, hi = nlevels - 1;
        double mea = 0, sig = 10.0 * nlevels, prev, med = 0;
        int stride = nlevels + 1;
        for (int it = 0; it < CLIP_MAX_ITERATIONS; it++) {
            prev = sig;
            long sum = cum[hi + 1] - cum[lo];
            if (sum == 0) {
                break;
            }
            double sx = cum[stride + hi + 1] - cum[stride + lo];
            double sxx = cum[2 * stride + hi + 1] - cum[2 * stride + lo];
            mea = sx / sum;
            sig = Math.sqrt(Math.max(0, sxx / sum - mea * mea));
            med = interpolatedMedian(histo, cum, lo, hi, sum);
            if (sig < 0.1 || Math.abs(sig / prev - 1) < 1e-4) {
                break;
            }
            lo = (int) Math.max(0, Math.round(med - 3 * sig));
            hi = (int) Math.min(nlevels - 1, Math.round(med + 3 * sig));
        }
        double mode = sig > 0 && Math.abs(mea - med) / sig < 0.3 ? 2.5 * med - 1.5 * mea : med;
        out[0] = qzero + mode * qscale;
        out[1] = sig * qscale;
    }

    /** Prefix sums of c, c b and c b^2 over the bins, in three blocks of nlevels + 1 (index b covers bins below b). */
    private static long[] cumulative(int[] histo, int nlevels, long[] cum) {
        int stride = nlevels + 1;
        long c0 = 0, c1 = 0, c2 = 0;
        cum[0] = 0;
        cum[stride] = 0;
        cum[2 * stride] = 0;
        for (int b = 0; b < nlevels; b++) {
            long c = histo[b];
            c0 += c;
            c1 += c * b;
            c2 += c * b * b;
            cum[b + 1] = c0;
            cum[stride + b + 1] = c1;
            cum[2 * stride + b + 1] = c2;
        }
        return cum;
    }

    /**
     * Median of the binned values in [lo, hi], interpolated linearly inside the median bin (bin b
     * spans b +- 0.5): the first bin where the running count reaches half the total, found by
     * bisection of the cumulative counts (that bin is never empty).
     */
    private static double interpolatedMedian(int[] histo, long[] cum, int lo, int hi, long sum) {
        double half = sum / 2.0;
        long base = cum[lo];
        if (cum[hi + 1] - base < half) {
            return hi;
        }
        int a = lo, b = hi; // smallest bin k in [a, b] with cum[k + 1] - base >= half
        while (a < b) {
            int m = (a + b) >>> 1;
            if (cum[m + 1] - base >= half) {
                b = m;
            } else {
                a = m + 1;
            }
        }
        return a - 0.5 + (half - (cum[a] - base)) / histo[a];
    }

    /** A hole takes the mean of the valid meshes nearest to it (in rings of increasing size). */
    private static void fillHoles(float[] mesh, int nx, int ny) {
        float[] src = mesh.clone();
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                if (!Float.isNaN(src[j * nx + i])) {
                    continue;
                }
                float value = Float.NaN;
                for (int r = 1; r < Math.max(nx, ny) && Float.isNaN(value); r++) {
                    double s = 0;
                    int n = 0;
                    for (int jj = j - r; jj <= j + r; jj++) {
                        for (int ii = i - r; ii <= i + r; ii++) {
                            boolean ring = Math.abs(jj - j) == r || Math.abs(ii - i) == r;
                            if (ring && jj >= 0 && jj < ny && ii >= 0 && ii < nx && !Float.isNaN(src[jj * nx + ii])) {
                                s += src[jj * nx + ii];
                                n++;
                            }
                        }
                    }
                    if (n > 0) {
                        value = (float) (s / n);
                    }
                }
                mesh[j * nx + i] = value;
            }
        }
    }

    static float median(float[] a) {
        float[] c = new float[a.length];
        int n = 0;
        for (float v : a) {
            if (!Float.isNaN(v)) {
                c[n++] = v;
            }
        }
        return medianOfFirst(c, n);
    }

    private static float medianOfFirst(float[] c, int n) {
        if (n == 0) {
            return Float.NaN;
        }
        Arrays.sort(c, 0, n);
        return n % 2 == 1 ? c[n / 2] : 0.5f * (c[n / 2 - 1] + c[n / 2]);
    }

    /** Median over a size x size window of meshes, clipped at the mesh edges (as SExtractor does). */
    private static float[] medianFilter(float[] mesh, int nx, int ny, int size) {
        if (size <= 1) {
            return mesh.clone();
        }
        int r = size / 2;
        float[] out = new float[mesh.length];
        float[] win = new float[size * size];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int n = 0;
                for (int jj = Math.max(0, j - r); jj <= Math.min(ny - 1, j + r); jj++) {
                    for (int ii = Math.max(0, i - r); ii <= Math.min(nx - 1, i + r); ii++) {
                        float v = mesh[jj * nx + ii];
                        if (!Float.isNaN(v)) {
                            win[n++] = v;
                        }
                    }
                }
                out[j * nx + i] = medianOfFirst(win, n);
            }
        }
        return out;
    }
}
