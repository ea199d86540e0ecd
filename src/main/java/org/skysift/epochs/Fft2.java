package org.skysift.epochs;

import org.jtransforms.fft.FloatFFT_1D;
import org.jtransforms.fft.FloatFFT_2D;

/**
 * Complex 2-D FFTs of one padded size in single precision, interleaved (re, im) row-major, through
 * JTransforms. Sizes are rounded up to a product of 2, 3 and 5, where mixed-radix FFTs are fast,
 * instead of the next power of two, which can nearly double each side. Real planes go two at a time
 * (one as the real part, one as the imaginary part): a real plane's spectrum is Hermitian, so the
 * two spectra separate again from Z(k) and Z(-k), and two Hermitian spectra come back as the real and
 * imaginary parts of one inverse transform. Single precision: 2e-7 of a 2k x 2k image's largest
 * spectral term is far below the pixels' noise.
 */
final class Fft2 {
    final int width, height;
    private final FloatFFT_2D fft;
    private FloatFFT_1D rows, columns;

    Fft2(int width, int height) {
        this.width = width;
        this.height = height;
        this.fft = new FloatFFT_2D(height, width);
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

    /** A zero complex plane of this size. */
    float[] plane() {
        return new float[2 * width * height];
    }

    /** The transform of a + i b, a and b w x h planes (NaN-free) placed at the plane's origin, zero beyond. */
    float[] forwardPair(float[] a, float[] b, int w, int h) {
        float[] c = plane();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 2 * (y * width + x);
                c[i] = a[y * w + x];
                c[i + 1] = b[y * w + x];
            }
        }
        fft.complexForward(c);
        return c;
    }

    /** In place. */
    void forward(float[] c) {
        fft.complexForward(c);
    }

    /**
     * In place, for a plane that is zero outside columns -reach..reach (wrapped around x = 0), such as
     * a kernel centred on the origin: the transform along columns is taken only where a column holds
     * data (the others stay zero), then along every row. The same separable sum as {@link #forward},
     * at about the cost of its row pass alone.
     */
    void forwardCompact(float[] c, int reach) {
        if (2 * reach + 1 >= width) {
            forward(c);
            return;
        }
        if (rows == null) {
            rows = new FloatFFT_1D(width);
            columns = new FloatFFT_1D(height);
        }
        float[] col = new float[2 * height];
        for (int dx = -reach; dx <= reach; dx++) {
            int x = Math.floorMod(dx, width);
            for (int y = 0; y < height; y++) {
                col[2 * y] = c[2 * (y * width + x)];
                col[2 * y + 1] = c[2 * (y * width + x) + 1];
            }
            columns.complexForward(col);
            for (int y = 0; y < height; y++) {
                c[2 * (y * width + x)] = col[2 * y];
                c[2 * (y * width + x) + 1] = col[2 * y + 1];
            }
        }
        for (int y = 0; y < height; y++) {
            rows.complexForward(c, 2 * y * width);
        }
    }

    /** In place, scaled (the inverse of forward). */
    void inverse(float[] c) {
        fft.complexInverse(c, true);
    }

    /** Index (in complex numbers) of frequency -k for frequency index k. */
    int partner(int k) {
        int ky = k / width, kx = k % width;
        return ((height - ky) % height) * width + (width - kx) % width;
    }
}
