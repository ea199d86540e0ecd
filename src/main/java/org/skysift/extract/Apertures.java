package org.skysift.extract;

/**
 * Aperture photometry on the background-subtracted image, as SExtractor defines it:
 * <ul>
 * <li>Kron radius: first moment of the light inside 6 x the isophotal ellipse; FLUX_AUTO sums
 *     whole pixels inside k x that radius (never below the minimum radius);</li>
 * <li>FLUX_APER: circles around the isophotal barycentre, boundary pixels sampled 5 x 5;</li>
 * <li>FLUX_RADIUS: radius of the circle holding a fraction of FLUX_AUTO (growth curve, inner
 *     pixels sampled 4 x 4);</li>
 * <li>XWIN/YWIN: iterated Gaussian-weighted centroid with sigma = 2 r50 / 2.3548, and SNR_WIN in
 *     that window.</li>
 * </ul>
 * Masked (NaN) pixels contribute nothing (they are 0 in the subtracted image, which the XWIN loop
 * relies on). Box limits use SExtractor's rounding, and an aperture
 * whose box leaves the image sets FLAGS bit 16. Coordinates are 0-based.
 */
final class Apertures {
    static final double KRON_SCAN = 6.0;
    private static final int APER_OVERSAMP = 5;
    private static final double HALF_DIAG = 0.7072;
    private static final int WIN_MAX_ITER = 16;
    private static final double WIN_STEP_MIN2 = 1e-8;
    private static final double WIN_NSIG = 4.0;
    private static final double GROWTH_BIN = 0.05;
    // exp(-u) for u in [0, 8], the Gaussian window out to 4 sigma, tabulated for speed
    private static final int EXP_STEPS = 4096;
    private static final double EXP_MAX = WIN_NSIG * WIN_NSIG / 2;
    private static final double[] EXP_TABLE = new double[EXP_STEPS + 2];

    static {
        for (int i = 0; i < EXP_TABLE.length; i++) {
            EXP_TABLE[i] = Math.exp(-EXP_MAX * i / EXP_STEPS);
        }
    }

    private Apertures() {}

    static double negExp(double u) {
        double f = u * (EXP_STEPS / EXP_MAX);
        int i = (int) f;
        if (i >= EXP_STEPS) {
            return 0;
        }
        double t = f - i;
        return EXP_TABLE[i] + t * (EXP_TABLE[i + 1] - EXP_TABLE[i]);
    }

    /** Half extents in x and y of the ellipse cxx dx^2 + cyy dy^2 + cxy dx dy = k^2. */
    private static double halfWidthX(Detection d, double k) {
        double q = d.cxx - d.cxy * d.cxy / (4 * d.cyy);
        return q > 0 ? k / Math.sqrt(q) : 0;
    }

    private static double halfWidthY(Detection d, double k) {
        double q = d.cyy - d.cxy * d.cxy / (4 * d.cxx);
        return q > 0 ? k / Math.sqrt(q) : 0;
    }

    /** Kron radius, FLUX_AUTO and its pixel area; sets bit 16 when the boxes leave the image. */
    static void auto(Detection d, float[] sub, float[] image, int w, int h, double kronFactor, double kronMin) {
        double dxl = halfWidthX(d, KRON_SCAN), dyl = halfWidthY(d, KRON_SCAN);
        int[] box = new int[4];
        if (box(d.mx, d.my, dxl, dyl, w, h, box)) {
            d.flags |= Source.FLAG_APER_INCOMPLETE;
        }
        double lim2 = KRON_SCAN * KRON_SCAN;
        double r1 = 0, v1 = 0;
        for (int y = box[2]; y < box[3]; y++) {
            double dy = y - d.my;
            int row = y * w;
            for (int x = box[0]; x < box[1]; x++) {
                double dx = x - d.mx;
                double r2 = d.cxx * dx * dx + d.cyy * dy * dy + d.cxy * dx * dy;
                if (r2 <= lim2) {
                    float v = sub[row + x];
                    if (image[row + x] == image[row + x]) {
                        r1 += Math.sqrt(r2) * v;
                        v1 += v;
                    }
                }
            }
        }
        double kr = r1 > 0 && v1 > 0 ? kronFactor * r1 / v1 : kronMin;
        if (kr < kronMin) {
            kr = kronMin;
        }
        d.kronRadius = kr;
        dxl = halfWidthX(d, kr);
        dyl = halfWidthY(d, kr);
        if (box(d.mx, d.my, dxl, dyl, w, h, box)) {
            d.flags |= Source.FLAG_APER_INCOMPLETE;
        }
        double k2 = kr * kr, flux = 0;
        int area = 0;
        for (int y = box[2]; y < box[3]; y++) {
            double dy = y - d.my;
            int row = y * w;
            for (int x = box[0]; x < box[1]; x++) {
                double dx = x - d.mx;
                if (d.cxx * dx * dx + d.cyy * dy * dy + d.cxy * dx * dy <= k2 && image[row + x] == image[row + x]) {
                    flux += sub[row + x];
                    area++;
                }
            }
        }
        d.fluxAuto = flux;
        d.fluxAutoArea = area;
    }

