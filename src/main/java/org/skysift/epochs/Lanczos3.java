package org.skysift.epochs;

/**
 * Lanczos3 resampling onto an output grid through a {@link PixelMap}. The six weights of an axis
 * for a fractional offset are tabulated at 1/1024 px (position error at most 0.0005 px), each set
 * normalised to sum 1 so a flat sky stays flat. Values are multiplied by the frame-pixel area
 * of the output pixel, which keeps the total flux of a source when the pixel scale changes.
 *
 * <p>An output pixel whose 6 x 6 footprint touches a NaN or leaves the frame is NaN: renormalising
 * over the remaining taps would bias it, and NaNs must not enter the combination as numbers.
 * Positions within 1e-4 px of a pixel centre take that pixel (a Lanczos kernel is a delta there).
 */
final class Lanczos3 {
    private static final int A = 3;
    private static final int PER_PX = 1024;
    private static final double SNAP = 1e-4;
    /** Row i: the 2A normalised weights for fractional offset i / PER_PX. */
    private static final double[] WEIGHTS = weights();

    private Lanczos3() {}

    private static double[] weights() {
        double[] t = new double[(PER_PX + 1) * 2 * A];
        for (int i = 0; i <= PER_PX; i++) {
            double u = i / (double) PER_PX, total = 0;
            for (int k = 0; k < 2 * A; k++) {
                t[i * 2 * A + k] = kernel(k - (A - 1) - u);
                total += t[i * 2 * A + k];
            }
            for (int k = 0; k < 2 * A; k++) {
                t[i * 2 * A + k] /= total;
            }
        }
        return t;
    }

    static double kernel(double d) {
        d = Math.abs(d);
        if (d < 1e-12) {
            return 1;
        }
        return d >= A ? 0 : A * Math.sin(Math.PI * d) * Math.sin(Math.PI * d / A) / (Math.PI * Math.PI * d * d);
    }

    /**
     * @param src    frame pixels, row-major sw x sh, NaN = no data
     * @param map    output pixel -> frame position and area
     * @return the resampled image, width x height
     */
    static float[] resample(float[] src, int sw, int sh, PixelMap map, int width, int height) {
        float[] out = new float[width * height];
        double[] pos = new double[3];
        double[] wx = new double[2 * A], wy = new double[2 * A];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                map.at(x, y, pos);
                out[y * width + x] = (float) (sample(src, sw, sh, pos[0] - 1, pos[1] - 1, wx, wy) * pos[2]);
            }
        }
        return out;
    }

    /** The interpolated value at 0-based (px, py), or NaN. */
    static double sample(float[] src, int sw, int sh, double px, double py, double[] wx, double[] wy) {
        if (!(px >= -0.5 && px < sw - 0.5 && py >= -0.5 && py < sh - 0.5)) {
            return Double.NaN;
        }
        int x0 = (int) Math.floor(px), y0 = (int) Math.floor(py);
        double u = px - x0, v = py - y0;
        int nx = weights(u, wx), ny = weights(v, wy);
        if (nx == 1 && u > 0.5) {
            x0++;
        }
        if (ny == 1 && v > 0.5) {
            y0++;
        }
        int xa = nx == 1 ? x0 : x0 - A + 1, ya = ny == 1 ? y0 : y0 - A + 1;
        if (xa < 0 || ya < 0 || xa + nx > sw || ya + ny > sh) {
            return Double.NaN;
        }
        double sum = 0;
        for (int j = 0; j < ny; j++) {
            int row = (ya + j) * sw + xa;
            double s = 0;
            for (int i = 0; i < nx; i++) {
                s += wx[i] * src[row + i];
            }
            sum += wy[j] * s;
        }
        return sum; // NaN when any tap was NaN
    }

    /** Fills the taps' weights for fractional offset u in [0, 1); returns the tap count (1 when snapped). */
    private static int weights(double u, double[] w) {
        if (u < SNAP || u > 1 - SNAP) {
            w[0] = 1;
            return 1;
        }
        System.arraycopy(WEIGHTS, (int) Math.round(u * PER_PX) * 2 * A, w, 0, 2 * A);
        return 2 * A;
    }
}
