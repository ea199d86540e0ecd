package org.skysift.report.cutout;

/**
 * The three images of a difference on one pixel grid (the reference epoch's), row-major with y up
 * as in FITS: the reference and the new image background-subtracted, the new one in its own counts
 * (divided by {@code freshScale} when shown, so both share one stretch), and the difference D.
 * masked (may be null) marks pixels with no usable data (no data, saturated, edge).
 */
public record Triplet(float[] reference, float[] fresh, float[] difference, boolean[] masked, int width, int height,
                      double freshScale) {
    public Triplet {
        int n = width * height;
        if (width < 1 || height < 1 || reference.length != n || fresh.length != n || difference.length != n
                || (masked != null && masked.length != n)) {
            throw new IllegalArgumentException("triplet planes of " + reference.length + ", " + fresh.length + ", "
                    + difference.length + (masked == null ? "" : ", " + masked.length) + " pixels for a " + width + " x "
                    + height + " grid");
        }
        if (!(freshScale > 0) || Double.isInfinite(freshScale)) {
            throw new IllegalArgumentException("flux scale of the new image " + freshScale);
        }
    }

    /**
     * An n x n stamp of one plane whose pixel (0, 0) is grid pixel (x0, y0) (0-based); NaN off the grid
     * and on masked pixels. plane: 0 reference, 1 new (scaled to the reference), 2 difference.
     */
    float[] stamp(int plane, int x0, int y0, int n) {
        float[] src = plane == 0 ? reference : plane == 1 ? fresh : difference;
        float scale = plane == 1 ? (float) (1 / freshScale) : 1f;
        float[] out = new float[n * n];
        for (int j = 0; j < n; j++) {
            int y = y0 + j;
            for (int i = 0; i < n; i++) {
                int x = x0 + i;
                boolean inside = x >= 0 && y >= 0 && x < width && y < height;
                int k = y * width + x;
                out[j * n + i] = inside && (masked == null || !masked[k]) ? src[k] * scale : Float.NaN;
            }
        }
        return out;
    }
}
