package org.skysift.extract.psf;

import java.util.Arrays;

/**
 * Picks PSF stars from the detection list: unflagged (so unsaturated, untruncated, unblended),
 * SNR above the floor, round, no sharper than {@link #MIN_STAR_FWHM}, FWHM near the median of such stars (clips galaxies and hits),
 * the whole stamp on the image, and isolated: nothing within 2 FWHM and nothing brighter than half
 * the star within the stamp plus 2 FWHM. Highest SNR first, up to maxStars.
 */
final class StarSelector {
    /**
     * No PSF star is sharper than this (pixels): a sampled stellar image is wider, while cosmic-ray
     * hits and hot pixels are narrower; without the floor a plate rich in hits makes them the median.
     */
    static final double MIN_STAR_FWHM = 1.5;

    private StarSelector() {}

    /** Median FWHM of unflagged round sources with SNR above the floor; NaN when there are none. */
    static double typicalFwhm(PsfCandidates c, PsfParams p) {
        double[] f = new double[c.size()];
        int n = 0;
        for (int i = 0; i < c.size(); i++) {
            if (c.flags()[i] == 0 && c.snr()[i] >= p.minSnr() && c.elongation()[i] <= p.maxElongation()
                    && c.fwhm()[i] >= MIN_STAR_FWHM && Double.isFinite(c.fwhm()[i])) {
                f[n++] = c.fwhm()[i];
            }
        }
        return n == 0 ? Double.NaN : median(f, n);
    }

    static int[] select(PsfCandidates c, PsfParams p, int w, int h, int radius, double fwhm, NeighbourGrid grid) {
        int n = c.size();
        int[] base = new int[n];
        double[] f = new double[n];
        int nb = 0;
        int margin = radius + 2;
        for (int i = 0; i < n; i++) {
            double x0 = c.x()[i] - 1, y0 = c.y()[i] - 1;
            if (c.flags()[i] != 0 || !(c.snr()[i] >= p.minSnr()) || !(c.elongation()[i] <= p.maxElongation())
                    || !(c.fwhm()[i] >= MIN_STAR_FWHM) || !(x0 >= margin && y0 >= margin && x0 <= w - 1 - margin && y0 <= h - 1 - margin)) {
                continue;
            }
            base[nb] = i;
            f[nb++] = c.fwhm()[i];
        }
        if (nb == 0) {
            return new int[0];
        }
        double med = median(f.clone(), nb);
        double[] dev = new double[nb];
        for (int k = 0; k < nb; k++) {
            dev[k] = Math.abs(f[k] - med);
        }
        double sigma = Math.max(1.4826 * median(dev, nb), 0.03 * med);
        int ns = 0;
        int[] sel = new int[nb];
        for (int k = 0; k < nb; k++) {
            int i = base[k];
            if (Math.abs(c.fwhm()[i] - med) > p.fwhmClip() * sigma || !isolated(c, i, radius, fwhm, grid)) {
                continue;
            }
            sel[ns++] = i;
        }
        Integer[] order = new Integer[ns];
        for (int k = 0; k < ns; k++) {
            order[k] = sel[k];
        }
        Arrays.sort(order, (a, b) -> Double.compare(c.snr()[b], c.snr()[a]));
        int m = Math.min(ns, p.maxStars());
        int[] out = new int[m];
        for (int k = 0; k < m; k++) {
            out[k] = order[k];
        }
        return out;
    }

    private static boolean isolated(PsfCandidates c, int i, int radius, double fwhm, NeighbourGrid grid) {
        double xi = c.x()[i], yi = c.y()[i];
        double fi = c.flux()[i];
        int m = grid.within(xi, yi, radius + 2 * fwhm, i);
        int[] nb = grid.found();
        for (int k = 0; k < m; k++) {
            int j = nb[k];
            double d = Math.hypot(c.x()[j] - xi, c.y()[j] - yi);
            if (d < 2 * fwhm || c.flux()[j] > 0.5 * fi) {
                return false;
            }
        }
        return true;
    }

    static double median(double[] a, int n) {
        Arrays.sort(a, 0, n);
        return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }
}
