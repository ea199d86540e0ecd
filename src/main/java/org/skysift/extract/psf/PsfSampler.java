package org.skysift.extract.psf;

/**
 * Evaluates a {@link PsfModel} at image pixels for one source at a time. {@link #prepare} sums the
 * polynomial terms once over the part of the fine grid a window needs; {@link #sample} then
 * interpolates it at the pixel centres. Because the grid step is 1/oversampling pixel, every pixel
 * of a window falls at the same sub-node phase, so one set of Keys weights per axis serves the
 * whole window. Not thread-safe: one sampler per thread.
 */
final class PsfSampler {
    private final PsfModel model;
    private final boolean galaxy;
    private final int os;
    private final int n;
    private final int c;
    private final double[] terms;
    private double[] loc = new double[0];
    private double[] locG = new double[0];
    private int lo;
    private int span;
    private final double[] wx = new double[4];
    private final double[] wy = new double[4];
    private final double[] dwx = new double[4];
    private final double[] dwy = new double[4];

    PsfSampler(PsfModel model, boolean galaxy) {
        this.model = model;
        this.galaxy = galaxy;
        this.os = model.oversampling();
        this.n = model.gridSize();
        this.c = model.radiusPx() * os;
        this.terms = new double[model.basis().length];
    }

    /** Sums the model at 0-based (x, y) over the fine nodes within rPx pixels (plus the kernel reach). */
    void prepare(double x, double y, double rPx) {
        prepare(x, y, rPx, galaxy);
    }

    /** As {@link #prepare(double, double, double)}; the galaxy grid only when asked (it costs as much again). */
    void prepare(double x, double y, double rPx, boolean withGalaxy) {
        model.terms(x, y, terms);
        int half = Math.min(c, (int) Math.ceil(rPx * os) + 3);
        lo = c - half;
        span = 2 * half + 1;
        if (loc.length < span * span) {
            loc = new double[span * span];
            locG = galaxy ? new double[span * span] : locG;
        }
        fill(model.basis(), loc);
        if (galaxy && withGalaxy) {
            fill(model.galaxyBasis(), locG);
        }
    }

    private void fill(double[][] basis, double[] out) {
        java.util.Arrays.fill(out, 0, span * span, 0.0);
        for (int k = 0; k < basis.length; k++) {
            double tk = terms[k];
            double[] b = basis[k];
            for (int v = 0; v < span; v++) {
                int src = (lo + v) * n + lo;
                int dst = v * span;
                for (int u = 0; u < span; u++) {
                    out[dst + u] += tk * b[src + u];
                }
            }
        }
    }

    /**
     * Model of unit flux centred at 0-based (xc, yc), at the pixels of the box [ia, ia + nx) x [ja, ja + ny),
     * row-major into p; dpx, dpy (may be null) get dP/dxc and dP/dyc; g (may be null) the galaxy model.
     */
    void sample(double xc, double yc, int ia, int ja, int nx, int ny, double[] p, double[] dpx, double[] dpy,
                double[] g) {
        double ua = c + (ia - xc) * os;
        double va = c + (ja - yc) * os;
        int u0 = (int) Math.floor(ua), v0 = (int) Math.floor(va);
        double tu = ua - u0, tv = va - v0;
        Keys.weights(tu, wx);
        Keys.weights(tv, wy);
        boolean deriv = dpx != null;
        if (deriv) {
            Keys.derivatives(tu, dwx);
            Keys.derivatives(tv, dwy);
        }
        int k = 0;
        for (int j = 0; j < ny; j++) {
            int vb = v0 + j * os - 1 - lo;
            for (int i = 0; i < nx; i++, k++) {
                int ub = u0 + i * os - 1 - lo;
                double val = 0, du = 0, dv = 0, gv = 0;
                if (ub >= 0 && ub + 3 < span && vb >= 0 && vb + 3 < span) {
                    for (int b = 0; b < 4; b++) {
                        int row = (vb + b) * span + ub;
                        double r = wx[0] * loc[row] + wx[1] * loc[row + 1] + wx[2] * loc[row + 2] + wx[3] * loc[row + 3];
                        val += wy[b] * r;
                        if (deriv) {
                            double rd = dwx[0] * loc[row] + dwx[1] * loc[row + 1] + dwx[2] * loc[row + 2]
                                    + dwx[3] * loc[row + 3];
                            du += wy[b] * rd;
                            dv += dwy[b] * r;
                        }
                        if (g != null) {
                            gv += wy[b] * (wx[0] * locG[row] + wx[1] * locG[row + 1] + wx[2] * locG[row + 2]
                                    + wx[3] * locG[row + 3]);
                        }
                    }
                } else {
                    for (int b = 0; b < 4; b++) {
                        int vv = vb + b;
                        if (vv < 0 || vv >= span) {
                            continue;
                        }
                        double r = 0, rd = 0, rg = 0;
                        for (int a = 0; a < 4; a++) {
                            int uu = ub + a;
                            if (uu < 0 || uu >= span) {
                                continue;
                            }
                            double L = loc[vv * span + uu];
                            r += wx[a] * L;
                            rd += dwx[a] * L;
                            if (g != null) {
                                rg += wx[a] * locG[vv * span + uu];
                            }
                        }
                        val += wy[b] * r;
                        du += wy[b] * rd;
                        dv += dwy[b] * r;
                        gv += wy[b] * rg;
                    }
                }
                p[k] = val;
                if (deriv) {
                    dpx[k] = -os * du;
                    dpy[k] = -os * dv;
                }
                if (g != null) {
                    g[k] = gv;
                }
            }
        }
    }
}