    /**
     * Box [x0, x1) x [y0, y1) around a centre with the given half extents, ends rounded to the
     * nearest pixel as SExtractor does; clipped to the image. Returns true when clipping was needed.
     */
    static boolean box(double xc, double yc, double hx, double hy, int w, int h, int[] out) {
        int x0 = (int) Math.floor(xc - hx + 0.5), x1 = (int) Math.floor(xc + hx + 0.5) + 1;
        int y0 = (int) Math.floor(yc - hy + 0.5), y1 = (int) Math.floor(yc + hy + 0.5) + 1;
        boolean clipped = x0 < 0 || y0 < 0 || x1 > w || y1 > h;
        out[0] = Math.max(0, x0);
        out[1] = Math.min(w, x1);
        out[2] = Math.max(0, y0);
        out[3] = Math.min(h, y1);
        return clipped;
    }

    /** FLUX_APER for each diameter: {flux, area} into flux[k], area[k]; sets bit 16 when clipped. */
    static void circles(Detection d, float[] sub, float[] image, int w, int h, double[] diameters) {
        d.fluxAper = new double[diameters.length];
        d.aperArea = new double[diameters.length];
        int[] box = new int[4];
        double step = 1.0 / APER_OVERSAMP;
        for (int k = 0; k < diameters.length; k++) {
            double r = diameters[k] / 2;
            if (box(d.mx, d.my, r, r, w, h, box)) {
                d.flags |= Source.FLAG_APER_INCOMPLETE;
            }
            double rin = r - HALF_DIAG, rin2 = rin > 0 ? rin * rin : -1, rout2 = (r + HALF_DIAG) * (r + HALF_DIAG);
            double r2 = r * r, flux = 0, area = 0;
            for (int y = box[2]; y < box[3]; y++) {
                double dy = y - d.my;
                int row = y * w;
                for (int x = box[0]; x < box[1]; x++) {
                    double dx = x - d.mx;
                    double d2 = dx * dx + dy * dy;
                    if (d2 > rout2 || image[row + x] != image[row + x]) {
                        continue;
                    }
                    double frac;
                    if (d2 < rin2) {
                        frac = 1;
                    } else {
                        int in = 0;
                        for (int sy = 0; sy < APER_OVERSAMP; sy++) {
                            double ey = dy + (sy + 0.5) * step - 0.5;
                            for (int sx = 0; sx < APER_OVERSAMP; sx++) {
                                double ex = dx + (sx + 0.5) * step - 0.5;
                                if (ex * ex + ey * ey <= r2) {
                                    in++;
                                }
                            }
                        }
                        frac = (double) in / (APER_OVERSAMP * APER_OVERSAMP);
                    }
                    flux += frac * sub[row + x];
                    area += frac;
                }
            }
            d.fluxAper[k] = flux;
            d.aperArea[k] = area;
        }
    }

    /**
     * FLUX_RADIUS for each fraction of the reference flux (FLUX_AUTO, or FLUX_ISO when AUTO is not
     * positive), from a growth curve around the barycentre out to the Kron aperture. Also sets the
     * half-light radius.
     */
    static void fluxRadii(Detection d, float[] sub, float[] image, int w, int h, double[] fractions) {
        double total = d.fluxAuto > 0 ? d.fluxAuto : d.fluxIso;
        double rmax = Math.max(3.0, d.kronRadius * d.a + 1.5);
        int nb = (int) Math.ceil(rmax / GROWTH_BIN) + 2;
        double[] bins = new double[nb];
        int[] box = new int[4];
        box(d.mx, d.my, rmax, rmax, w, h, box);
        double step = 0.25;
        for (int y = box[2]; y < box[3]; y++) {
            double dy = y - d.my;
            int row = y * w;
            for (int x = box[0]; x < box[1]; x++) {
                if (image[row + x] != image[row + x]) {
                    continue;
                }
                double dx = x - d.mx;
                double r = Math.sqrt(dx * dx + dy * dy);
                if (r > rmax) {
                    continue;
                }
                float v = sub[row + x];
                if (r < 3) {
                    // inner pixels: spread the value over 4 x 4 sub-pixels at their own radii
                    double part = v / 16.0;
                    for (int sy = 0; sy < 4; sy++) {
                        double ey = dy + (sy + 0.5) * step - 0.5;
                        for (int sx = 0; sx < 4; sx++) {
                            double ex = dx + (sx + 0.5) * step - 0.5;
                            bins[Math.min(nb - 1, (int) (Math.sqrt(ex * ex + ey * ey) / GROWTH_BIN))] += part;
                        }
                    }
                } else {
                    bins[Math.min(nb - 1, (int) (r / GROWTH_BIN))] += v;
                }
            }
        }
        d.halfLight = radiusAt(bins, 0.5 * total, rmax);
        d.fluxRadius = new double[fractions.length];
        for (int k = 0; k < fractions.length; k++) {
            d.fluxRadius[k] = radiusAt(bins, fractions[k] * total, rmax);
        }
    }

