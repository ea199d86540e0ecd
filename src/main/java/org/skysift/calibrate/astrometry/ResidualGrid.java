package org.skysift.calibrate.astrometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A coarse grid of median residuals over the plate (DASCH's local correction on top of the
 * polynomial): each cell holds the median of the stars' residuals in it, read back by bilinear
 * interpolation between cell centres. Cells with fewer than {@link #MIN_PER_CELL} stars hold 0 so
 * that a sparse corner is left to the polynomial.
 */
public record ResidualGrid(int cells, double[] dxi, double[] deta) {
    static final int MIN_PER_CELL = 3;

    /** Grid over normalised plate coordinates u, v in [-1, 1]; residuals in any unit (returned in the same). */
    public static ResidualGrid of(int cells, double[] u, double[] v, double[] rxi, double[] reta, boolean[] use) {
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < cells * cells; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < u.length; i++) {
            if (use[i]) {
                members.get(cell(cells, v[i]) * cells + cell(cells, u[i])).add(i);
            }
        }
        double[] gx = new double[cells * cells], gy = new double[cells * cells];
        for (int c = 0; c < gx.length; c++) {
            List<Integer> m = members.get(c);
            if (m.size() >= MIN_PER_CELL) {
                gx[c] = median(m.stream().mapToDouble(i -> rxi[i]).toArray());
                gy[c] = median(m.stream().mapToDouble(i -> reta[i]).toArray());
            }
        }
        return new ResidualGrid(cells, gx, gy);
    }

    private static int cell(int cells, double t) {
        return Math.max(0, Math.min(cells - 1, (int) Math.floor((t + 1) / 2 * cells)));
    }

    /** {dxi, deta} at (u, v), bilinear between cell centres, constant beyond the outer centres. */
    public double[] at(double u, double v) {
        double fx = Math.max(0, Math.min(cells - 1, (u + 1) / 2 * cells - 0.5));
        double fy = Math.max(0, Math.min(cells - 1, (v + 1) / 2 * cells - 0.5));
        int x0 = Math.min((int) fx, cells - 1), y0 = Math.min((int) fy, cells - 1);
        int x1 = Math.min(x0 + 1, cells - 1), y1 = Math.min(y0 + 1, cells - 1);
        double tx = fx - x0, ty = fy - y0;
        return new double[] {bilinear(dxi, x0, x1, y0, y1, tx, ty), bilinear(deta, x0, x1, y0, y1, tx, ty)};
    }

    private double bilinear(double[] g, int x0, int x1, int y0, int y1, double tx, double ty) {
        double a = g[y0 * cells + x0] * (1 - tx) + g[y0 * cells + x1] * tx;
        double b = g[y1 * cells + x0] * (1 - tx) + g[y1 * cells + x1] * tx;
        return a * (1 - ty) + b * ty;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }
}
