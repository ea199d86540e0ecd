package org.skysift.synth;

import java.util.SplittableRandom;

/**
 * Where a plate's stars really fall relative to its header WCS: a third-order radial term (pincushion
 * for a positive amplitude) reaching {@code cubicArcsec} at the plate corner, plus low-order terms
 * (u², uv, v², u²v, uv² per axis) drawn per plate. The header stays undistorted, like a real plate
 * whose header solution does not model its optics, so the astrometric refit has something to find.
 *
 * @param cubicArcsec radial displacement at the corner, arcsec (0 = none)
 * @param terms       coefficients (arcsec at u, v = ±1) of u², uv, v², u²v, uv² for x then y
 * @param xc          image centre, FITS pixels
 * @param yc          likewise
 * @param corner      centre-to-corner distance, pixels (u, v are pixel offsets over it)
 * @param scale       arcsec per pixel
 */
public record FieldDistortion(double cubicArcsec, double[] terms, double xc, double yc, double corner, double scale) {
    /** The random low-order terms are drawn with this fraction of the cubic amplitude. */
    static final double LOW_ORDER_FRACTION = 0.3;

    /** No displacement at all. */
    public static FieldDistortion none() {
        return new FieldDistortion(0, new double[10], 0, 0, 1, 1);
    }

    /** A distortion of amplitude {@code cubicArcsec} for a w x h plate, its low-order terms drawn from rng. */
    public static FieldDistortion of(double cubicArcsec, int w, int h, double scale, SplittableRandom rng) {
        double[] t = new double[10];
        for (int k = 0; k < t.length; k++) {
            t[k] = LOW_ORDER_FRACTION * cubicArcsec * (2 * rng.nextDouble() - 1);
        }
        return new FieldDistortion(cubicArcsec, t, (w + 1) / 2.0, (h + 1) / 2.0, Math.hypot(w, h) / 2.0, scale);
    }

    /** The displaced FITS pixel of a star the header WCS puts at p. */
    public double[] displace(double[] p) {
        if (cubicArcsec == 0) {
            return p;
        }
        double u = (p[0] - xc) / corner, v = (p[1] - yc) / corner;
        double r2 = u * u + v * v;
        double[] b = {u * u, u * v, v * v, u * u * v, u * v * v};
        double dx = cubicArcsec * r2 * u, dy = cubicArcsec * r2 * v;
        for (int k = 0; k < b.length; k++) {
            dx += terms[k] * b[k];
            dy += terms[5 + k] * b[k];
        }
        return new double[] {p[0] + dx / scale, p[1] + dy / scale};
    }
}
