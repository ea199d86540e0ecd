package org.skysift.epochs;

import java.util.ArrayList;
import java.util.List;

/**
 * The Alard &amp; Lupton (1998) kernel basis: Gaussians of a few widths times the monomials u^i v^j up
 * to a degree per Gaussian, on a square of half-width {@code half} px. Every element is separable
 * (g_{s,i}(u) g_{s,j}(v)), so correlating an image with it costs two 1-D passes, and the row pass
 * of (s, i) serves every j.
 *
 * <p>Flux conservation (Alard 2000): element 0 is the first Gaussian scaled to unit sum; every other
 * element has element 0 times its own sum taken off, so it sums to exactly 0. A kernel's sum is then
 * its coefficient of element 0 alone, and keeping that coefficient spatially constant keeps the
 * photometric scale constant over the image however the other coefficients vary. Elements k > 0 are
 * also scaled to unit sum of squares so that the normal equations are balanced.
 *
 * <p>Images are correlated, not convolved: (K . I)(x, y) = sum_uv K(u, v) I(x + u, y + v). The fit
 * and the difference use the same operation, so the convention only matters for reading a kernel.
 */
final class KernelBasis {
    final int half;
    private final double[][] profiles; // per (Gaussian, power), 2 half + 1 values
    private final int[][] support;     // per profile, [first, last + 1) of its values above 1e-12 of its peak
    private final int[] profileStart;  // first profile index of each Gaussian
    private final int[] gauss, px, py; // per element
    private final double[] rawSum, norm;

    KernelBasis(double[] sigmas, int[] degrees, int half) {
        if (sigmas.length == 0 || sigmas.length != degrees.length) {
            throw new IllegalArgumentException("kernel basis: one degree per Gaussian needed");
        }
        this.half = half;
        int size = 2 * half + 1;
        List<double[]> prof = new ArrayList<>();
        profileStart = new int[sigmas.length];
        List<int[]> elems = new ArrayList<>();
        for (int s = 0; s < sigmas.length; s++) {
            profileStart[s] = prof.size();
            for (int i = 0; i <= degrees[s]; i++) {
                double[] g = new double[size];
                for (int u = -half; u <= half; u++) {
                    g[u + half] = Math.exp(-u * u / (2 * sigmas[s] * sigmas[s])) * Math.pow(u, i);
                }
                prof.add(g);
            }
            for (int i = 0; i <= degrees[s]; i++) {
                for (int j = 0; i + j <= degrees[s]; j++) {
                    elems.add(new int[] {s, i, j});
                }
            }
        }
        profiles = prof.toArray(new double[0][]);
        support = new int[profiles.length][];
        for (int p = 0; p < profiles.length; p++) {
            double peak = 0;
            for (double v : profiles[p]) {
                peak = Math.max(peak, Math.abs(v));
            }
            int a = 0, b = size;
            while (a < b && Math.abs(profiles[p][a]) <= 1e-12 * peak) {
                a++;
            }
            while (b > a && Math.abs(profiles[p][b - 1]) <= 1e-12 * peak) {
                b--;
            }
            support[p] = new int[] {a, b};
        }
        int n = elems.size();
        gauss = new int[n];
        px = new int[n];
        py = new int[n];
        rawSum = new double[n];
        norm = new double[n];
        for (int k = 0; k < n; k++) {
            gauss[k] = elems.get(k)[0];
            px[k] = elems.get(k)[1];
            py[k] = elems.get(k)[2];
            rawSum[k] = sum(profile(k, true)) * sum(profile(k, false));
        }
        norm[0] = rawSum[0];
        for (int k = 1; k < n; k++) {
            double ss = 0;
            for (int v = -half; v <= half; v++) {
                for (int u = -half; u <= half; u++) {
                    double b = raw(k, u, v) - rawSum[k] * raw(0, u, v) / rawSum[0];
                    ss += b * b;
                }
            }
            norm[k] = Math.sqrt(ss);
        }
    }

    int size() {
        return gauss.length;
    }

