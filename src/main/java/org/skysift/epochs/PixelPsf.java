package org.skysift.epochs;

import org.skysift.extract.psf.PsfModel;

/**
 * An image's PSF at one position as a pixel kernel: the effective (pixel-integrated) PSF model's
 * fine grid sampled at whole-pixel offsets for the FFT kernels, and at any sub-pixel offset (bilinear
 * on the fine grid) for forced photometry. Both are normalised to unit sum over the stamp.
 *
 * <p>The stamp is cut to a given number of FWHM: pixel PSF models of crowded fields pick up
 * neighbours' light in their outer wings, more so in worse seeing, and the same cut in FWHM keeps
 * the same share of a Moffat's flux for both images (about 1% beyond 3 FWHM for beta = 3).
 */
final class PixelPsf {
    final int radius;
    private final double[] fine;
    private final int n, os, c;
    private final double norm;

    PixelPsf(PsfModel model, double x, double y, double fwhmRadii) {
        this.radius = Math.min(model.radiusPx(), (int) Math.ceil(fwhmRadii * model.fwhm()));
        this.os = model.oversampling();
        this.n = model.gridSize();
        this.c = radius * os;
        this.fine = model.gridAt(x, y);
        double s = 0;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                s += fine[(c + dy * os) * n + c + dx * os];
            }
        }
        this.norm = s;
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
