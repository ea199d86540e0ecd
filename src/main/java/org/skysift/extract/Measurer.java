package org.skysift.extract;

/**
 * Isophotal measurements of a detection from its own pixels: barycentre, second moments and the
 * ellipse they define, isophotal flux, peak, bounding box, and the saturation and border flags.
 * Barycentre and moments weight pixels by their filtered value (SExtractor's choice: its X_IMAGE,
 * X2_IMAGE and A_IMAGE are reproduced only so); FLUX_ISO and FLUX_MAX use the unfiltered image.
 */
final class Measurer {
    private Measurer() {}

    static void isophotal(Detection d, int[] pix, float[] dval, float[] thr, float[] sub, float[] image, int w, int h,
                          double saturation, int minArea, float[] sortBuf) {
        double fluxIso = 0, peak = Double.NEGATIVE_INFINITY, fd = 0;
        double dthresh = Double.POSITIVE_INFINITY;
        int xmin = Integer.MAX_VALUE, xmax = -1, ymin = Integer.MAX_VALUE, ymax = -1;
        int flags = d.flags;
        // sums relative to the first pixel keep the second moments well conditioned
        int ref = pix[d.from];
        int rx = ref % w, ry = ref / w;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int j = d.from; j < d.to; j++) {
            int i = pix[j];
            int x = i % w, y = i / w;
            // geometry from the filtered values, as SExtractor does (its A_IMAGE matches only so)
            double v = dval[j];
            double dx = x - rx, dy = y - ry;
            fd += v;
            sx += v * dx;
            sy += v * dy;
            sxx += v * dx * dx;
            syy += v * dy * dy;
            sxy += v * dx * dy;
            float u = sub[i];
            fluxIso += u;
            dthresh = Math.min(dthresh, thr[j]);
            if (u > peak) {
                peak = u;
            }
            if (x < xmin) {
                xmin = x;
            }
            if (x > xmax) {
                xmax = x;
            }
            if (y < ymin) {
                ymin = y;
            }
            if (y > ymax) {
                ymax = y;
            }
            if (image[i] >= saturation) {
                flags |= Source.FLAG_SATURATED;
            }
        }
        // every filtered value exceeds a positive threshold, so fd > 0
        double ox = sx / fd, oy = sy / fd;
        d.mx = rx + ox;
        d.my = ry + oy;
        double x2 = sxx / fd - ox * ox, y2 = syy / fd - oy * oy, xy = sxy / fd - ox * oy;
        // SExtractor's guard against singular (one-pixel-wide) profiles
        if (x2 * y2 - xy * xy < 1.0 / 144.0) {
            x2 += 1.0 / 12.0;
            y2 += 1.0 / 12.0;
        }
        d.x2 = x2;
        d.y2 = y2;
        d.xy = xy;
        ellipse(d);
        d.fluxIso = fluxIso;
        d.peak = peak;
        d.fdflux = fd;
        d.dthresh = dthresh;
        d.npix = d.to - d.from;
        d.mthresh = levelWithArea(dval, d.from, d.to, minArea, sortBuf);
        d.isoAreas = isoAreas(pix, d.from, d.to, sub, dthresh, peak);
        d.xmin = xmin;
        d.xmax = xmax;
        d.ymin = ymin;
        d.ymax = ymax;
        if (xmin == 0 || ymin == 0 || xmax == w - 1 || ymax == h - 1) {
            flags |= Source.FLAG_TRUNCATED;
        }
        d.flags = flags;
    }

    /** Number of isophotal areas, SExtractor's ISO0..ISO7. */
    static final int NISO = 8;

    /**
     * ISO0..ISO7: footprint pixels whose unfiltered value exceeds t (peak / t)^(k / 8), k = 0..7, with t
     * the analysis threshold: levels spaced evenly in log between threshold and peak sample the
     * profile's shape from its wings to its core whatever the source's brightness (SExtractor's choice
     * for linear CCD data). All zero when the peak or the threshold is not positive.
     */
    static int[] isoAreas(int[] pix, int from, int to, float[] sub, double thresh, double peak) {
        int[] iso = new int[NISO];
        if (!(peak > 0 && thresh > 0)) {
            return iso;
        }
        double[] level = new double[NISO];
        for (int k = 0; k < NISO; k++) {
            level[k] = thresh * Math.pow(peak / thresh, (double) k / NISO);
        }
        for (int j = from; j < to; j++) {
            float v = sub[pix[j]];
            // the levels rise, so a pixel counts in every area up to the first level it does not exceed
            for (int k = 0; k < NISO && v > level[k]; k++) {
                iso[k]++;
            }
        }
        return iso;
    }

    /** A, B, THETA and the ellipse coefficients CXX, CYY, CXY from the second moments. */
    static void ellipse(Detection d) {
        double x2 = d.x2, y2 = d.y2, xy = d.xy;
        double t = 0.5 * (x2 + y2);
        double q = Math.sqrt(0.25 * (x2 - y2) * (x2 - y2) + xy * xy);
        d.a = Math.sqrt(Math.max(t + q, 0));
        d.b = Math.sqrt(Math.max(t - q, 0));
        double th = Math.abs(x2 - y2) > 0 ? 0.5 * Math.atan2(2 * xy, x2 - y2) : Math.PI / 4;
        d.theta = Math.toDegrees(th);
        double det = x2 * y2 - xy * xy;
        if (det > 0) {
            d.cxx = y2 / det;
            d.cyy = x2 / det;
            d.cxy = -2 * xy / det;
        } else {
            d.cxx = d.cyy = 1 / Math.max(t, 1e-6);
            d.cxy = 0;
        }
    }

    /**
     * The highest filtered level at which the footprint still has minArea pixels (the minArea-th
     * largest filtered value): CLEAN compares a neighbour's wing against it.
     */
    static double levelWithArea(float[] dval, int from, int to, int minArea, float[] buf) {
        int n = to - from;
        int k = Math.min(minArea, n);
        // partial selection of the k largest values into buf[0..k) (k is small)
        int m = 0;
        for (int j = from; j < to; j++) {
            float v = dval[j];
            if (m < k) {
                int p = m++;
                while (p > 0 && buf[p - 1] < v) {
                    buf[p] = buf[p - 1];
                    p--;
                }
                buf[p] = v;
            } else if (v > buf[k - 1]) {
                int p = k - 1;
                while (p > 0 && buf[p - 1] < v) {
                    buf[p] = buf[p - 1];
                    p--;
                }
                buf[p] = v;
            }
        }
        return buf[k - 1];
    }
}
