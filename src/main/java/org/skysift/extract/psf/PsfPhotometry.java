package org.skysift.extract.psf;


/**
 * Pass 2: PSF-fit photometry of every source with the image's {@link PsfModel}. Per source the
 * local model is fitted for flux and sub-pixel position by Gauss-Newton inside a window of
 * fitRadiusFwhm x FWHM, pixels weighted by their inverse variance (background rms, plus the
 * source's Poisson noise when a gain is given). With neighbour subtraction on, all sources are fitted
 * once, their fitted models painted into per-source boxes (ModelBoxes), and every source refitted on the image
 * minus its neighbours' models (one round of DAOPHOT-style crowded-field photometry).
 *
 * <p>SPREAD_MODEL follows the SExtractor documentation: with p the pixels around the source,
 * P the local PSF and G the local PSF convolved with a circular exponential disc of scale FWHM / 16,
 * both at the fitted position, and uniform weights on the valid pixels,
 * <pre>  spread = (G.p) / (P.p) - (G.P) / (P.P)</pre>
 * zero for a point source, positive for an extended one, negative for anything sharper than the
 * PSF such as a cosmic-ray hit. Its error propagates the pixel variances V:
 * <pre>  err^2 = [ (G.V.G) (P.p)^2 + (P.V.P) (G.p)^2 - 2 (G.V.P) (G.p) (P.p) ] / (P.p)^4</pre>
 */
public final class PsfPhotometry {
    private static final int MAX_ITER = 8;
    private static final double MAX_SHIFT = 2.0;
    private static final double MIN_SNR_FOR_REFIT = 5.0;

    private PsfPhotometry() {}

    /**
     * @param sub background-subtracted image, row-major w x h
     * @param rms background rms map
     * @param x   source positions, FITS 1-based (e.g. XWIN_IMAGE)
     * @param y   source positions, FITS 1-based
     */
    public static PsfMeasurements measure(float[] sub, float[] rms, int w, int h, PsfModel psf, double[] x,
                                          double[] y, PsfParams p) {
        PsfBuilder.checkImage(sub, rms == null ? null : NoiseMap.of(rms), w, h);
        return measure(sub, NoiseMap.of(rms), w, h, psf, x, y, p);
    }

    /** As the float[] form, with the rms by pixel (e.g. {@link NoiseMap#of(org.skysift.calibrate.BackgroundMap)}). */
    public static PsfMeasurements measure(float[] sub, NoiseMap rms, int w, int h, PsfModel psf, double[] x,
                                          double[] y, PsfParams p) {
        PsfBuilder.checkImage(sub, rms, w, h);
        if (x == null || y == null || x.length != y.length) {
            throw new IllegalArgumentException("psf photometry: x and y must have the same length (x "
                    + (x == null ? "null" : x.length) + ", y " + (y == null ? "null" : y.length) + ")");
        }
        if (psf.width() != w || psf.height() != h) {
            throw new IllegalArgumentException("psf photometry: model built for " + psf.width() + " x " + psf.height()
                    + " pixels, image is " + w + " x " + h);
        }
        int n = x.length;
        PsfMeasurements out = new PsfMeasurements(new double[n], new double[n], new double[n], new double[n],
                new double[n], new double[n], new double[n], new int[n]);
        Worker worker = new Worker(sub, rms, w, h, psf, p);
        boolean twoRounds = p.subtractNeighbours() && n > 1;
        for (int i = 0; i < n; i++) {
            worker.fit(i, x[i] - 1, y[i] - 1, null, !twoRounds, out);
        }
        if (twoRounds) {
            ModelBoxes model = new ModelBoxes(w, h, n);
            int[] paint = new int[n];
            double[] fx = out.x().clone(), fy = out.y().clone(), ff = out.flux().clone();
            for (int i = 0; i < n; i++) {
                paint[i] = worker.paint(model, i, fx[i] - 1, fy[i] - 1, ff[i]);
            }
            model.index();
            for (int i = 0; i < n; i++) {
                worker.own(fx[i] - 1, fy[i] - 1, ff[i], paint[i]);
                worker.fit(i, x[i] - 1, y[i] - 1, model, true, out);
            }
        }
        return out;
    }

