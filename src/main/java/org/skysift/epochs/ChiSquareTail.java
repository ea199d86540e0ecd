package org.skysift.epochs;

/**
 * The tail probability of a chi-square and its equivalent in Gaussian sigmas, in log space so that it
 * stays exact far in the tail (a bright variable star has chi2 in the thousands: p = 1e-1000 does not
 * exist as a double, its logarithm does).
 *
 * <p>Sigmas are two-sided: z with P(|Z| > z) = p. With one degree of freedom that makes z = sqrt(chi2)
 * exactly, the plain S/N of a difference between two epochs.
 */
public final class ChiSquareTail {
    private static final double LN_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private ChiSquareTail() {}

    /** Two-sided Gaussian sigmas of P(chi2_dof >= chi2); 0 for chi2 <= 0, NaN for dof < 1 or chi2 NaN. */
    public static double sigmas(double chi2, int dof) {
        if (dof < 1 || chi2 != chi2) {
            return Double.NaN;
        }
        return sigmasOfLogP(logQ(chi2, dof));
    }

    /** The median of the chi-square law with dof degrees of freedom (0.455 for 1, 2.366 for 3), by bisection. */
    static double median(int dof) {
        if (dof < 1) {
            throw new IllegalArgumentException("chi-square median: dof " + dof + " must be >= 1");
        }
        double lo = 0, hi = dof + 2, half = Math.log(0.5);
        for (int i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (logQ(mid, dof) > half) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** ln P(chi2_dof >= chi2), the regularised upper incomplete gamma Q(dof / 2, chi2 / 2). */
    static double logQ(double chi2, int dof) {
        double a = dof / 2.0, x = chi2 / 2.0;
        if (!(x > 0)) {
            return 0;
        }
        double lnPrefix = -x + a * Math.log(x) - lnGammaHalf(dof);
        if (x < a + 1) {
            // series for the lower part: P = e^-x x^a / Gamma(a + 1) sum x^n / ((a + 1) ... (a + n))
            double term = 1, sum = 1;
            for (int n = 1; n < 10_000 && term > 1e-17 * sum; n++) {
                term *= x / (a + n);
                sum += term;
            }
            double p = Math.exp(lnPrefix - Math.log(a) + Math.log(sum));
            return Math.log1p(-Math.min(p, 1));
        }
        // continued fraction for Q = e^-x x^a / Gamma(a) / (x + 1 - a - 1 (1 - a) / (x + 3 - a - ...)),
        // evaluated by the modified Lentz method
        double tiny = 1e-300, b = x + 1 - a, c = 1 / tiny, d = 1 / b, f = d;
        for (int n = 1; n < 10_000; n++) {
            double an = -n * (n - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return lnPrefix + Math.log(f);
    }

    /** ln Gamma(dof / 2), exact for the integer and half-integer arguments a chi-square needs. */
    static double lnGammaHalf(int dof) {
        double s = 0;
        if (dof % 2 == 0) {
            for (int j = 2; j < dof / 2; j++) {
                s += Math.log(j); // Gamma(k) = (k - 1)!
            }
            return s;
        }
        for (int j = 0; j < dof / 2; j++) {
            s += Math.log(j + 0.5); // Gamma(k + 1/2) = sqrt(pi) prod_{j < k} (j + 1/2)
        }
        return LN_SQRT_PI + s;
    }

    /** z >= 0 with ln P(|Z| > z) = lnP, by bisection (the tail is monotone). */
    static double sigmasOfLogP(double lnP) {
        if (!(lnP < 0)) {
            return lnP == lnP ? 0 : Double.NaN;
        }
        double lo = 0, hi = 1;
        while (lnTwoSided(hi) > lnP) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (lnTwoSided(mid) > lnP) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** ln P(|Z| > z) = ln(2 (1 - Phi(z))) for z >= 0. */
    static double lnTwoSided(double z) {
        double lnPhi = -0.5 * z * z - LN_SQRT_2PI;
        if (z < 3) {
            // Phi(z) - 1/2 = phi(z) sum z^(2n+1) / (1 3 5 ... (2n+1)); 1 - Phi keeps ~1e-13 relative accuracy here
            double term = z, sum = z, z2 = z * z;
            for (int n = 1; n < 500 && term > 1e-18 * sum; n++) {
                term *= z2 / (2 * n + 1);
                sum += term;
            }
            return Math.log(2 * (0.5 - Math.exp(lnPhi) * sum));
        }
        // Laplace's continued fraction for the Mills ratio: 1 - Phi(z) = phi(z) / (z + 1 / (z + 2 / (z + ...)))
        double cf = z;
        for (int n = 400; n >= 1; n--) {
            cf = z + n / cf;
        }
        return Math.log(2) + lnPhi - Math.log(cf);
    }
}
