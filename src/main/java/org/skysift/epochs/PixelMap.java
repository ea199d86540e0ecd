package org.skysift.epochs;

import java.util.function.BiFunction;

/**
 * Where each pixel of the output grid lies on a frame, and the frame-pixel area it covers (the
 * Jacobian determinant of the map, which scales surface brightness to flux per output pixel).
 * The exact map (two WCS and a correction, trigonometry per call) is evaluated on nodes every
 * {@link #STEP} pixels and interpolated bilinearly: a TAN map bends by far less than 1e-4 px over
 * that span, while a call per pixel would cost as much as the resampling itself.
 */
final class PixelMap {
    static final int STEP = 16;
    private final int nx, ny;
    private final double[] fx, fy, area;

    /**
     * @param exact FITS 1-based output pixel -> FITS 1-based frame pixel, or null where undefined
     */
    PixelMap(int width, int height, BiFunction<Double, Double, double[]> exact) {
        nx = (width - 1 + STEP - 1) / STEP + 1;
        ny = (height - 1 + STEP - 1) / STEP + 1;
        fx = new double[nx * ny];
        fy = new double[nx * ny];
        area = new double[nx * ny];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double x = 1 + i * STEP, y = 1 + j * STEP;
                double[] c = exact.apply(x, y);
                double[] ex = exact.apply(x + 0.5, y), wx = exact.apply(x - 0.5, y);
                double[] ny_ = exact.apply(x, y + 0.5), sy = exact.apply(x, y - 0.5);
                int k = j * nx + i;
                if (c == null || ex == null || wx == null || ny_ == null || sy == null) {
                    fx[k] = fy[k] = area[k] = Double.NaN;
                    continue;
                }
                fx[k] = c[0];
                fy[k] = c[1];
                area[k] = Math.abs((ex[0] - wx[0]) * (ny_[1] - sy[1]) - (ex[1] - wx[1]) * (ny_[0] - sy[0]));
            }
        }
    }

    /** Frame position (FITS 1-based) and area of output pixel (x, y), 0-based, into out[0..2]. */
    void at(int x, int y, double[] out) {
        int i = Math.min(x / STEP, nx - 2), j = Math.min(y / STEP, ny - 2);
        if (nx == 1 || ny == 1) {
            i = Math.max(i, 0);
            j = Math.max(j, 0);
        }
        double t = (x - i * STEP) / (double) STEP, s = (y - j * STEP) / (double) STEP;
        int k00 = j * nx + i;
        int k10 = nx > 1 ? k00 + 1 : k00, k01 = ny > 1 ? k00 + nx : k00, k11 = nx > 1 ? k01 + 1 : k01;
        out[0] = lerp(fx, k00, k10, k01, k11, t, s);
        out[1] = lerp(fy, k00, k10, k01, k11, t, s);
        out[2] = lerp(area, k00, k10, k01, k11, t, s);
    }

    /** Area at the centre of the output grid, for the frame's weight. */
    double centralArea(int width, int height) {
        double[] out = new double[3];
        at(width / 2, height / 2, out);
        return out[2];
    }

    private static double lerp(double[] a, int k00, int k10, int k01, int k11, double t, double s) {
        return (1 - s) * ((1 - t) * a[k00] + t * a[k10]) + s * ((1 - t) * a[k01] + t * a[k11]);
    }
}
