package org.skysift.calibrate.photometry;

import java.util.Arrays;

/**
 * A coarse grid of median residuals (reference minus curve) over the plate, read with bilinear interpolation
 * between cell centres. Cells with too few stars hold zero: no correction rather than a noisy one.
 */
public record SpatialGrid(int cells, double width, double height, double[] offsets) {
    static final int MIN_PER_CELL = 8;

    static SpatialGrid fit(int cells, double width, double height, double[] x, double[] y, double[] residual,
                           boolean[] use) {
        double[][] bins = new double[cells * cells][];
        int[] counts = new int[cells * cells];
        int[] cellOf = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            cellOf[i] = -1;
            if (use[i]) {
                int cx = Math.min(cells - 1, Math.max(0, (int) ((x[i] - 0.5) / width * cells)));
                int cy = Math.min(cells - 1, Math.max(0, (int) ((y[i] - 0.5) / height * cells)));
                cellOf[i] = cy * cells + cx;
                counts[cellOf[i]]++;
            }
        }
        for (int c = 0; c < bins.length; c++) {
            bins[c] = new double[counts[c]];
            counts[c] = 0;
        }
        for (int i = 0; i < x.length; i++) {
            if (cellOf[i] >= 0) {
                bins[cellOf[i]][counts[cellOf[i]]++] = residual[i];
            }
        }
        double[] off = new double[cells * cells];
        for (int c = 0; c < off.length; c++) {
            off[c] = bins[c].length >= MIN_PER_CELL ? median(bins[c]) : 0;
        }
        return new SpatialGrid(cells, width, height, off);
    }

    /** The correction (mag) at 1-based pixel (x, y). */
    public double at(double x, double y) {
        double fx = Math.min(cells - 1, Math.max(0, (x - 0.5) / width * cells - 0.5));
        double fy = Math.min(cells - 1, Math.max(0, (y - 0.5) / height * cells - 0.5));
        int x0 = Math.min(cells - 2, (int) fx), y0 = Math.min(cells - 2, (int) fy);
        if (cells == 1) {
            return offsets[0];
        }
        double u = fx - x0, v = fy - y0;
        return (1 - u) * (1 - v) * offsets[y0 * cells + x0] + u * (1 - v) * offsets[y0 * cells + x0 + 1]
                + (1 - u) * v * offsets[(y0 + 1) * cells + x0] + u * v * offsets[(y0 + 1) * cells + x0 + 1];
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }
}