    /** Buffers and state for fitting one source after another. */
    private static final class Worker {
        private final float[] sub;
        private final NoiseMap rms;
        private final int w;
        private final int h;
        private final PsfParams p;
        private final PsfSampler sampler;
        private final double fitR;
        private final int r;
        private final int radius;
        private final double[] profile;
        private final double[] pv;
        private final double[] px;
        private final double[] py;
        private final double[] gv;
        private final double[] d;
        private final double[] var;
        private final boolean[] ok;
        private double[] paintBuf = new double[0];
        // the source's own first-pass model, as painted, so it can be added back
        private int ownXa;
        private int ownYa;
        private int ownSide;
        private double[] ownBuf = new double[0];

        Worker(float[] sub, NoiseMap rms, int w, int h, PsfModel psf, PsfParams p) {
            this.sub = sub;
            this.rms = rms;
            this.w = w;
            this.h = h;
            this.p = p;
            this.sampler = new PsfSampler(psf, true);
            this.fitR = Math.max(2.0, p.fitRadiusFwhm() * psf.fwhm());
            this.r = (int) Math.ceil(fitR) + 1;
            this.radius = psf.radiusPx();
            int side = 2 * r + 1;
            pv = new double[side * side];
            px = new double[side * side];
            py = new double[side * side];
            gv = new double[side * side];
            d = new double[side * side];
            var = new double[side * side];
            ok = new boolean[side * side];
            // peak-normalised radial profile at the image centre, to size each source's painted model
            double[] g = psf.gridAt(0.5 + w / 2.0, 0.5 + h / 2.0);
            int n = psf.gridSize(), c = radius * psf.oversampling();
            profile = new double[radius + 1];
            for (int k = 0; k <= radius; k++) {
                int o = k * psf.oversampling();
                profile[k] = Math.max(Math.max(g[c * n + c + o], g[c * n + c - o]), Math.max(g[(c + o) * n + c], g[(c - o) * n + c]));
            }
        }

        /** Stores source i's flux x model around 0-based (xc, yc) in the model boxes; returns the half-size painted. */
        int paint(ModelBoxes model, int i, double xc, double yc, double flux) {
            if (!(flux > 0) || !Double.isFinite(xc) || !Double.isFinite(yc)) {
                return -1;
            }
            int xi = (int) Math.round(xc), yi = (int) Math.round(yc);
            double local = rms.rms(Math.max(0, Math.min(h - 1, yi)) * w + Math.max(0, Math.min(w - 1, xi)));
            int rp = r;
            while (rp < radius && flux * profile[rp] > 0.2 * local) {
                rp++;
            }
            int side = 2 * rp + 1;
            if (paintBuf.length < side * side) {
                paintBuf = new double[side * side];
            }
            sampler.prepare(xc, yc, rp + 1, false);
            sampler.sample(xc, yc, xi - rp, yi - rp, side, side, paintBuf, null, null, null);
            model.put(i, xi - rp, yi - rp, side, paintBuf, flux);
            return rp;
        }

        /** Remembers the source's own painted model (same box and values as {@link #paint}). */
        void own(double xc, double yc, double flux, int rp) {
            if (rp < 0) {
                ownSide = 0;
                return;
            }
            int xi = (int) Math.round(xc), yi = (int) Math.round(yc);
            ownSide = 2 * rp + 1;
            ownXa = xi - rp;
            ownYa = yi - rp;
            if (ownBuf.length < ownSide * ownSide) {
                ownBuf = new double[ownSide * ownSide];
            }
            sampler.prepare(xc, yc, rp + 1, false);
            sampler.sample(xc, yc, ownXa, ownYa, ownSide, ownSide, ownBuf, null, null, null);
            for (int k = 0; k < ownSide * ownSide; k++) {
                ownBuf[k] = (float) (flux * ownBuf[k]);
            }
        }

