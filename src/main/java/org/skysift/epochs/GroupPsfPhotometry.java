package org.skysift.epochs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forced PSF photometry of many objects on one epoch plane: each object's flux is a linear least-squares
 * fit of its PSF at its fixed position together with the neighbours whose fit discs overlap its own
 * (DAOPHOT's idea of fitting groups, with positions held fixed). A lone-star fit would take a share of
 * each neighbour's wing that grows with the seeing, a spurious variation between epochs.
 *
 * <p>Equal weights over the union of the group's discs (weights from the pixels' own values would bias
 * bright stars low); the error is the fit's sandwich covariance with the per-pixel variances. Masked pixels
 * are left out. Neighbours closer than half a FWHM are the same star (a target on a source) and are
 * not fitted against it.
 */
final class GroupPsfPhotometry {
    /** The fit disc's radius in FWHM (and at least MIN_RADIUS px), as for the difference's forced fluxes. */
    static final double RADIUS_FWHM = 1.5;
    static final double MIN_RADIUS = 2;
    /** At most this many neighbours join an object's fit (the closest). */
    static final int MAX_NEIGHBOURS = 8;
    /** Beyond this share of the PSF's weight (sum of P^2 in the disc) masked, no flux (flag 4). */
    static final double MAX_MASKED_WEIGHT = 1.0 / 3;

    private GroupPsfPhotometry() {}

    /** One object on one plane: flux and error (NaN when none), flags as in LightCurves. */
    record Measure(double flux, double err, int flags) {}

    static Measure[] measure(EpochPlane p, double[] x0, double[] y0, boolean neighbours) {
        int w = p.width(), h = p.height();
        double r = Math.max(MIN_RADIUS, RADIUS_FWHM * p.fwhm());
        double cell = 2 * r;
        Map<Long, List<Integer>> grid = new HashMap<>();
        for (int i = 0; i < x0.length; i++) {
            if (onGrid(x0[i], y0[i], w, h)) {
                grid.computeIfAbsent(key(x0[i], y0[i], cell), k -> new ArrayList<>()).add(i);
            }
        }
        Measure[] out = new Measure[x0.length];
        for (int i = 0; i < x0.length; i++) {
            if (!onGrid(x0[i], y0[i], w, h)) {
                out[i] = new Measure(Double.NaN, Double.NaN, LightCurves.FLAG_OFF_IMAGE);
                continue;
            }
            int flags = 0;
            int cx = (int) Math.round(x0[i]), cy = (int) Math.round(y0[i]);
            if (p.noData() != null && p.noData()[cy * w + cx]) {
                flags |= LightCurves.FLAG_OFF_IMAGE;
            }
            double[] lost = maskedShare(p, x0[i], y0[i], r);
            if (lost[1] > 0) {
                flags |= LightCurves.FLAG_NEAR_MASK;
            }
            if (lost[0] > MAX_MASKED_WEIGHT || (flags & LightCurves.FLAG_OFF_IMAGE) != 0) {
                out[i] = new Measure(Double.NaN, Double.NaN, flags | (lost[0] > MAX_MASKED_WEIGHT ? LightCurves.FLAG_MASKED : 0));
                continue;
            }
            List<Integer> group = new ArrayList<>();
            group.add(i);
            if (neighbours) {
                group.addAll(neighbours(grid, x0, y0, i, cell, 0.5 * p.fwhm()));
            }
            double[] f = fit(p, x0, y0, group, r);
            if (f == null && group.size() > 1) {
                f = fit(p, x0, y0, List.of(i), r); // a neighbour with no data of its own
            }
            out[i] = f == null ? new Measure(Double.NaN, Double.NaN, flags | LightCurves.FLAG_MASKED)
                    : new Measure(f[0], f[1], flags);
        }
        return out;
    }

    private static boolean onGrid(double x, double y, int w, int h) {
        return x >= -0.5 && y >= -0.5 && x < w - 0.5 && y < h - 0.5;
    }

    private static long key(double x, double y, double cell) {
        return ((long) Math.floor(x / cell) << 32) ^ ((long) Math.floor(y / cell) & 0xffffffffL);
    }

