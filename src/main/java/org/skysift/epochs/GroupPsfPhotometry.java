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
 * are left out. Neighbours closer than SAME_PX are the same star (a target on a source) and are
 * not fitted against it.
 *
 * <p>PSF models built from the image's own stars are a few per cent off in shape (wings especially);
 * next to a star 20-100 times brighter that mismatch leaves residuals that bias a faint object's
 * flux by far more than its noise, differently in each epoch. So the error counts a relative error of
 * the PSF model per pixel, psfError x the fitted model, propagated like noise through the fit; and it
 * is scaled by sqrt(chi2 / dof) of the residuals in the object's disc when that exceeds 1 (what else
 * the model misses: undetected neighbours, a wrong position).
 */
final class GroupPsfPhotometry {
    /** The fit disc's radius in FWHM (and at least MIN_RADIUS px), as for the difference's forced fluxes. */
    static final double RADIUS_FWHM = 1.5;
    static final double MIN_RADIUS = 2;
    /** At most this many neighbours join an object's fit (the closest). */
    static final int MAX_NEIGHBOURS = 8;
    /** Objects closer than this are one star (a target on a pass-2 source), the same in every epoch. */
    static final double SAME_PX = 1.0;
    /** Beyond this share of the PSF's weight (sum of P^2 in the disc) masked, no flux (flag 4). */
    static final double MAX_MASKED_WEIGHT = 1.0 / 3;

    private GroupPsfPhotometry() {}

    /** One object on one plane: flux and error (NaN when none), flags as in LightCurves. */
    record Measure(double flux, double err, int flags) {}

    /** A unit-flux PSF at a pixel offset from the star. */
    interface Kernel {
        double at(double dx, double dy);
    }

    /**
     * Fits every object; with profileCorrection, fits again with the PSF model plus the median radial
     * profile of the bright stars' residuals (see RadialCorrection).
     */
    static Measure[] measure(EpochPlane p, double[] x0, double[] y0, boolean neighbours, double psfError,
                             boolean profileCorrection) {
        Kernel k = (dx, dy) -> p.psf().at(dx, dy);
        Measure[] m = measure(p, k, x0, y0, neighbours, psfError);
        if (profileCorrection) {
            Kernel c = RadialCorrection.of(p, k, m, x0, y0);
            if (c != null) {
                m = measure(p, c, x0, y0, neighbours, psfError);
            }
        }
        return m;
    }

    static double fitRadius(EpochPlane p) {
        return Math.max(MIN_RADIUS, RADIUS_FWHM * p.fwhm());
    }

    private static Measure[] measure(EpochPlane p, Kernel kernel, double[] x0, double[] y0, boolean neighbours,
                                     double psfError) {
        int w = p.width(), h = p.height();
        double r = fitRadius(p);
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
            double[] lost = maskedShare(p, kernel, x0[i], y0[i], r);
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
                group.addAll(neighbours(grid, x0, y0, i, cell, SAME_PX));
            }
            double[] f = fit(p, kernel, x0, y0, group, r, psfError);
            if (f == null && group.size() > 1) {
                f = fit(p, kernel, x0, y0, List.of(i), r, psfError); // a neighbour with no data of its own
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
    private static double[] maskedShare(EpochPlane p, Kernel kernel, double x0, double y0, double r) {
        int w = p.width(), h = p.height();
        double lost = 0, all = 0;
        int n = 0;
        for (int y = (int) Math.floor(y0 - r); y <= (int) Math.ceil(y0 + r); y++) {
            for (int x = (int) Math.floor(x0 - r); x <= (int) Math.ceil(x0 + r); x++) {
                double dx = x - x0, dy = y - y0;
                if (dx * dx + dy * dy > r * r) {
                    continue;
                }
                double pv = kernel.at(dx, dy);
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
     * {flux, error} of the group's first member, null when the normal matrix is singular. The error is the
     * sandwich sum_pix w(pix)^2 (V(pix) + (psfError model(pix))^2), w the first member's row of the
     * least-squares solution, model the fitted group, scaled up by the residuals' sqrt(chi2 / dof) in the
     * member's disc when above 1.
     */
    private static double[] fit(EpochPlane p, Kernel kernel, double[] x0, double[] y0, List<Integer> group, double r, double psfError) {
        int w = p.width(), h = p.height(), m = group.size();
        double xa = Double.MAX_VALUE, xb = -Double.MAX_VALUE, ya = Double.MAX_VALUE, yb = -Double.MAX_VALUE;
        for (int j : group) {
            xa = Math.min(xa, x0[j]);
            xb = Math.max(xb, x0[j]);
            ya = Math.min(ya, y0[j]);
            yb = Math.max(yb, y0[j]);
        }
        int ya0 = Math.max(0, (int) Math.floor(ya - r)), yb0 = Math.min(h - 1, (int) Math.ceil(yb + r));
        int xa0 = Math.max(0, (int) Math.floor(xa - r)), xb0 = Math.min(w - 1, (int) Math.ceil(xb + r));
        int bw = xb0 - xa0 + 1, bh = yb0 - ya0 + 1;
        // the group's PSFs over the box; used: the pixel is fitted (unmasked, inside a member's disc)
        double[][] a = new double[m][bw * bh];
        boolean[] used = new boolean[bw * bh];
        double[][] ata = new double[m][m];
        double[] aty = new double[m];
        double r2 = r * r;
        for (int y = ya0; y <= yb0; y++) {
            for (int x = xa0; x <= xb0; x++) {
                int pix = y * w + x, b = (y - ya0) * bw + x - xa0;
                boolean inside = false;
                for (int k = 0; k < m; k++) {
                    double dx = x - x0[group.get(k)], dy = y - y0[group.get(k)];
                    inside |= dx * dx + dy * dy <= r2;
                    a[k][b] = kernel.at(dx, dy);
                }
                if (!inside || p.masked()[pix]) {
                    continue;
                }
                used[b] = true;
                double val = p.image()[pix];
                for (int k = 0; k < m; k++) {
                    aty[k] += a[k][b] * val;
                    for (int l = 0; l <= k; l++) {
                        ata[k][l] += a[k][b] * a[l][b];
                    }
                }
            }
        }
        for (int k = 0; k < m; k++) {
            for (int l = 0; l < k; l++) {
                ata[l][k] = ata[k][l];
            }
        }
        double[][] inv = invert(ata);
        if (inv == null) {
            return null;
        }
        double[] f = new double[m];
        for (int k = 0; k < m; k++) {
            for (int l = 0; l < m; l++) {
                f[k] += inv[k][l] * aty[l];
            }
        }
        double var = 0, chi2 = 0;
        int n = 0, i = group.get(0);
        for (int y = ya0; y <= yb0; y++) {
            for (int x = xa0; x <= xb0; x++) {
                int pix = y * w + x, b = (y - ya0) * bw + x - xa0;
                if (!used[b]) {
                    continue;
                }
                double wt = 0, model = 0;
                for (int k = 0; k < m; k++) {
                    wt += inv[0][k] * a[k][b];
                    model += f[k] * a[k][b];
                }
                double v = p.variance()[pix] + psfError * psfError * model * model;
                var += wt * wt * v;
                double dx = x - x0[i], dy = y - y0[i], d = p.image()[pix] - model;
                if (dx * dx + dy * dy <= r2 && v > 0) {
                    chi2 += d * d / v;
                    n++;
                }
            }
        }
        double inflate = n > 1 ? Math.max(1, Math.sqrt(chi2 / (n - 1))) : 1;
        return new double[] {f[0], Math.sqrt(var) * inflate};
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
