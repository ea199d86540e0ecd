package org.skysift.epochs;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Correlations of w x h planes with small kernels by FFT: out(x) = sum_u k(u) in(x + u), the planes
 * zero-padded by the largest kernel radius so that nothing wraps around (0 = background). Double
 * precision (the kernel fit sums many correlated planes; ZOGY's single-precision {@link Fft2} is not
 * needed here), sizes from {@link Fft2#goodSize}.
 */
final class FftCorrelator {
    private final int w, h, pw, ph;
    private final DoubleFFT_2D fft;

    FftCorrelator(int w, int h, int maxRadius) {
        this.w = w;
        this.h = h;
        this.pw = Fft2.goodSize(w + maxRadius + 1);
        this.ph = Fft2.goodSize(h + maxRadius + 1);
        this.fft = new DoubleFFT_2D(ph, pw);
    }

    double[] spectrum(float[] img) {
        double[] out = new double[pw * ph];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * pw + x] = img[y * w + x];
            }
        }
        return forward(out);
    }

    /** The spectrum of a (2 r + 1)^2 row-major kernel centred on offset (0, 0). */
    double[] kernelSpectrum(double[] k, int r) {
        int side = 2 * r + 1;
        double[] out = new double[pw * ph];
        for (int v = -r; v <= r; v++) {
            for (int u = -r; u <= r; u++) {
                out[Math.floorMod(v, ph) * pw + Math.floorMod(u, pw)] = k[(v + r) * side + u + r];
            }
        }
        return forward(out);
    }

    /** sum_j correlate(plane_j, kernel_j), planes and kernels given as spectra, cut back to w x h. */
    double[] correlate(double[][] planes, double[][] kernels) {
        double[] acc = new double[2 * pw * ph];
        for (int j = 0; j < planes.length; j++) {
            double[] a = planes[j], b = kernels[j];
            for (int q = 0; q < pw * ph; q++) {
                double ar = a[2 * q], ai = a[2 * q + 1], br = b[2 * q], bi = -b[2 * q + 1]; // conj(kernel)
                acc[2 * q] += ar * br - ai * bi;
                acc[2 * q + 1] += ar * bi + ai * br;
            }
        }
        fft.complexInverse(acc, true);
        double[] full = new double[pw * ph];
        for (int i = 0; i < full.length; i++) {
            full[i] = acc[2 * i];
        }
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(full, y * pw, out, y * w, w);
        }
        return out;
    }

    /** The transform of a real pw x ph plane, interleaved (re, im). */
    private double[] forward(double[] real) {
        double[] c = new double[2 * real.length];
        for (int i = 0; i < real.length; i++) {
            c[2 * i] = real[i];
        }
        fft.complexForward(c);
        return c;
    }
}