    /** Objects within two disc radii (discs overlap), closest first, at most MAX_NEIGHBOURS. */
    private static List<Integer> neighbours(Map<Long, List<Integer>> grid, double[] x0, double[] y0, int i, double cell,
                                            double same) {
        List<double[]> near = new ArrayList<>();
        long gx = (long) Math.floor(x0[i] / cell), gy = (long) Math.floor(y0[i] / cell);
        for (long dy = -1; dy <= 1; dy++) {
            for (long dx = -1; dx <= 1; dx++) {
                for (int j : grid.getOrDefault(((gx + dx) << 32) ^ ((gy + dy) & 0xffffffffL), List.of())) {
                    double d = Math.hypot(x0[j] - x0[i], y0[j] - y0[i]);
                    if (j != i && d < cell && d >= same) {
                        near.add(new double[] {d, j});
                    }
                }
            }
        }
        near.sort((a, b) -> Double.compare(a[0], b[0]));
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < Math.min(MAX_NEIGHBOURS, near.size()); k++) {
            out.add((int) near.get(k)[1]);
        }
        return out;
    }

    /** {share of sum P^2 in the disc that is masked or off the grid, masked pixel count}. */
    private static double[] maskedShare(EpochPlane p, double x0, double y0, double r) {
        int w = p.width(), h = p.height();
        double lost = 0, all = 0;
        int n = 0;
        for (int y = (int) Math.floor(y0 - r); y <= (int) Math.ceil(y0 + r); y++) {
            for (int x = (int) Math.floor(x0 - r); x <= (int) Math.ceil(x0 + r); x++) {
                double dx = x - x0, dy = y - y0;
                if (dx * dx + dy * dy > r * r) {
                    continue;
                }
                double pv = p.psf().at(dx, dy);
                all += pv * pv;
                if (x < 0 || y < 0 || x >= w || y >= h || p.masked()[y * w + x]) {
                    lost += pv * pv;
                    n++;
                }
            }
        }
        return new double[] {all > 0 ? lost / all : 1, n};
    }

    /**
     * Least squares of the group's PSFs (unit-flux, fixed positions) over the union of their discs;
     * {flux, error} of the group's first member, null when the normal matrix is singular.
     */
    private static double[] fit(EpochPlane p, double[] x0, double[] y0, List<Integer> group, double r) {
        int w = p.width(), h = p.height(), m = group.size();
        double xa = Double.MAX_VALUE, xb = -Double.MAX_VALUE, ya = Double.MAX_VALUE, yb = -Double.MAX_VALUE;
        for (int j : group) {
            xa = Math.min(xa, x0[j]);
            xb = Math.max(xb, x0[j]);
            ya = Math.min(ya, y0[j]);
            yb = Math.max(yb, y0[j]);
        }
        double[][] ata = new double[m][m], atva = new double[m][m];
        double[] aty = new double[m], a = new double[m];
        double r2 = r * r;
        for (int y = Math.max(0, (int) Math.floor(ya - r)); y <= Math.min(h - 1, (int) Math.ceil(yb + r)); y++) {
            for (int x = Math.max(0, (int) Math.floor(xa - r)); x <= Math.min(w - 1, (int) Math.ceil(xb + r)); x++) {
                int pix = y * w + x;
                if (p.masked()[pix]) {
                    continue;
                }
                boolean inside = false;
                for (int k = 0; k < m; k++) {
                    double dx = x - x0[group.get(k)], dy = y - y0[group.get(k)];
                    inside |= dx * dx + dy * dy <= r2;
                    a[k] = p.psf().at(dx, dy);
                }
                if (!inside) {
                    continue;
                }
                double v = p.variance()[pix], val = p.image()[pix];
                for (int k = 0; k < m; k++) {
                    aty[k] += a[k] * val;
                    for (int l = 0; l <= k; l++) {
                        ata[k][l] += a[k] * a[l];
                        atva[k][l] += a[k] * a[l] * v;
                    }
                }
            }
        }
        for (int k = 0; k < m; k++) {
            for (int l = 0; l < k; l++) {
                ata[l][k] = ata[k][l];
                atva[l][k] = atva[k][l];
            }
        }
        double[][] inv = invert(ata);
        if (inv == null) {
            return null;
        }
        double flux = 0, var = 0;
        for (int k = 0; k < m; k++) {
            flux += inv[0][k] * aty[k];
            for (int l = 0; l < m; l++) {
                var += inv[0][k] * atva[k][l] * inv[l][0];
            }
        }
        return new double[] {flux, Math.sqrt(var)};
    }

    /** Inverse of a small symmetric positive-definite matrix by Gauss-Jordan with pivoting; null if singular. */
    static double[][] invert(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
            scale = Math.max(scale, Math.abs(m[i][i]));
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(a[i][c]) > Math.abs(a[piv][c])) {
                    piv = i;
                }
            }
            if (!(Math.abs(a[piv][c]) > 1e-12 * scale)) {
                return null;
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double d = a[c][c];
            for (int k = 0; k < 2 * n; k++) {
                a[c][k] /= d;
            }
            for (int i = 0; i < n; i++) {
                if (i != c && a[i][c] != 0) {
                    double f = a[i][c];
                    for (int k = 0; k < 2 * n; k++) {
                        a[i][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