        void fit(int idx, double x0, double y0, ModelBoxes model, boolean last, PsfMeasurements out) {
            if (!Double.isFinite(x0) || !Double.isFinite(y0)) {
                fail(idx, x0, y0, out);
                return;
            }
            int xi = (int) Math.round(x0), yi = (int) Math.round(y0);
            int side = 2 * r + 1;
            int xa = xi - r, ya = yi - r;
            int flags = 0;
            int valid = 0;
            for (int j = 0; j < side; j++) {
                for (int i = 0; i < side; i++) {
                    int k = j * side + i;
                    int xx = xa + i, yy = ya + j;
                    ok[k] = false;
                    if (xx < 0 || yy < 0 || xx >= w || yy >= h) {
                        if (Circles.within(xx - x0, yy - y0, fitR)) {
                            flags |= PsfMeasurements.FLAG_EDGE;
                        }
                        continue;
                    }
                    int pix = yy * w + xx;
                    double v = sub[pix];
                    if (model != null) {
                        v -= model.at(xx, yy);
                        int oi = xx - ownXa, oj = yy - ownYa;
                        if (ownSide > 0 && oi >= 0 && oj >= 0 && oi < ownSide && oj < ownSide) {
                            v += (float) ownBuf[oj * ownSide + oi];
                        }
                    }
                    if (!(rms.rms(pix) > 0) || !Double.isFinite(v) || !Circles.within(xx - x0, yy - y0, fitR)) {
                        continue;
                    }
                    d[k] = v;
                    var[k] = (double) rms.rms(pix) * rms.rms(pix);
                    ok[k] = true;
                    valid++;
                }
            }
            if (valid < 4) {
                fail(idx, x0, y0, out);
                return;
            }
            // the spread needs the galaxy grid only in the last round of fits
            sampler.prepare(x0, y0, r + MAX_SHIFT + 1, last);
            double xc = x0, yc = y0;
            double f = linearFlux(xc, yc, xa, ya, side);
            if (!(f > 0) || f * Math.sqrt(sumPPoverVar(side)) < MIN_SNR_FOR_REFIT) {
                flags |= PsfMeasurements.FLAG_POSITION_KEPT;
            } else {
                for (int it = 0; it < MAX_ITER; it++) {
                    sampler.sample(xc, yc, xa, ya, side, side, pv, px, py, null);
                    double a00 = 0, a01 = 0, a02 = 0, a11 = 0, a12 = 0, a22 = 0, b0 = 0, b1 = 0, b2 = 0;
                    for (int k = 0; k < side * side; k++) {
                        if (!ok[k]) {
                            continue;
                        }
                        double iv = 1.0 / variance(k, f * pv[k]);
                        double j0 = pv[k], j1 = f * px[k], j2 = f * py[k];
                        double res = d[k] - f * pv[k];
                        a00 += j0 * j0 * iv;
                        a01 += j0 * j1 * iv;
                        a02 += j0 * j2 * iv;
                        a11 += j1 * j1 * iv;
                        a12 += j1 * j2 * iv;
                        a22 += j2 * j2 * iv;
                        b0 += j0 * res * iv;
                        b1 += j1 * res * iv;
                        b2 += j2 * res * iv;
                    }
                    double[] m = {a00, a01, a02, a01, a11, a12, a02, a12, a22};
                    double[] s = {b0, b1, b2};
                    if (!PsfBuilder.solve(m, s, 3)) {
                        flags |= PsfMeasurements.FLAG_POSITION_KEPT;
                        xc = x0;
                        yc = y0;
                        break;
                    }
                    double sx = Math.max(-0.5, Math.min(0.5, s[1])), sy = Math.max(-0.5, Math.min(0.5, s[2]));
                    f += s[0];
                    xc += sx;
                    yc += sy;
                    if (!(f > 0) || Math.abs(xc - x0) > MAX_SHIFT || Math.abs(yc - y0) > MAX_SHIFT) {
                        flags |= PsfMeasurements.FLAG_POSITION_KEPT;
                        xc = x0;
                        yc = y0;
                        break;
                    }
                    if (sx * sx + sy * sy < 1e-6) {
                        break;
                    }
                }
                f = linearFlux(xc, yc, xa, ya, side);
            }
            sampler.sample(xc, yc, xa, ya, side, side, pv, null, null, last ? gv : null);
            // final flux, its error and chi-square at the fitted position
            double spd = 0, spp = 0;
            for (int pass = 0; pass < 2; pass++) {
                spd = 0;
                spp = 0;
                for (int k = 0; k < side * side; k++) {
                    if (ok[k]) {
                        double iv = 1.0 / variance(k, f * pv[k]);
                        spd += pv[k] * d[k] * iv;
                        spp += pv[k] * pv[k] * iv;
                    }
                }
                f = spp > 0 ? spd / spp : Double.NaN;
                if (p.gain() <= 0) {
                    break;
                }
            }
            double chi = 0, gx = 0, px0 = 0, gp = 0, pp = 0, vgg = 0, vpp = 0, vgp = 0;
            for (int k = 0; k < side * side; k++) {
                if (!ok[k]) {
                    continue;
                }
                double v = variance(k, f * pv[k]);
                double res = d[k] - f * pv[k];
                chi += res * res / v;
                gx += gv[k] * d[k];
                px0 += pv[k] * d[k];
                gp += gv[k] * pv[k];
                pp += pv[k] * pv[k];
                vgg += v * gv[k] * gv[k];
                vpp += v * pv[k] * pv[k];
                vgp += v * gv[k] * pv[k];
            }
            if (!(spp > 0)) {
                fail(idx, x0, y0, out);
                return;
            }
            out.flux()[idx] = f;
            out.fluxErr()[idx] = 1.0 / Math.sqrt(spp);
            out.x()[idx] = xc + 1;
            out.y()[idx] = yc + 1;
            out.chi2()[idx] = valid > 3 ? chi / (valid - 3) : Double.NaN;
            if (last && px0 != 0 && pp > 0) {
                out.spread()[idx] = gx / px0 - gp / pp;
                double e2 = (vgg * px0 * px0 + vpp * gx * gx - 2 * vgp * gx * px0) / Math.pow(px0, 4);
                out.spreadErr()[idx] = Math.sqrt(Math.max(0, e2));
            } else {
                out.spread()[idx] = Double.NaN;
                out.spreadErr()[idx] = Double.NaN;
            }
            out.flags()[idx] = flags;
        }

