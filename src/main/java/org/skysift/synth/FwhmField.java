package org.skysift.synth;

import java.io.Serializable;

/**
 * Seeing FWHM over a plate: fwhm0 (1 + q(u, v)), q a quadratic in the plate coordinates scaled to
 * [-1, 1] whose largest magnitude over the plate is {@code variation}.
 *
 * @param c coefficients of u, v, u^2, uv, v^2
 */
public record FwhmField(double fwhm0, int width, int height, double[] c) implements Serializable {

    static FwhmField constant(double fwhm0, int width, int height) {
        return new FwhmField(fwhm0, width, height, new double[5]);
    }

    /** Random quadratic scaled so that max |q| over a 9x9 grid spanning the plate is the variation. */
    static FwhmField random(double fwhm0, int width, int height, double variation, java.util.SplittableRandom rng) {
        double[] c = new double[5];
        for (int i = 0; i < 5; i++) {
            c[i] = 2 * rng.nextDouble() - 1;
        }
        FwhmField raw = new FwhmField(fwhm0, width, height, c);
        double max = 0;
        for (int j = 0; j <= 8; j++) {
            for (int i = 0; i <= 8; i++) {
                max = Math.max(max, Math.abs(raw.q(-1 + i / 4.0, -1 + j / 4.0)));
            }
        }
        double s = max > 0 ? variation / max : 0;
        for (int i = 0; i < 5; i++) {
            c[i] *= s;
        }
        return new FwhmField(fwhm0, width, height, c);
    }

    private double q(double u, double v) {
        return c[0] * u + c[1] * v + c[2] * u * u + c[3] * u * v + c[4] * v * v;
    }

    /** FWHM in pixels at FITS 1-based (x, y). */
    public double at(double x, double y) {
        double u = (x - 0.5 - width / 2.0) / (width / 2.0);
        double v = (y - 0.5 - height / 2.0) / (height / 2.0);
        return fwhm0 * (1 + q(u, v));
    }
}
