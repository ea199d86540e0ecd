package org.skysift.calibrate;

/**
 * Per-tile image quality figures.
 *
 * @param saturatedFraction share of valid pixels at or above the saturation level
 * @param cosmicRayHits     sharp single-pixel outliers: more than 5 rms above the background and more than
 *                          three times as far above it as the brightest of their 8 neighbours (a star with a
 *                          FWHM of 2 px or more never is)
 * @param backgroundRange   (max - min) of the background map in units of the median rms: 0 for a flat sky
 */
public record QualityMetrics(double saturatedFraction, int cosmicRayHits, double backgroundRange) {

    private static final double CR_SIGMA = 5.0;
    private static final double CR_SHARPNESS = 3.0;

    /** Fills a row of the sky level or rms: one interface over full maps and the mesh spline. */
    private interface Rows {
        void level(int y, float[] out);

        void rms(int y, float[] out);
    }

    /** The level and rms evaluated a row at a time from the mesh: no full-resolution maps. */
    public static QualityMetrics measure(float[] img, int w, int h, BackgroundMap bg, double saturation) {
        if (bg.width() != w || bg.height() != h) {
            throw new IllegalArgumentException("quality: background map is " + bg.width() + "x" + bg.height()
                    + ", image is " + w + "x" + h);
        }
        double[] scratch = new double[3 * bg.meshCountX()];
        return measure(img, w, h, new Rows() {
            @Override
            public void level(int y, float[] out) {
                bg.levelRow(y, out, scratch);
            }

            @Override
            public void rms(int y, float[] out) {
                bg.rmsRow(y, out, scratch);
            }
        }, bg.globalRms(), saturation);
    }

    /** From full-resolution level and rms maps (row-major like the image). */
    public static QualityMetrics measure(float[] img, int w, int h, float[] level, float[] rms, double globalRms,
                                         double saturation) {
        return measure(img, w, h, new Rows() {
            @Override
            public void level(int y, float[] out) {
                System.arraycopy(level, y * w, out, 0, w);
            }

            @Override
            public void rms(int y, float[] out) {
                System.arraycopy(rms, y * w, out, 0, w);
            }
        }, globalRms, saturation);
    }

    private static QualityMetrics measure(float[] img, int w, int h, Rows rows, double globalRms, double saturation) {
        long valid = 0, saturated = 0;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        float[] level = new float[w], rms = new float[w];
        int hits = 0;
        for (int y = 0; y < h; y++) {
            rows.level(y, level);
            int off = y * w;
            for (int x = 0; x < w; x++) {
                float v = img[off + x];
                if (!Float.isNaN(v)) {
                    valid++;
                    if (v >= saturation) {
                        saturated++;
                    }
                }
                lo = Math.min(lo, level[x]);
                hi = Math.max(hi, level[x]);
            }
            if (y < 1 || y >= h - 1) {
                continue;
            }
            rows.rms(y, rms);
            for (int x = 1; x < w - 1; x++) {
                int i = off + x;
                float v = img[i];
                double excess = v - level[x];
                if (!(excess > CR_SIGMA * rms[x]) || v >= saturation) {
                    continue;
                }
                double neighbour = Double.NEGATIVE_INFINITY;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        if (dx != 0 || dy != 0) {
                            float n = img[i + dy * w + dx];
                            if (!Float.isNaN(n)) {
                                neighbour = Math.max(neighbour, n - level[x]);
                            }
                        }
                    }
                }
                if (excess > CR_SHARPNESS * Math.max(neighbour, 0)) {
                    hits++;
                }
            }
        }
        double range = globalRms > 0 ? (hi - lo) / globalRms : Double.NaN;
        return new QualityMetrics(valid == 0 ? Double.NaN : (double) saturated / valid, hits, range);
    }
}