    /** Element k's value at offset (u, v). */
    double at(int k, int u, int v) {
        double b0 = raw(0, u, v) / rawSum[0];
        return k == 0 ? b0 : (raw(k, u, v) - rawSum[k] * b0) / norm[k];
    }

    /** The kernel sum_k c_k element_k as a (2 half + 1)^2 row-major array. */
    double[] kernel(double[] c) {
        int size = 2 * half + 1;
        double[] out = new double[size * size];
        for (int v = -half; v <= half; v++) {
            for (int u = -half; u <= half; u++) {
                double s = 0;
                for (int k = 0; k < c.length; k++) {
                    s += c[k] * at(k, u, v);
                }
                out[(v + half) * size + u + half] = s;
            }
        }
        return out;
    }

    /** Receives one element's correlated plane over the region (row-major, region width). */
    interface PlaneSink {
        void accept(int k, double[] plane);
    }

    /**
     * Correlates img (w x h, 0 beyond its edges) with every element over the region [xa, xa + rw) x
     * [ya, ya + rh), element 0 first; the sink may keep or reuse each plane only until it returns.
     */
    void correlate(float[] img, int w, int h, int xa, int ya, int rw, int rh, PlaneSink sink) {
        int size = 2 * half + 1, th = rh + 2 * half;
        double[] rows = new double[th * rw], raw = new double[rw * rh], plane0 = new double[rw * rh];
        double[] plane = new double[rw * rh];
        int k0 = 0;
        for (int s = 0; s < profileStart.length; s++) {
            int firstProfile = profileStart[s];
            int lastProfile = s + 1 < profileStart.length ? profileStart[s + 1] : profiles.length;
            for (int i = 0; i < lastProfile - firstProfile; i++) {
                double[] gx = profiles[firstProfile + i];
                int[] sx = support[firstProfile + i];
                for (int r = 0; r < th; r++) {
                    int y = ya - half + r;
                    for (int c = 0; c < rw; c++) {
                        double acc = 0;
                        if (y >= 0 && y < h) {
                            int x0 = xa + c - half, base = y * w;
                            int ua = Math.max(sx[0], -x0), ub = Math.min(sx[1], w - x0);
                            for (int u = ua; u < ub; u++) {
                                acc += gx[u] * img[base + x0 + u];
                            }
                        }
                        rows[r * rw + c] = acc;
                    }
                }
                for (int j = 0; i + j < lastProfile - firstProfile; j++) {
                    double[] gy = profiles[firstProfile + j];
                    int[] sy = support[firstProfile + j];
                    java.util.Arrays.fill(raw, 0);
                    for (int r = 0; r < rh; r++) {
                        int o = r * rw;
                        for (int v = sy[0]; v < sy[1]; v++) {
                            double g = gy[v];
                            int in = (r + v) * rw;
                            for (int c = 0; c < rw; c++) {
                                raw[o + c] += g * rows[in + c];
                            }
                        }
                    }
                    int k = index(s, i, j, k0);
                    if (k == 0) {
                        for (int q = 0; q < raw.length; q++) {
                            plane0[q] = raw[q] / rawSum[0];
                        }
                        sink.accept(0, plane0);
                    } else {
                        for (int q = 0; q < raw.length; q++) {
                            plane[q] = (raw[q] - rawSum[k] * plane0[q]) / norm[k];
                        }
                        sink.accept(k, plane);
                    }
                }
            }
            k0 += (lastProfile - firstProfile) * (lastProfile - firstProfile + 1) / 2;
        }
    }

    /** Element index of (Gaussian s, powers i, j), given the first index k0 of Gaussian s. */
    private int index(int s, int i, int j, int k0) {
        for (int k = k0; k < gauss.length; k++) {
            if (gauss[k] == s && px[k] == i && py[k] == j) {
                return k;
            }
        }
        throw new IllegalStateException("no element " + s + "," + i + "," + j);
    }

    private double raw(int k, int u, int v) {
        return profile(k, true)[u + half] * profile(k, false)[v + half];
    }

    private double[] profile(int k, boolean xAxis) {
        return profiles[profileStart[gauss[k]] + (xAxis ? px[k] : py[k])];
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
