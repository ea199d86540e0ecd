package org.skysift.epochs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Least-squares fit of a matching kernel (Alard &amp; Lupton 1998; spatial variation as in Alard 2000):
 * blurry(x) ~ sum_k c_k(x) (element_k . sharp)(x) + bg(x) on stamps around bright, isolated stars.
 * Each stamp's normal equations are built once in the local functions (elements and background, taken
 * as constant over the stamp) and spread over the spatial polynomial terms at the stamp's centre, so a
 * fit of a few hundred unknowns costs little more than the stamps' own sums. Pixels have equal weights.
 * Stamps whose residual sum of squares, over the one their pixels' variances predict, lies beyond
 * median + kappa x 1.4826 MAD (a variable star, a cosmic ray, a neighbour
 * the other image lacks) are dropped and the fit repeated.
 */
final class KernelFit {
    static final int MAX_STAMPS = 200;
    static final int MIN_STAMPS = 6;
    static final double CLIP_KAPPA = 3;
    static final int CLIP_ROUNDS = 5;
    /** Stamps per spatial degree: a degree-2 polynomial per element needs stars all over the image. */
    static final int STAMPS_DEGREE_2 = 40, STAMPS_DEGREE_1 = 15;
    static final int BACKGROUND_DEGREE = 1;

    private record Stamp(double x, double y, double[][] m, double[] b, double yy, double expected) {}

    private KernelFit() {}

    /**
     * @param starX  0-based star positions on the common grid, brightest first
     * @param fitHalf half-width of the square fitted around each star, px
     */
    static KernelSolution fit(KernelBasis basis, float[] sharp, float[] blurry, float[] vSharp, float[] vBlurry,
                              boolean[] masked, int w, int h, double[] starX, double[] starY, int fitHalf) {
        int[][] centres = choose(basis.half, masked, w, h, starX, starY, fitHalf);
        int ns = centres.length;
        if (ns < MIN_STAMPS) {
            throw new IllegalArgumentException("Alard-Lupton: " + ns + " usable stamps (bright stars with no masked pixel"
                    + " within " + (fitHalf + basis.half) + " px and no brighter neighbour), at least " + MIN_STAMPS
                    + " needed to fit the kernel");
        }
        int degree = ns >= STAMPS_DEGREE_2 ? 2 : ns >= STAMPS_DEGREE_1 ? 1 : 0;
        double scale0 = roughScale(centres, sharp, blurry, w, fitHalf);
        List<Stamp> stamps = new ArrayList<>();
        for (int[] c : centres) {
            stamps.add(stamp(basis, c[0], c[1], sharp, blurry, vSharp, vBlurry, w, h, fitHalf, scale0));
        }
        int nb = basis.size();
        boolean[] used = new boolean[ns];
        Arrays.fill(used, true);
        double[] x = null;
        int rejected = 0;
        for (int round = 0; round <= CLIP_ROUNDS; round++) {
            x = solve(stamps, used, nb, degree, w, h);
            double[] chi = new double[ns];
            List<Double> live = new ArrayList<>();
            for (int s = 0; s < ns; s++) {
                chi[s] = chi2(stamps.get(s), local(x, stamps.get(s), nb, degree, w, h)) / stamps.get(s).expected();
                if (used[s]) {
                    live.add(chi[s]);
                }
            }
            double med = median(live);
            List<Double> dev = new ArrayList<>();
            for (double c : live) {
                dev.add(Math.abs(c - med));
            }
            double cut = med + CLIP_KAPPA * 1.4826 * median(dev);
            int dropped = 0;
            for (int s = 0; s < ns; s++) {
                if (used[s] && chi[s] > cut && live.size() - dropped > MIN_STAMPS) {
                    used[s] = false;
                    dropped++;
                }
            }
            rejected += dropped;
            if (dropped == 0) {
                break;
            }
            if (round == CLIP_ROUNDS) {
                x = solve(stamps, used, nb, degree, w, h);
            }
        }
        return new KernelSolution(basis, x, degree, BACKGROUND_DEGREE, w, h, ns - rejected, rejected);
    }

    /**
     * Stamp centres: stars whose fitted square and the kernel's reach around it lie inside the image
     * with no masked pixel, with no brighter star within that reach (its wings would dominate) and not
     * within a stamp half-width of a stamp already taken.
     */
    private static int[][] choose(int half, boolean[] masked, int w, int h, double[] sx, double[] sy, int fitHalf) {
        int reach = fitHalf + half;
        List<int[]> out = new ArrayList<>();
        for (int s = 0; s < sx.length && out.size() < MAX_STAMPS; s++) {
            int cx = (int) Math.round(sx[s]), cy = (int) Math.round(sy[s]);
            if (cx - reach < 0 || cy - reach < 0 || cx + reach >= w || cy + reach >= h) {
                continue;
            }
            boolean ok = true;
            for (int t = 0; t < s && ok; t++) {
                ok = Math.hypot(sx[t] - sx[s], sy[t] - sy[s]) > reach;
            }
            for (int[] c : out) {
                ok &= Math.max(Math.abs(c[0] - cx), Math.abs(c[1] - cy)) > fitHalf;
            }
            for (int y = cy - reach; y <= cy + reach && ok; y++) {
                for (int x = cx - reach; x <= cx + reach && ok; x++) {
                    ok = !masked[y * w + x];
                }
            }
            if (ok) {
                out.add(new int[] {cx, cy});
            }
        }
        return out.toArray(new int[0][]);
    }

