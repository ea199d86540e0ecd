package org.skysift.epochs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An epoch's PSF model corrected by what its bright stars show: the median over bright, unflagged stars
 * of their residuals (pixels minus the fitted stars, per unit of the star's flux) in annuli of half a
 * pixel, added to the model as a function of radius and renormalised to unit sum.
 *
 * <p>Pixel PSF models built from a crowded field's own stars carry a radial error in the wings (on rendered
 * Moffat epochs: 5-30% too high at 5-9 px in bad seeing, as the stars' local backgrounds take in their
 * neighbours' halos). Fitted with such a model, a star 20-100 times brighter than its neighbour takes a
 * share of the neighbour's flux that changes with the seeing: a faint star 4-9 px from a 2e5-count star
 * lost half its flux in the worst-seeing epoch. The residuals of the bright stars themselves measure the
 * error; the median across stars keeps their neighbours out.
 */
final class RadialCorrection {
    static final double BIN_PX = 0.5;
    /** Stars used: the brightest unflagged ones with at least this S/N, at most MAX_STARS of them. */
    static final double MIN_SNR = 30;
    static final int MIN_STARS = 10, MAX_STARS = 100;
    /** The correction reaches out to this many FWHM (within the model's stamp). */
    static final double REACH_FWHM = 4;

    private RadialCorrection() {}

    /** The corrected kernel, or null with fewer than MIN_STARS usable stars. */
    static GroupPsfPhotometry.Kernel of(EpochPlane p, GroupPsfPhotometry.Kernel k, GroupPsfPhotometry.Measure[] m,
                                        double[] x0, double[] y0) {
        List<Integer> stars = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            if (m[i].flags() == 0 && m[i].flux() >= MIN_SNR * m[i].err()) {
                stars.add(i);
            }
        }
        if (stars.size() < MIN_STARS) {
            return null;
        }
        stars.sort((a, b) -> Double.compare(m[b].flux(), m[a].flux()));
        stars = stars.subList(0, Math.min(MAX_STARS, stars.size()));
        double reach = Math.min(p.psf().radius, REACH_FWHM * p.fwhm());
        int bins = (int) Math.ceil(reach / BIN_PX);
        double[][] perStar = new double[bins][stars.size()];
        int w = p.width(), h = p.height();
        for (int s = 0; s < stars.size(); s++) {
            int j = stars.get(s);
            double[] sum = new double[bins];
            int[] cnt = new int[bins];
            List<Integer> near = new ArrayList<>();
            for (int o = 0; o < x0.length; o++) {
                if (m[o].flux() == m[o].flux() && Math.hypot(x0[o] - x0[j], y0[o] - y0[j]) < reach + p.psf().radius) {
                    near.add(o);
                }
            }
            for (int y = (int) Math.floor(y0[j] - reach); y <= (int) Math.ceil(y0[j] + reach); y++) {
                for (int x = (int) Math.floor(x0[j] - reach); x <= (int) Math.ceil(x0[j] + reach); x++) {
                    double d = Math.hypot(x - x0[j], y - y0[j]);
                    int b = (int) (d / BIN_PX);
                    if (b >= bins || x < 0 || y < 0 || x >= w || y >= h || p.masked()[y * w + x]) {
                        continue;
                    }
                    double model = 0;
                    for (int o : near) {
                        model += m[o].flux() * k.at(x - x0[o], y - y0[o]);
                    }
                    sum[b] += (p.image()[y * w + x] - model) / m[j].flux();
                    cnt[b]++;
                }
            }
            for (int b = 0; b < bins; b++) {
                perStar[b][s] = cnt[b] > 0 ? sum[b] / cnt[b] : Double.NaN;
            }
        }
        double[] c = new double[bins];
        for (int b = 0; b < bins; b++) {
            double[] v = Arrays.stream(perStar[b]).filter(x -> x == x).sorted().toArray();
            c[b] = v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
        }
        // the corrected kernel's sum over the stamp, to keep unit flux
        int rad = p.psf().radius;
        double total = 0;
        for (int dy = -rad; dy <= rad; dy++) {
            for (int dx = -rad; dx <= rad; dx++) {
                total += k.at(dx, dy) + at(c, Math.hypot(dx, dy));
            }
        }
        double norm = total;
        return (dx, dy) -> (k.at(dx, dy) + at(c, Math.hypot(dx, dy))) / norm;
    }

    /** The binned correction at radius d (bin centres, linear between them, 0 beyond). */
    private static double at(double[] c, double d) {
        double u = d / BIN_PX - 0.5;
        if (u >= c.length - 1) {
            return u < c.length ? c[c.length - 1] * (c.length - u) : 0;
        }
        if (u <= 0) {
            return c[0];
        }
        int i = (int) u;
        double t = u - i;
        return c[i] * (1 - t) + c[i + 1] * t;
    }
}
