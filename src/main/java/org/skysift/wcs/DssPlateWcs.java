package org.skysift.wcs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Gnomonic;

/**
 * The Digitized Sky Survey plate solution.
 *
 * <p>Pixel to sky in three steps. (1) A cutout pixel is placed on the whole plate scan:
 * plate pixel = cutout pixel + CNPIX - 0.5 (CNPIX is the 0-based corner; the half pixel puts the
 * scan's pixel centres where the plate model expects them). (2) Plate pixels become millimetres from
 * the plate centre: x = (PPO3 - px * XPIXELSZ) / 1000, y = (py * YPIXELSZ - PPO6) / 1000 (microns to
 * mm; x is flipped so that it grows towards the east). (3) Two cubic-plus polynomials in (x, y), the
 * AMDX and AMDY coefficients, give the standard coordinates xi and eta in arcsec, which are
 * deprojected gnomonically about the plate centre PLTRA/PLTDEC.
 *
 * <p>The inverse projects onto the plate's tangent plane and solves the two polynomials for (x, y)
 * by Newton iteration with the analytic Jacobian, starting from the linear terms; it converges to
 * well under a micro-pixel in a few steps anywhere on a 6.5 degree plate.
 *
 * <p>Magnitude and colour terms (AMDX14..20, AMDY14..20) are evaluated at magnitude 0 and colour 0,
 * which drops them, as the DSS documentation prescribes for positions of unspecified sources.
 */
public final class DssPlateWcs implements Wcs, Serializable {
    private static final long serialVersionUID = 1L;
    /** Newton stops when the step is below this (mm); 1e-10 mm is 4e-9 of a 25 micron pixel. */
    private static final double TOL_MM = 1e-10;
    private static final int MAX_ITER = 50;

    private final double raCentre, decCentre;
    private final double cnpix1, cnpix2;
    private final double xPixelSize, yPixelSize;
    private final double ppo3, ppo6;
    private final double[] amdx, amdy;
    private final Gnomonic plane;
    private final double scaleArcsec;