    /** Summed blurry over summed sharp light in the stamps: the scale the fit's weights start from. */
    private static double roughScale(int[][] centres, float[] sharp, float[] blurry, int w, int fitHalf) {
        double a = 0, b = 0;
        for (int[] c : centres) {
            for (int y = c[1] - fitHalf; y <= c[1] + fitHalf; y++) {
                for (int x = c[0] - fitHalf; x <= c[0] + fitHalf; x++) {
                    a += sharp[y * w + x];
                    b += blurry[y * w + x];
                }
            }
        }
        return a > 0 && b > 0 ? b / a : 1;
    }

    /** The stamp's normal equations in the local functions (elements, then a constant). */
    private static Stamp stamp(KernelBasis basis, int cx, int cy, float[] sharp, float[] blurry, float[] vSharp,
                               float[] vBlurry, int w, int h, int fitHalf, double scale) {
        int side = 2 * fitHalf + 1, np = side * side, nb = basis.size();
        double[][] f = new double[nb + 1][np];
        basis.correlate(sharp, w, h, cx - fitHalf, cy - fitHalf, side, side, (k, plane) -> System.arraycopy(plane, 0,
                f[k], 0, np));
        Arrays.fill(f[nb], 1);
        double[] yv = new double[np];
        double yy = 0, expected = 0;
        for (int q = 0; q < np; q++) {
            int i = (cy - fitHalf + q / side) * w + cx - fitHalf + q % side;
            // equal weights (none stored): weighting by the pixels' Poisson variance left 4-10% more residual around bright
            // stars (the cores count for less), against FITSH's ficonv on the same planes (docs/EPOCHS.md)
            yv[q] = blurry[i];
            yy += yv[q] * yv[q];
            // the residual a perfect kernel leaves: the blurry image's noise plus the sharp one's through a
            // kernel of sum `scale` (its squares sum to less: this errs high, alike for every stamp)
            expected += vBlurry[i] + scale * scale * vSharp[i];
        }
        double[][] m = new double[nb + 1][nb + 1];
        double[] b = new double[nb + 1];
        for (int k = 0; k <= nb; k++) {
            double[] fk = f[k];
            double sb = 0;
            for (int q = 0; q < np; q++) {
                sb += fk[q] * yv[q];
            }
            b[k] = sb;
            for (int l = 0; l <= k; l++) {
                double[] fl = f[l];
                double s = 0;
                for (int q = 0; q < np; q++) {
                    s += fk[q] * fl[q];
                }
                m[k][l] = s;
                m[l][k] = s;
            }
        }
        return new Stamp(cx, cy, m, b, yy, expected);
    }

    private static double[] solve(List<Stamp> stamps, boolean[] used, int nb, int degree, int w, int h) {
        int nu = KernelSolution.unknowns(nb, degree, BACKGROUND_DEGREE);
        double[][] g = new double[nu][nu];
        double[] rhs = new double[nu];
        for (int s = 0; s < stamps.size(); s++) {
            if (!used[s]) {
                continue;
            }
            Stamp st = stamps.get(s);
            double[][] t = spatialTerms(st, nb, degree, w, h);
            for (int l = 0; l <= nb; l++) {
                int ol = KernelSolution.offset(l, nb, degree);
                for (int p = 0; p < t[l].length; p++) {
                    rhs[ol + p] += st.b()[l] * t[l][p];
                    for (int m = 0; m <= nb; m++) {
                        int om = KernelSolution.offset(m, nb, degree);
                        double v = st.m()[l][m] * t[l][p];
                        for (int q = 0; q < t[m].length; q++) {
                            g[ol + p][om + q] += v * t[m][q];
                        }
                    }
                }
            }
        }
        return RidgeSolver.solve(g, rhs);
    }

    /** Per local function, the values of its unknowns' spatial terms at the stamp's centre. */
    private static double[][] spatialTerms(Stamp st, int nb, int degree, int w, int h) {
        double[][] t = new double[nb + 1][];
        t[0] = new double[] {1};
        double[] ts = KernelSolution.monomials(st.x(), st.y(), w, h, degree);
        for (int k = 1; k < nb; k++) {
            t[k] = ts;
        }
        t[nb] = KernelSolution.monomials(st.x(), st.y(), w, h, BACKGROUND_DEGREE);
        return t;
    }

    /** The local coefficients the global solution gives at the stamp's centre. */
    private static double[] local(double[] x, Stamp st, int nb, int degree, int w, int h) {
        double[][] t = spatialTerms(st, nb, degree, w, h);
        double[] a = new double[nb + 1];
        for (int l = 0; l <= nb; l++) {
            int o = KernelSolution.offset(l, nb, degree);
            for (int p = 0; p < t[l].length; p++) {
                a[l] += x[o + p] * t[l][p];
            }
        }
        return a;
    }

    /** sum (y - model)^2 = yy - 2 a.b + a M a, from the stamp's sums alone. */
    private static double chi2(Stamp st, double[] a) {
        double c = st.yy();
        for (int k = 0; k < a.length; k++) {
            c -= 2 * a[k] * st.b()[k];
            for (int l = 0; l < a.length; l++) {
                c += a[k] * st.m()[k][l] * a[l];
            }
        }
        return c;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
