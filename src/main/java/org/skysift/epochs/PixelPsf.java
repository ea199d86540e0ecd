package org.skysift.epochs;

import org.skysift.extract.psf.PsfModel;

/**
 * An image's PSF at one position as a pixel kernel, on a fine grid: at whole-pixel offsets for the
 * FFT kernels, at any sub-pixel offset (bilinear) for forced photometry; normalised to unit sum over
 * the stamp's whole pixels.
 *
 * <p>For ZOGY the wings are smoothed. A pixel PSF model's nodes beyond a couple of FWHM are noise of
 * some 1e-4 of the peak (fitted on a few hundred stars, with neighbours in the wings), against a
 * true wing of 1e-5 at 4 FWHM: times a 3e5-count star that is tens of counts in rings, which ZOGY's
 * filters turn into false transients at fixed distances from bright stars. Inside WING_FROM FWHM the
 * kernel is the model (the core's shape, as measured); beyond WING_TO FWHM it is the model's
 * azimuthal mean profile (rings one fine node wide: the noise averages down, a halo or any other
 * circular wing shape stays); in between the two are blended. The stamp ends with a cosine taper
 * over its outer TAPER share, so that no kernel has an edge to ring at.
 */
final class PixelPsf {
    static final double WING_FROM = 1.5, WING_TO = 2.5, TAPER = 0.3;
    final int radius;
    private final double[] fine;
    private final int n, os, c;
    private final double norm;

    /** The model's own grid cut at fwhmRadii FWHM (no smoothing, no taper). */
    PixelPsf(PsfModel model, double x, double y, double fwhmRadii) {
        this.radius = Math.min(model.radiusPx(), (int) Math.ceil(fwhmRadii * model.fwhm()));
        this.os = model.oversampling();
        this.n = model.gridSize();
        this.c = model.radiusPx() * os;
        this.fine = model.gridAt(x, y);
        this.norm = sum();
    }

    /** The smoothed, tapered kernel of a stamp radius up to the model's. */
    PixelPsf(PsfModel model, double x, double y, int radius) {
        if (radius > model.radiusPx()) {
            throw new IllegalArgumentException("stamp radius " + radius + " beyond the model's " + model.radiusPx());
        }
        this.radius = radius;
        this.os = model.oversampling();
        this.n = model.gridSize();
        this.c = model.radiusPx() * os;
        double[] grid = model.gridAt(x, y);
        double[] profile = profile(grid, n, c);
        double r1 = WING_FROM * model.fwhm(), r2 = WING_TO * model.fwhm();
        double t0 = (1 - TAPER) * (radius + 1), t1 = radius + 1;
        this.fine = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double rNodes = Math.hypot(i - c, j - c), r = rNodes / os;
                double v = grid[j * n + i];
                if (r > r1) {
                    double mean = profileAt(profile, rNodes), b = r >= r2 ? 0 : cosine(r, r1, r2);
                    v = b * v + (1 - b) * mean;
                }
                fine[j * n + i] = v * (r <= t0 ? 1 : r >= t1 ? 0 : cosine(r, t0, t1));
            }
        }
        this.norm = sum();
    }

    /** 1 at a, 0 at b, a half cosine between. */
    private static double cosine(double r, double a, double b) {
        return 0.5 * (1 + Math.cos(Math.PI * (r - a) / (b - a)));
    }

    /** Azimuthal mean of the grid in rings one fine node wide (index = radius in nodes). */
    private static double[] profile(double[] grid, int n, int c) {
        double[] s = new double[c + 2];
        int[] k = new int[c + 2];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int b = (int) Math.round(Math.hypot(i - c, j - c));
                if (b <= c) {
                    s[b] += grid[j * n + i];
                    k[b]++;
                }
            }
        }
        for (int b = 0; b < s.length; b++) {
            s[b] = k[b] > 0 ? s[b] / k[b] : 0;
        }
        return s;
    }

    private static double profileAt(double[] p, double rNodes) {
        int b = (int) Math.floor(rNodes);
        if (b + 1 >= p.length) {
            return 0;
        }
        double t = rNodes - b;
        return (1 - t) * p[b] + t * p[b + 1];
    }

    private double sum() {
        double s = 0;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                s += fine[(c + dy * os) * n + c + dx * os];
            }
        }
        return s;
    }

    /** Kernel value at a whole-pixel offset; the (2 radius + 1)^2 values sum to 1. */
    double at(int dx, int dy) {
        return fine[(c + dy * os) * n + c + dx * os] / norm;
    }

    /** PSF value of a pixel offset (dx, dy) px from a star's centre; 0 outside the stamp. */
    double at(double dx, double dy) {
        double fx = c + dx * os, fy = c + dy * os;
        int ix = (int) Math.floor(fx), iy = (int) Math.floor(fy);
        if (ix < c - radius * os || iy < c - radius * os || ix + 1 > c + radius * os || iy + 1 > c + radius * os) {
            return 0;
        }
        double u = fx - ix, v = fy - iy;
        double a = fine[iy * n + ix], b = fine[iy * n + ix + 1], d = fine[(iy + 1) * n + ix], e = fine[(iy + 1) * n + ix + 1];
        return ((1 - v) * ((1 - u) * a + u * b) + v * ((1 - u) * d + u * e)) / norm;
    }
}
