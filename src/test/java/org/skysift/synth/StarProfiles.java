package org.skysift.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Radial profiles of the brightest stars of an image, for comparing rendered plates with real DSS scans:
 * local maxima (9x9) well above the local sky, brightest first, no two within 8 px, local sky within 15% of
 * the plate's median (off galaxies and nebulae), at least
 * {@link #R_MAX} px from the border. Per star: sky (median of the 11-14 px annulus), peak above sky (mean of
 * the 3 highest pixels within 2.5 px), core flatness (fraction of the pixels within 2.5 px at 90% of that
 * peak or more), plateau radius r90 and half radius r50 (first 1-px ring whose mean falls below 90% / 50% of
 * the peak), wing slope (log-log slope of the ring means between 50% and 3% of the peak) and
 * -2.5 log10 of the sky-subtracted sum within 11 px.
 */
public final class StarProfiles {
    public static final int R_MAX = 14;

    public record Star(double x, double y, double sky, double peak, double flat90, int r90, int r50, double slope,
                       double instMag, double[] profile) {}

    private StarProfiles() {}

    public static List<Star> brightest(float[] img, int w, int h, int n, double minAboveSky) {
        List<double[]> peaks = new ArrayList<>();
        for (int y = R_MAX; y < h - R_MAX; y++) {
            for (int x = R_MAX; x < w - R_MAX; x++) {
                float v = img[y * w + x];
                boolean max = true;
                for (int dy = -4; dy <= 4 && max; dy++) {
                    for (int dx = -4; dx <= 4; dx++) {
                        if (img[(y + dy) * w + x + dx] > v) {
                            max = false;
                            break;
                        }
                    }
                }
                if (max) {
                    peaks.add(new double[] {v, x, y});
                }
            }
        }
        peaks.sort((a, b) -> Double.compare(b[0], a[0]));
        double[] sample = new double[(img.length + 6) / 7];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = img[Math.min(img.length - 1, i * 7)];
        }
        double plateSky = median(sample);
        List<Star> out = new ArrayList<>();
        for (double[] p : peaks) {
            if (out.size() >= n) {
                break;
            }
            boolean near = out.stream().anyMatch(s -> Math.hypot(s.x() - p[1], s.y() - p[2]) < 8);
            if (near) {
                continue;
            }
            Star s = measure(img, w, (int) p[1], (int) p[2]);
            // a raised local sky means a galaxy or nebula (M101's arms): not a star's profile
            if (s.peak() > minAboveSky && Double.isFinite(s.slope()) && s.sky() < 1.15 * plateSky) {
                out.add(s);
            }
        }
        return out;
    }

    static Star measure(float[] img, int w, int cx, int cy) {
        List<Double> annulus = new ArrayList<>();
        for (int dy = -R_MAX; dy <= R_MAX; dy++) {
            for (int dx = -R_MAX; dx <= R_MAX; dx++) {
                double r = Math.hypot(dx, dy);
                if (r >= R_MAX - 3 && r <= R_MAX) {
                    annulus.add((double) img[(cy + dy) * w + cx + dx]);
                }
            }
        }
        double sky = median(annulus.stream().mapToDouble(Double::doubleValue).toArray());
        // centroid of the light above sky within 4 px
        double sw = 0, sx = 0, sy = 0;
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                double v = Math.max(0, img[(cy + dy) * w + cx + dx] - sky);
                sw += v;
                sx += v * dx;
                sy += v * dy;
            }
        }
        double ox = sx / sw, oy = sy / sw;
        double[] sum = new double[R_MAX + 1];
        int[] cnt = new int[R_MAX + 1];
        List<Double> core = new ArrayList<>();
        double flux = 0;
        for (int dy = -R_MAX; dy <= R_MAX; dy++) {
            for (int dx = -R_MAX; dx <= R_MAX; dx++) {
                double r = Math.hypot(dx - ox, dy - oy);
                double v = img[(cy + dy) * w + cx + dx] - sky;
                int k = (int) Math.round(r);
                if (k <= R_MAX) {
                    sum[k] += v;
                    cnt[k]++;
                }
                if (r <= 2.5) {
                    core.add(v);
                }
                if (r <= R_MAX - 3) {
                    flux += v;
                }
            }
        }
        double[] prof = new double[R_MAX + 1];
        for (int k = 0; k <= R_MAX; k++) {
            prof[k] = cnt[k] == 0 ? Double.NaN : sum[k] / cnt[k];
        }
        double[] c = core.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double peak = (c[c.length - 1] + c[c.length - 2] + c[c.length - 3]) / 3;
        double flat = Arrays.stream(c).filter(v -> v >= 0.9 * peak).count() / (double) c.length;
        int r90 = firstBelow(prof, 0.9 * peak), r50 = firstBelow(prof, 0.5 * peak);
        List<double[]> pts = new ArrayList<>();
        for (int k = 1; k <= R_MAX; k++) {
            if (prof[k] < 0.5 * peak && prof[k] > 0.03 * peak) {
                pts.add(new double[] {Math.log(k), Math.log(prof[k])});
            }
        }
        double slope = Double.NaN;
        if (pts.size() >= 2) {
            double mx = pts.stream().mapToDouble(p -> p[0]).average().orElseThrow();
            double my = pts.stream().mapToDouble(p -> p[1]).average().orElseThrow();
            double num = 0, den = 0;
            for (double[] p : pts) {
                num += (p[0] - mx) * (p[1] - my);
                den += (p[0] - mx) * (p[0] - mx);
            }
            slope = num / den;
        }
        return new Star(cx + ox + 1, cy + oy + 1, sky, peak, flat, r90, r50, slope,
                flux > 0 ? -2.5 * Math.log10(flux) : Double.NaN, prof);
    }

    private static int firstBelow(double[] prof, double level) {
        for (int k = 0; k < prof.length; k++) {
            if (prof[k] < level) {
                return k;
            }
        }
        return prof.length;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }
}
