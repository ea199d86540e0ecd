package org.skysift.report.cutout;

import org.skysift.wcs.Wcs;

/**
 * Resamples a plate onto a {@link StampFrame}: each stamp pixel's centre goes to the sky and back
 * through the plate's WCS, so the stamp is north up and east left whatever the plate's rotation or
 * parity. Positions are computed exactly on a coarse grid and interpolated in between: over a few
 * pixels the WCS is linear to far below a pixel, and the plate solution's Newton inverse is costly.
 */
public final class StampSampler {
    /** Exact WCS positions every STEP stamp pixels. */
    static final int STEP = 8;

    private StampSampler() {}

    /** Stamp values, row 0 (north) first; NaN where the stamp falls off the plate or on blanks. */
    public static float[] sample(PlateImage plate, StampFrame frame) {
        int n = frame.n();
        int nodes = (n - 1 + STEP - 1) / STEP + 1;
        double[][] px = new double[nodes * nodes][];
        for (int j = 0; j < nodes; j++) {
            for (int i = 0; i < nodes; i++) {
                px[j * nodes + i] = platePixel(plate.wcs(), frame, Math.min(i * STEP, n - 1), Math.min(j * STEP, n - 1));
            }
        }
        float[] out = new float[n * n];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                double[] p = nodes < 2 ? null : interpolate(px, nodes, n, col, row);
                if (p == null) {
                    p = platePixel(plate.wcs(), frame, col, row);
                }
                out[row * n + col] = p == null ? Float.NaN : (float) plate.sample(p[0], p[1]);
            }
        }
        return out;
    }

    private static double[] platePixel(Wcs wcs, StampFrame frame, double col, double row) {
        double[] sky = frame.sky(col, row);
        return wcs.skyToPixel(sky[0], sky[1]);
    }

    /** Bilinear between the four grid nodes around (col, row); null when one of them did not project. */
    private static double[] interpolate(double[][] px, int nodes, int n, int col, int row) {
        int i = Math.min(col / STEP, nodes - 2), j = Math.min(row / STEP, nodes - 2);
        double[] a = px[j * nodes + i], b = px[j * nodes + i + 1], c = px[(j + 1) * nodes + i], d = px[(j + 1) * nodes + i + 1];
        if (a == null || b == null || c == null || d == null) {
            return null;
        }
        int c0 = i * STEP, c1 = Math.min((i + 1) * STEP, n - 1);
        int r0 = j * STEP, r1 = Math.min((j + 1) * STEP, n - 1);
        double fx = c1 == c0 ? 0 : (col - c0) / (double) (c1 - c0);
        double fy = r1 == r0 ? 0 : (row - r0) / (double) (r1 - r0);
        double x = (1 - fy) * ((1 - fx) * a[0] + fx * b[0]) + fy * ((1 - fx) * c[0] + fx * d[0]);
        double y = (1 - fy) * ((1 - fx) * a[1] + fx * b[1]) + fy * ((1 - fx) * c[1] + fx * d[1]);
        return new double[] {x, y};
    }
}
