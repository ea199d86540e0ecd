package org.skysift.extract;

/** Separable Gaussian smoothing, normalised to unit sum, edges handled by renormalising the truncated kernel. */
public final class Convolver {
    private Convolver() {}

    public static float[] gaussian(float[] img, int w, int h, double fwhm) {
        if (fwhm <= 0) {
            return img.clone();
        }
        double sigma = fwhm / (2.0 * Math.sqrt(2.0 * Math.log(2.0)));
        int r = Math.max(1, (int) Math.ceil(2.5 * sigma));
        double[] k = new double[2 * r + 1];
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
        }
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double s = 0, ws = 0;
                int a = Math.max(-r, -x), b = Math.min(r, w - 1 - x);
                for (int i = a; i <= b; i++) {
                    s += k[i + r] * img[row + x + i];
                    ws += k[i + r];
                }
                tmp[row + x] = (float) (s / ws);
            }
        }
        for (int y = 0; y < h; y++) {
            int a = Math.max(-r, -y), b = Math.min(r, h - 1 - y);
            double ws = 0;
            for (int i = a; i <= b; i++) {
                ws += k[i + r];
            }
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = a; i <= b; i++) {
                    s += k[i + r] * tmp[row + i * w + x];
                }
                out[row + x] = (float) (s / ws);
            }
        }
        return out;
    }
}
