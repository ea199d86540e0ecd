package org.skysift.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.skysift.calibrate.BackgroundMap;

/**
 * Single-pass extraction: Gaussian-filtered detection image, threshold in local rms units,
 * 8-connected flood fill, then isophotal moments, a windowed centroid, circular apertures and a
 * Kron (AUTO) aperture. No deblending: merged neighbours stay one source.
 */
public final class SimpleExtractor implements SourceExtractor {
    private static final double KRON_FACTOR = 2.5;
    private static final double KRON_MIN_RADIUS = 3.5;
    private static final double KRON_SCAN = 6.0;

    @Override
    public List<Source> extract(float[] image, int w, int h, BackgroundMap bg, ExtractParams p) {
        float[] sub = new float[w * h];
        for (int i = 0; i < sub.length; i++) {
            float v = image[i];
            sub[i] = Float.isNaN(v) ? 0f : v - bg.level()[i];
        }
        float[] det = Convolver.gaussian(sub, w, h, p.filterFwhm());
        int[] labels = new int[w * h];
        int[] stack = new int[1024];
        int[] pix = new int[1024];
        List<Source> out = new ArrayList<>();
        float[] rms = bg.rms();
        double thr = p.detectThresh();
        for (int seed = 0; seed < labels.length; seed++) {
            if (labels[seed] != 0 || !(det[seed] > thr * rms[seed])) {
                continue;
            }
            // flood fill from the seed, collecting the object's pixels
            int n = 0, top = 0;
            stack[top++] = seed;
            labels[seed] = -1;
            while (top > 0) {
                int i = stack[--top];
                if (n == pix.length) {
                    pix = Arrays.copyOf(pix, n * 2);
                }
                pix[n++] = i;
                int x = i % w, y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= w || dx == 0 && dy == 0) {
                            continue;
                        }
                        int j = yy * w + xx;
                        if (labels[j] == 0 && det[j] > thr * rms[j]) {
                            labels[j] = -1;
                            if (top == stack.length) {
                                stack = Arrays.copyOf(stack, top * 2);
                            }
                            stack[top++] = j;
                        }
                    }
                }
            }
            if (n >= p.minArea()) {
                Source s = measure(out.size() + 1, pix, n, image, sub, w, h, bg, p);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Source measure(int id, int[] pix, int n, float[] raw, float[] sub, int w, int h,
                                  BackgroundMap bg, ExtractParams p) {
        double sum = 0, sx = 0, sy = 0, peak = Double.NEGATIVE_INFINITY;
        int xmin = Integer.MAX_VALUE, xmax = -1, ymin = Integer.MAX_VALUE, ymax = -1;
        int flags = 0;
        for (int k = 0; k < n; k++) {
            int i = pix[k];
            int x = i % w, y = i / w;
            double v = sub[i];
            sum += v;
            sx += v * x;
            sy += v * y;
            peak = Math.max(peak, v);
            xmin = Math.min(xmin, x);
            xmax = Math.max(xmax, x);
            ymin = Math.min(ymin, y);
            ymax = Math.max(ymax, y);
            if (raw[i] >= p.saturation()) {
                flags |= Source.FLAG_SATURATED;
            }
        }
        if (!(sum > 0)) {
            return null;
        }
        double xb = sx / sum, yb = sy / sum;
        double sxx = 0, syy = 0, sxy = 0;
        for (int k = 0; k < n; k++) {
            int i = pix[k];
            double dx = i % w - xb, dy = i / w - yb;
            double v = sub[i];
            sxx += v * dx * dx;
            syy += v * dy * dy;
            sxy += v * dx * dy;
        }
        double x2 = Math.max(sxx / sum, 1.0 / 12.0);
        double y2 = Math.max(syy / sum, 1.0 / 12.0);
        double xy = sxy / sum;
        if (x2 * y2 - xy * xy < 1.0 / 144.0) {
            xy = Math.signum(xy) * Math.sqrt(Math.max(0, x2 * y2 - 1.0 / 144.0));
        }
        double t = 0.5 * (x2 + y2);
        double d = Math.sqrt(0.25 * (x2 - y2) * (x2 - y2) + xy * xy);
        double a = Math.sqrt(t + d);
        double b = Math.sqrt(Math.max(t - d, 1e-6));
        double theta = Math.toDegrees(0.5 * Math.atan2(2 * xy, x2 - y2));
        if (xmin == 0 || ymin == 0 || xmax == w - 1 || ymax == h - 1) {
            flags |= Source.FLAG_TRUNCATED;
        }

        double[] c = windowedCentroid(sub, w, h, xb, yb, Math.min(10.0, Math.max(0.7, Math.sqrt(t))));
        double xc = c == null ? xb : c[0];
        double yc = c == null ? yb : c[1];

        float[] rms = bg.rms();
        double gain = p.gain();
        double[] aperFlux = new double[p.aperDiameters().length];
        double[] aperErr = new double[aperFlux.length];
        for (int k = 0; k < aperFlux.length; k++) {
            double r = p.aperDiameters()[k] / 2.0;
            double[] fe = ellipseSum(sub, rms, w, h, xc, yc, 1 / (r * r), 1 / (r * r), 0, 1.0, r, gain);
            aperFlux[k] = fe[0];
            aperErr[k] = fe[1];
            if (fe[2] > 0) {
                flags |= Source.FLAG_APER_INCOMPLETE;
            }
        }

        // Kron radius: first moment of the light within KRON_SCAN times the isophotal ellipse
        double ct = Math.cos(Math.toRadians(theta)), st = Math.sin(Math.toRadians(theta));
        double cxx = ct * ct / (a * a) + st * st / (b * b);
        double cyy = st * st / (a * a) + ct * ct / (b * b);
        double cxy = 2 * ct * st * (1 / (a * a) - 1 / (b * b));
        double kron = kronRadius(sub, w, h, xc, yc, cxx, cyy, cxy, a);
        double rk = Math.max(KRON_FACTOR * kron, KRON_MIN_RADIUS);
        double[] auto = ellipseSum(sub, rms, w, h, xc, yc, cxx, cyy, cxy, rk, rk * a, gain);
        if (auto[2] > 0) {
            flags |= Source.FLAG_APER_INCOMPLETE;
        }
        double fluxAuto = auto[0], errAuto = auto[1];
        double snr = errAuto > 0 ? fluxAuto / errAuto : 0;
        // Gaussian-equivalent FWHM from the total flux and the peak: robust for faint stars
        double fwhm = fluxAuto > 0 && peak > 0 ? Math.sqrt(4 * Math.log(2) * fluxAuto / (Math.PI * peak)) : Double.NaN;
        int ci = (int) Math.min(h - 1, Math.max(0, Math.round(yc))) * w + (int) Math.min(w - 1, Math.max(0, Math.round(xc)));
        return new Source(id, xc + 1, yc + 1, Double.NaN, Double.NaN, sum, fluxAuto, errAuto, aperFlux, aperErr,
                peak, fwhm, a, b, theta, snr, n, bg.level()[ci], flags, xmin + 1, xmax + 1, ymin + 1, ymax + 1);
    }

    /** Iterated Gaussian-weighted centroid (SExtractor's XWIN); null when it wanders off. 0-based. */
    static double[] windowedCentroid(float[] sub, int w, int h, double x0, double y0, double sigma) {
        double xc = x0, yc = y0;
        int r = (int) Math.ceil(4 * sigma);
        double inv2s2 = 1.0 / (2 * sigma * sigma);
        for (int it = 0; it < 16; it++) {
            double sw = 0, dxs = 0, dys = 0;
            int xa = Math.max(0, (int) Math.floor(xc) - r), xb = Math.min(w - 1, (int) Math.ceil(xc) + r);
            int ya = Math.max(0, (int) Math.floor(yc) - r), yb = Math.min(h - 1, (int) Math.ceil(yc) + r);
            for (int y = ya; y <= yb; y++) {
                double dy = y - yc;
                for (int x = xa; x <= xb; x++) {
                    double dx = x - xc;
                    double r2 = dx * dx + dy * dy;
                    if (r2 > r * r) {
                        continue;
                    }
                    double wt = Math.exp(-r2 * inv2s2) * sub[y * w + x];
                    sw += wt;
                    dxs += wt * dx;
                    dys += wt * dy;
                }
            }
            if (!(sw > 0)) {
                return null;
            }
            double ddx = 2 * dxs / sw, ddy = 2 * dys / sw;
            xc += ddx;
            yc += ddy;
            if (Math.hypot(xc - x0, yc - y0) > 2 * sigma + 1) {
                return null;
            }
            if (ddx * ddx + ddy * ddy < 1e-8) {
                break;
            }
        }
        return new double[] {xc, yc};
    }

    private static double kronRadius(float[] sub, int w, int h, double xc, double yc,
                                     double cxx, double cyy, double cxy, double a) {
        int r = (int) Math.ceil(KRON_SCAN * a) + 1;
        double s1 = 0, s0 = 0;
        for (int y = Math.max(0, (int) yc - r); y <= Math.min(h - 1, (int) yc + r); y++) {
            double dy = y - yc;
            for (int x = Math.max(0, (int) xc - r); x <= Math.min(w - 1, (int) xc + r); x++) {
                double dx = x - xc;
                double re2 = cxx * dx * dx + cyy * dy * dy + cxy * dx * dy;
                if (re2 <= KRON_SCAN * KRON_SCAN) {
                    double v = sub[y * w + x];
                    s1 += Math.sqrt(re2) * v;
                    s0 += v;
                }
            }
        }
        return s0 > 0 && s1 > 0 ? s1 / s0 : 0;
    }

    /**
     * Sum of background-subtracted counts inside the ellipse cxx dx^2 + cyy dy^2 + cxy dx dy <= scale^2.
     * Returns {flux, error, 1 if the ellipse leaves the image else 0}.
     */
    private static double[] ellipseSum(float[] sub, float[] rms, int w, int h, double xc, double yc,
                                       double cxx, double cyy, double cxy, double scale, double boxRadius, double gain) {
        int r = (int) Math.ceil(boxRadius) + 1;
        int xa = (int) Math.floor(xc) - r, xb = (int) Math.ceil(xc) + r;
        int ya = (int) Math.floor(yc) - r, yb = (int) Math.ceil(yc) + r;
        double s2 = scale * scale;
        double flux = 0, var = 0;
        boolean outside = false;
        for (int y = ya; y <= yb; y++) {
            double dy = y - yc;
            for (int x = xa; x <= xb; x++) {
                double dx = x - xc;
                if (cxx * dx * dx + cyy * dy * dy + cxy * dx * dy > s2) {
                    continue;
                }
                if (x < 0 || y < 0 || x >= w || y >= h) {
                    outside = true;
                    continue;
                }
                int i = y * w + x;
                flux += sub[i];
                var += (double) rms[i] * rms[i];
            }
        }
        if (gain > 0 && flux > 0) {
            var += flux / gain;
        }
        return new double[] {flux, Math.sqrt(var), outside ? 1 : 0};
    }
}