    private static double radiusAt(double[] bins, double target, double rmax) {
        if (!(target > 0)) {
            return 0;
        }
        double cum = 0;
        for (int b = 0; b < bins.length; b++) {
            double next = cum + bins[b];
            if (next >= target && bins[b] > 0) {
                return (b + (target - cum) / bins[b]) * GROWTH_BIN;
            }
            cum = next;
        }
        return rmax;
    }

    /**
     * XWIN/YWIN and SNR_WIN. Starts at the barycentre; returns with xwin/ywin = the barycentre when
     * the iteration fails (no positive weight, or it drifts further than max(1, A) from the
     * barycentre: without neighbour masking a brighter neighbour would capture the window).
     */
    static void windowed(Detection d, float[] sub, float[] image, int w, int h, double gain) {
        // a neighbour inside the growth curve inflates r50; the isophotal size bounds the window
        double sig = Math.max(0.5, 2 * Math.min(d.halfLight, 2 * d.a) / 2.3548);
        double inv2s2 = 1 / (2 * sig * sig);
        double rlim = WIN_NSIG * sig, rlim2 = rlim * rlim;
        double xc = d.mx, yc = d.my;
        boolean ok = true;
        int[] box = new int[4];
        for (int it = 0; it < WIN_MAX_ITER; it++) {
            box(xc, yc, rlim, rlim, w, h, box);
            double tv = 0, sx = 0, sy = 0;
            for (int y = box[2]; y < box[3]; y++) {
                double dy = y - yc;
                int row = y * w;
                for (int x = box[0]; x < box[1]; x++) {
                    double dx = x - xc;
                    double r2 = dx * dx + dy * dy;
                    // masked pixels are 0 in sub, so they add nothing without a test
                    if (r2 > rlim2) {
                        continue;
                    }
                    double wv = negExp(r2 * inv2s2) * sub[row + x];
                    tv += wv;
                    sx += wv * dx;
                    sy += wv * dy;
                }
            }
            if (!(tv > 0)) {
                ok = false;
                break;
            }
            double ddx = 2 * sx / tv, ddy = 2 * sy / tv;
            xc += ddx;
            yc += ddy;
            // drifting further than the isophotal size means a neighbour captured the window
            double drift = Math.max(1.0, d.a);
            if ((xc - d.mx) * (xc - d.mx) + (yc - d.my) * (yc - d.my) > drift * drift) {
                ok = false;
                break;
            }
            if (ddx * ddx + ddy * ddy < WIN_STEP_MIN2) {
                break;
            }
        }
        if (!ok) {
            xc = d.mx;
            yc = d.my;
        }
        d.xwin = xc;
        d.ywin = yc;
        // SNR in the final window: sum w v over sqrt(sum w^2 (sigma^2 + v / gain))
        box(xc, yc, rlim, rlim, w, h, box);
        double flux = 0, var = 0, s2 = d.rmsAtCentre * d.rmsAtCentre;
        for (int y = box[2]; y < box[3]; y++) {
            double dy = y - yc;
            int row = y * w;
            for (int x = box[0]; x < box[1]; x++) {
                double dx = x - xc;
                double r2 = dx * dx + dy * dy;
                if (r2 > rlim2 || image[row + x] != image[row + x]) {
                    continue;
                }
                double wt = negExp(r2 * inv2s2);
                double v = sub[row + x];
                flux += wt * v;
                var += wt * wt * (s2 + (gain > 0 && v > 0 ? v / gain : 0));
            }
        }
        d.snrWin = var > 0 ? flux / Math.sqrt(var) : 0;
    }
}
