package org.skysift.extract.psf;

/** Keys' cubic convolution kernel (a = -1/2): the interpolant of the fine PSF grid, and its derivative. */
final class Keys {
    private static final double A = -0.5;

    private Keys() {}

    /** Weights of the taps at -1, 0, +1, +2 for fractional offset t in [0, 1). */
    static void weights(double t, double[] w) {
        w[0] = kernel(1 + t);
        w[1] = kernel(t);
        w[2] = kernel(1 - t);
        w[3] = kernel(2 - t);
    }

    /** d(weights)/dt. */
    static void derivatives(double t, double[] d) {
        d[0] = slope(1 + t);
        d[1] = slope(t);
        d[2] = -slope(1 - t);
        d[3] = -slope(2 - t);
    }

    static double kernel(double s) {
        s = Math.abs(s);
        if (s <= 1) {
            return ((A + 2) * s - (A + 3)) * s * s + 1;
        }
        if (s < 2) {
            return ((A * s - 5 * A) * s + 8 * A) * s - 4 * A;
        }
        return 0;
    }

    /** dK/ds for s >= 0. */
    private static double slope(double s) {
        if (s <= 1) {
            return (3 * (A + 2) * s - 2 * (A + 3)) * s;
        }
        if (s < 2) {
            return (3 * A * s - 10 * A) * s + 8 * A;
        }
        return 0;
    }
}
