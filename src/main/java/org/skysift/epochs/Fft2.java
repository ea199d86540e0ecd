package org.skysift.epochs;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Complex 2-D FFTs of one padded size, interleaved (re, im) row-major, through JTransforms. Sizes
 * are rounded up to a product of 2, 3 and 5, where mixed-radix FFTs are fast, instead of the next
 * power of two, which can nearly double each side.
 */
final class Fft2 {
    final int width, height;
    private final DoubleFFT_2D fft;

    Fft2(int width, int height) {
        this.width = width;
        this.height = height;
        this.fft = new DoubleFFT_2D(height, width);
    }

    /** The smallest 2^a 3^b 5^c at least n. */
    static int goodSize(int n) {
        for (int m = Math.max(n, 1); ; m++) {
            int r = m;
            for (int f : new int[] {2, 3, 5}) {
                while (r % f == 0) {
                    r /= f;
                }
            }
            if (r == 1) {
                return m;
            }
        }
    }

    /** The transform of a real width x height plane (NaN-free). */
    double[] forward(double[] real) {
        double[] c = new double[2 * real.length];
        for (int i = 0; i < real.length; i++) {
            c[2 * i] = real[i];
        }
        fft.complexForward(c);
        return c;
    }

    /** The real part of the scaled inverse transform. */
    double[] inverseReal(double[] spectrum) {
        double[] c = spectrum.clone();
        fft.complexInverse(c, true);
        double[] out = new double[c.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = c[2 * i];
        }
        return out;
    }
}
