package org.skysift.wcs;

import java.io.Serializable;
import org.skysift.fits.FitsHeader;

/**
 * Simple Imaging Polynomial distortion (Shupe et al. 2005): pixel offsets (u, v) from CRPIX become
 * (u + A(u, v), v + B(u, v)) before the linear CD matrix. A and B are sums of coef[p][q] u^p v^q over
 * p + q &lt;= order.
 *
 * <p>The inverse uses the header's AP/BP polynomials as a starting guess when present (they are
 * fitted approximations, often good to only 0.01-0.1 px) and then always polishes with Newton's
 * method on the exact forward polynomial, so pixel -&gt; sky -&gt; pixel closes to ~1e-9 px.
 */
public final class SipDistortion implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double TOL_PX = 1e-10;
    private static final int MAX_ITER = 50;

    private final double[][] a, b;
    private final double[][] ap, bp;

    /**
     * @param a forward x coefficients, a[p][q] multiplies u^p v^q
     * @param b forward y coefficients
     * @param ap inverse x coefficients (AP_p_q) or null
     * @param bp inverse y coefficients or null (both or neither)
     */
    public SipDistortion(double[][] a, double[][] b, double[][] ap, double[][] bp) {
        if (a == null || b == null) {
            throw new WcsException("SIP distortion needs both A and B polynomials");
        }
        if ((ap == null) != (bp == null)) {
            throw new WcsException("SIP inverse needs both AP and BP polynomials (or neither)");
        }
        this.a = copy(a);
        this.b = copy(b);
        this.ap = ap == null ? null : copy(ap);
        this.bp = bp == null ? null : copy(bp);
    }

    /** True when the header carries SIP keywords (A_ORDER or B_ORDER). */
    public static boolean present(FitsHeader h) {
        return h.has("A_ORDER") || h.has("B_ORDER");
    }

    /** Reads A_ORDER/A_p_q, B_ORDER/B_p_q and, when present, AP_ORDER/AP_p_q, BP_ORDER/BP_p_q. */
    public static SipDistortion fromHeader(FitsHeader h) {
        double[][] a = read(h, "A", true);
        double[][] b = read(h, "B", true);
        double[][] ap = read(h, "AP", false);
        double[][] bp = read(h, "BP", false);
        if ((ap == null) != (bp == null)) {
            throw new WcsException("SIP inverse: "
                    + (ap == null ? "BP_ORDER without AP_ORDER" : "AP_ORDER without BP_ORDER"));
        }
        return new SipDistortion(a, b, ap, bp);
    }

    private static double[][] read(FitsHeader h, String name, boolean required) {
        String orderKey = name + "_ORDER";
        Double order;
        try {
            order = h.getDouble(orderKey);
        } catch (RuntimeException e) {
            throw new WcsException("SIP: " + e.getMessage());
        }
        if (order == null) {
            if (required) {
                throw new WcsException("SIP distortion: " + orderKey + " is missing");
            }
            return null;
        }
        int n = (int) Math.round(order);
        if (n != order || n < 0 || n > 9) {
            throw new WcsException("SIP: " + orderKey + " = " + order + " is not an order in 0..9");
        }
        double[][] c = new double[n + 1][n + 1];
        for (int p = 0; p <= n; p++) {
            for (int q = 0; p + q <= n; q++) {
                String key = name + "_" + p + "_" + q;
                try {
                    c[p][q] = h.getDouble(key, 0.0);
                } catch (RuntimeException e) {
                    throw new WcsException("SIP: " + e.getMessage());
                }
            }
        }
        return c;
    }

    private static double[][] copy(double[][] c) {
        double[][] out = new double[c.length][];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i].clone();
        }
        return out;
    }

    /** Distorted offsets {u + A(u,v), v + B(u,v)} from CRPIX. */
    public double[] forward(double u, double v) {
        return new double[] {u + eval(a, u, v), v + eval(b, u, v)};
    }

    /** Pixel offsets {u, v} whose distorted offsets are (uu, vv), or null when Newton does not converge. */
    public double[] inverse(double uu, double vv) {
        double u = uu, v = vv;
        if (ap != null) {
            u = uu + eval(ap, uu, vv);
            v = vv + eval(bp, uu, vv);
        }
        double[] ga = new double[2], gb = new double[2];
        for (int it = 0; it < MAX_ITER; it++) {
            double fx = u + eval(a, u, v) - uu;
            double fy = v + eval(b, u, v) - vv;
            grad(a, u, v, ga);
            grad(b, u, v, gb);
            double j11 = 1 + ga[0], j12 = ga[1], j21 = gb[0], j22 = 1 + gb[1];
            double det = j11 * j22 - j12 * j21;
            double du = (fx * j22 - fy * j12) / det;
            double dv = (fy * j11 - fx * j21) / det;
            u -= du;
            v -= dv;
            if (!Double.isFinite(u) || !Double.isFinite(v)) {
                return null;
            }
            if (Math.abs(du) < TOL_PX && Math.abs(dv) < TOL_PX) {
                return new double[] {u, v};
            }
        }
        return null;
    }

    public boolean hasInversePolynomial() {
        return ap != null;
    }

    /** sum c[p][q] u^p v^q, Horner in v inside Horner in u. */
    static double eval(double[][] c, double u, double v) {
        double sum = 0;
        for (int p = c.length - 1; p >= 0; p--) {
            double[] row = c[p];
            double inner = 0;
            for (int q = row.length - 1 - p; q >= 0; q--) {
                inner = inner * v + row[q];
            }
            sum = sum * u + inner;
        }
        return sum;
    }

    /** {dA/du, dA/dv} into out. */
    static void grad(double[][] c, double u, double v, double[] out) {
        double du = 0, dv = 0;
        double upow = 1; // u^p
        double upowm1 = 0; // p u^(p-1)
        for (int p = 0; p < c.length; p++) {
            double[] row = c[p];
            double vpow = 1, vsum = 0, vder = 0, vpowm1 = 0;
            for (int q = 0; q + p < row.length; q++) {
                vsum += row[q] * vpow;
                vder += row[q] * vpowm1;
                vpowm1 = (q + 1) * vpow;
                vpow *= v;
            }
            du += upowm1 * vsum;
            dv += upow * vder;
            upowm1 = (p + 1) * upow;
            upow *= u;
        }
        out[0] = du;
        out[1] = dv;
    }
}