        private double variance(int k, double modelCounts) {
            return p.gain() > 0 && modelCounts > 0 ? var[k] + modelCounts / p.gain() : var[k];
        }

        private double linearFlux(double xc, double yc, int xa, int ya, int side) {
            sampler.sample(xc, yc, xa, ya, side, side, pv, null, null, null);
            double spd = 0, spp = 0;
            for (int k = 0; k < side * side; k++) {
                if (ok[k]) {
                    spd += pv[k] * d[k] / var[k];
                    spp += pv[k] * pv[k] / var[k];
                }
            }
            return spp > 0 ? spd / spp : Double.NaN;
        }

        /** Sum of P^2 / var over the window for the last sampled model (the flux SNR per unit flux, squared). */
        private double sumPPoverVar(int side) {
            double s = 0;
            for (int k = 0; k < side * side; k++) {
                if (ok[k]) {
                    s += pv[k] * pv[k] / var[k];
                }
            }
            return s;
        }

        private void fail(int idx, double x0, double y0, PsfMeasurements out) {
            out.flux()[idx] = Double.NaN;
            out.fluxErr()[idx] = Double.NaN;
            out.x()[idx] = x0 + 1;
            out.y()[idx] = y0 + 1;
            out.chi2()[idx] = Double.NaN;
            out.spread()[idx] = Double.NaN;
            out.spreadErr()[idx] = Double.NaN;
            out.flags()[idx] = PsfMeasurements.FLAG_FAILED;
        }
    }

}