    /**
     * @param amdx AMDX1..AMDX13 in arcsec (index 0 is AMDX1); shorter arrays mean the rest are zero
     * @param amdy AMDY1..AMDY13 likewise
     * @param refX a cutout pixel where the mean pixel scale is evaluated (the image centre, usually)
     */
    public DssPlateWcs(double raCentre, double decCentre, double cnpix1, double cnpix2,
                       double xPixelSizeMicron, double yPixelSizeMicron, double ppo3, double ppo6,
                       double[] amdx, double[] amdy, double refX, double refY) {
        if (!(decCentre >= -90 && decCentre <= 90)) {
            throw new WcsException("DSS plate centre declination " + decCentre + " is not a declination");
        }
        if (!(xPixelSizeMicron > 0) || !(yPixelSizeMicron > 0)) {
            throw new WcsException("DSS pixel size XPIXELSZ=" + xPixelSizeMicron + ", YPIXELSZ=" + yPixelSizeMicron
                    + " must be positive");
        }
        this.raCentre = raCentre;
        this.decCentre = decCentre;
        this.cnpix1 = cnpix1;
        this.cnpix2 = cnpix2;
        this.xPixelSize = xPixelSizeMicron;
        this.yPixelSize = yPixelSizeMicron;
        this.ppo3 = ppo3;
        this.ppo6 = ppo6;
        this.amdx = java.util.Arrays.copyOf(amdx, 13);
        this.amdy = java.util.Arrays.copyOf(amdy, 13);
        double det = this.amdx[0] * this.amdy[0] - this.amdx[1] * this.amdy[1];
        if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
            throw new WcsException("DSS plate solution is singular: AMDX1*AMDY1 - AMDX2*AMDY2 = " + det);
        }
        this.plane = Gnomonic.at(raCentre, decCentre);
        this.scaleArcsec = localScale(refX, refY);
    }

    /** Reads a complete plate solution; a header with a partial one is a WcsException naming the missing keys. */
    public static DssPlateWcs fromHeader(FitsHeader h) {
        String[] required = {"PLTRAH", "PLTRAM", "PLTRAS", "PLTDECSN", "PLTDECD", "PLTDECM", "PLTDECS",
            "XPIXELSZ", "YPIXELSZ", "PPO3", "PPO6", "CNPIX1", "CNPIX2", "AMDX1", "AMDY1"};
        List<String> missing = new ArrayList<>();
        for (String k : required) {
            if (!h.has(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw new WcsException("incomplete DSS plate solution: missing " + String.join(", ", missing));
        }
        for (String k : new String[] {"PPO1", "PPO2", "PPO4", "PPO5"}) {
            double v = num(h, k, 0);
            if (v != 0) {
                // Every DSS scan has these rotation terms at zero; the plate model gives no meaning to others.
                throw new WcsException("DSS plate solution with " + k + " = " + v + " (non-zero) is not supported");
            }
        }
        double ra = 15.0 * (num(h, "PLTRAH", 0) + num(h, "PLTRAM", 0) / 60.0 + num(h, "PLTRAS", 0) / 3600.0);
        String sign = h.getString("PLTDECSN").replace("'", "").trim();
        double decAbs = Math.abs(num(h, "PLTDECD", 0)) + num(h, "PLTDECM", 0) / 60.0 + num(h, "PLTDECS", 0) / 3600.0;
        double dec;
        if (sign.equals("-")) {
            dec = -decAbs;
        } else if (sign.equals("+") || sign.isEmpty()) {
            dec = decAbs;
        } else {
            throw new WcsException("PLTDECSN = '" + sign + "' is not a sign (+ or -)");
        }
        double[] ax = new double[13], ay = new double[13];
        for (int i = 0; i < 13; i++) {
            ax[i] = num(h, "AMDX" + (i + 1), 0);
            ay[i] = num(h, "AMDY" + (i + 1), 0);
        }
        // Scale at the image centre; without NAXIS, at the plate centre.
        double cn1 = num(h, "CNPIX1", 0), cn2 = num(h, "CNPIX2", 0);
        double refX = h.has("NAXIS1") ? (num(h, "NAXIS1", 0) + 1) / 2.0
                : num(h, "PPO3", 0) / num(h, "XPIXELSZ", 1) - cn1 + 0.5;
        double refY = h.has("NAXIS2") ? (num(h, "NAXIS2", 0) + 1) / 2.0
                : num(h, "PPO6", 0) / num(h, "YPIXELSZ", 1) - cn2 + 0.5;
        return new DssPlateWcs(ra, dec, cn1, cn2,
                num(h, "XPIXELSZ", 0), num(h, "YPIXELSZ", 0), num(h, "PPO3", 0), num(h, "PPO6", 0),
                ax, ay, refX, refY);
    }

    /** True when the header carries the core of a plate solution (centre and first coefficients). */
    public static boolean present(FitsHeader h) {
        return h.has("PLTRAH") && h.has("AMDX1") && h.has("AMDY1");
    }

    private static double num(FitsHeader h, String key, double fallback) {
        try {
            return h.getDouble(key, fallback);
        } catch (RuntimeException e) {
            throw new WcsException("DSS plate solution: " + e.getMessage());
        }
    }

    @Override
    public double[] pixelToSky(double x, double y) {
        double xmm = xMm(x), ymm = yMm(y);
        double xi = poly(amdx, xmm, ymm);
        double eta = poly(amdy, ymm, xmm);
        return plane.deproject(xi / 3600.0, eta / 3600.0);
    }

    @Override
    public double[] skyToPixel(double ra, double dec) {
        double[] std = plane.project(ra, dec);
        if (std == null) {
            return null;
        }
        double xi = std[0] * 3600.0, eta = std[1] * 3600.0;
        // Linear start: xi ~ a1 x + a2 y + a3, eta ~ b1 y + b2 x + b3.
        double rx = xi - amdx[2], ry = eta - amdy[2];
        double det = amdx[0] * amdy[0] - amdx[1] * amdy[1];
        double xm = (rx * amdy[0] - ry * amdx[1]) / det;
        double ym = (ry * amdx[0] - rx * amdy[1]) / det;
        double[] g = new double[2];
        for (int it = 0; it < MAX_ITER; it++) {
            // J = [[dxi/dx, dxi/dy], [deta/dx, deta/dy]]; the eta polynomial has x and y swapped.
            polyGrad(amdx, xm, ym, g);
            double j11 = g[0], j12 = g[1];
            polyGrad(amdy, ym, xm, g);
            double j21 = g[1], j22 = g[0];
            double ex = poly(amdx, xm, ym) - xi;
            double ey = poly(amdy, ym, xm) - eta;
            double d = j11 * j22 - j12 * j21;
            double dx = (ex * j22 - ey * j12) / d;
            double dy = (ey * j11 - ex * j21) / d;
            xm -= dx;
            ym -= dy;
            if (!Double.isFinite(xm) || !Double.isFinite(ym)) {
                return null;
            }
            if (Math.abs(dx) < TOL_MM && Math.abs(dy) < TOL_MM) {
                return new double[] {xPixel(xm), yPixel(ym)};
            }
        }
        return null;
    }

    @Override
    public double pixelScaleArcsec() {
        return scaleArcsec;
    }

    public double plateRa() {
        return raCentre;
    }

    public double plateDec() {
        return decCentre;
    }

    /** Plate millimetres (x towards east) of a cutout pixel. */
    double xMm(double x) {
        return (ppo3 - (x + cnpix1 - 0.5) * xPixelSize) / 1000.0;
    }

    double yMm(double y) {
        return ((y + cnpix2 - 0.5) * yPixelSize - ppo6) / 1000.0;
    }

    private double xPixel(double xmm) {
        return (ppo3 - xmm * 1000.0) / xPixelSize - cnpix1 + 0.5;
    }

    private double yPixel(double ymm) {
        return (ymm * 1000.0 + ppo6) / yPixelSize - cnpix2 + 0.5;
    }

    /**
     * The DSS plate polynomial with terms in the documented order: c1 u, c2 v, c3, c4 u^2, c5 u v, c6 v^2,
     * c7 (u^2+v^2), c8 u^3, c9 u^2 v, c10 u v^2, c11 v^3, c12 u (u^2+v^2), c13 u (u^2+v^2)^2. For xi,
     * (u, v) = (x, y) with AMDX; for eta, (u, v) = (y, x) with AMDY.
     */
    static double poly(double[] c, double u, double v) {
        double uu = u * u, vv = v * v, uv = u * v, r2 = uu + vv;
        return c[0] * u + c[1] * v + c[2]
                + c[3] * uu + c[4] * uv + c[5] * vv + c[6] * r2
                + c[7] * uu * u + c[8] * uu * v + c[9] * u * vv + c[10] * vv * v
                + c[11] * u * r2 + c[12] * u * r2 * r2;
    }

    /** {d poly / du, d poly / dv} into out. */
    static void polyGrad(double[] c, double u, double v, double[] out) {
        double uu = u * u, vv = v * v, r2 = uu + vv;
        out[0] = c[0] + 2 * c[3] * u + c[4] * v + 2 * c[6] * u
                + 3 * c[7] * uu + 2 * c[8] * u * v + c[9] * vv
                + c[11] * (r2 + 2 * uu) + c[12] * (r2 * r2 + 4 * uu * r2);
        out[1] = c[1] + c[4] * u + 2 * c[5] * v + 2 * c[6] * v
                + c[8] * uu + 2 * c[9] * u * v + 3 * c[10] * vv
                + c[11] * 2 * u * v + c[12] * 4 * u * v * r2;
    }

    /** Mean scale (arcsec/px) from the Jacobian of pixel -> standard coordinates at a pixel. */
    private double localScale(double x, double y) {
        double xmm = xMm(x), ymm = yMm(y);
        double[] g = new double[2], f = new double[2];
        polyGrad(amdx, xmm, ymm, g);
        polyGrad(amdy, ymm, xmm, f);
        // d(mm)/d(px): x flips sign, both scale by the pixel size in mm.
        double sx = -xPixelSize / 1000.0, sy = yPixelSize / 1000.0;
        double det = (g[0] * sx) * (f[0] * sy) - (g[1] * sy) * (f[1] * sx);
        return Math.sqrt(Math.abs(det));
    }

    @Override
    public String toString() {
        return String.format("DssPlateWcs[centre %.6f %+.6f, CNPIX %s %s]", raCentre, decCentre, cnpix1, cnpix2);
    }
}
