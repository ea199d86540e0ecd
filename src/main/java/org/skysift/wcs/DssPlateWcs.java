package org.skysift.wcs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.skysift.fits.FitsHeader;
import org.skysift.sky.Gnomonic;

/**
 * The Digitized Sky Survey plate solution.
 *
 * <p>Pixel to sky in three steps. (1) A cutout pixel is placed on the whole plate scan, in scanner
 * microns: s = (pixel + CNPIX - 0.5) * PIXELSZ per axis (CNPIX is the 0-based corner; the half pixel
 * puts the scan's pixel centres where the plate model expects them). (2) The scan orientation
 * coefficients turn scanner microns into plate millimetres about the plate centre:
 * (x, y) = O (s1 - PPO3, s2 - PPO6) / 1000, where PPO3/PPO6 are the plate centre on the scan and O is
 * the matrix [[PPO1, PPO2], [PPO4, PPO5]] scaled to unit determinant (its scale is an encoding of the
 * scan, the pixel sizes carry the scale). 25 micron scans write PPO1/2/4/5 as zero, meaning the
 * standard orientation O = [[-1, 0], [0, 1]] (x grows towards the east, against the scan's x); 15 micron
 * scans write it out (PPO1 = -PPO5 = -3069417: the same orientation). (3) Two cubic-plus polynomials in
 * (x, y), the AMDX and AMDY coefficients, give the standard coordinates xi and eta in arcsec, which are
 * deprojected gnomonically about the plate centre PLTRA/PLTDEC.
 *
 * <p>The inverse projects onto the plate's tangent plane, solves the two polynomials for (x, y) by
 * Newton iteration with the analytic Jacobian, starting from the linear terms, and undoes the
 * orientation; it converges to well under a micro-pixel in a few steps anywhere on a 6.5 degree plate.
 *
 * <p>Magnitude and colour terms (AMDX14..20, AMDY14..20) are evaluated at magnitude 0 and colour 0,
 * which drops them, as the DSS documentation prescribes for positions of unspecified sources.
 */
public final class DssPlateWcs implements Wcs, Serializable {
    private static final long serialVersionUID = 1L;
    /** Newton stops when the step is below this (mm); 1e-10 mm is 4e-9 of a 25 micron pixel. */
    private static final double TOL_MM = 1e-10;
    private static final int MAX_ITER = 50;
    /** A usable solution maps its own corners back within this (pixels); a working one is at 1e-10. */
    static final double ROUND_TRIP_PX = 1e-3;

    private final double raCentre, decCentre;
    private final double cnpix1, cnpix2;
    private final double xPixelSize, yPixelSize;
    private final double ppo3, ppo6;
    /** Unit-determinant orientation O (scanner microns about the centre -> plate microns) and its inverse. */
    private final double o11, o12, o21, o22, i11, i12, i21, i22;
    private final double[] amdx, amdy;
    private final Gnomonic plane;
    private final double scaleArcsec;

    /** A plate in the standard orientation (PPO1, PPO2, PPO4, PPO5 zero). */
    public DssPlateWcs(double raCentre, double decCentre, double cnpix1, double cnpix2,
                       double xPixelSizeMicron, double yPixelSizeMicron, double ppo3, double ppo6,
                       double[] amdx, double[] amdy, double refX, double refY) {
        this(raCentre, decCentre, cnpix1, cnpix2, xPixelSizeMicron, yPixelSizeMicron,
                new double[] {0, 0, ppo3, 0, 0, ppo6}, amdx, amdy, refX, refY);
    }

    /**
     * @param ppo  PPO1..PPO6 (index 0 is PPO1); PPO1, PPO2, PPO4, PPO5 all zero means the standard orientation
     * @param amdx AMDX1..AMDX13 in arcsec (index 0 is AMDX1); shorter arrays mean the rest are zero
     * @param amdy AMDY1..AMDY13 likewise
     * @param refX a cutout pixel where the mean pixel scale is evaluated (the image centre, usually)
     */
    public DssPlateWcs(double raCentre, double decCentre, double cnpix1, double cnpix2,
                       double xPixelSizeMicron, double yPixelSizeMicron, double[] ppo,
                       double[] amdx, double[] amdy, double refX, double refY) {
        if (!(decCentre >= -90 && decCentre <= 90)) {
            throw new WcsException("DSS plate centre declination " + decCentre + " is not a declination");
        }
        if (!(xPixelSizeMicron > 0) || !(yPixelSizeMicron > 0)
                || Double.isInfinite(xPixelSizeMicron) || Double.isInfinite(yPixelSizeMicron)) {
            throw new WcsException("DSS pixel size XPIXELSZ=" + xPixelSizeMicron + ", YPIXELSZ=" + yPixelSizeMicron
                    + " must be positive");
        }
        if (ppo.length != 6) {
            throw new IllegalArgumentException("PPO1..PPO6 expected, got " + ppo.length + " values");
        }
        requireFinite("PPO", ppo);
        requireFinite("AMDX", amdx);
        requireFinite("AMDY", amdy);
        requireFinite("CNPIX", new double[] {cnpix1, cnpix2});
        this.raCentre = raCentre;
        this.decCentre = decCentre;
        this.cnpix1 = cnpix1;
        this.cnpix2 = cnpix2;
        this.xPixelSize = xPixelSizeMicron;
        this.yPixelSize = yPixelSizeMicron;
        this.ppo3 = ppo[2];
        this.ppo6 = ppo[5];
        double a = ppo[0], b = ppo[1], c = ppo[3], d = ppo[4];
        if (a == 0 && b == 0 && c == 0 && d == 0) {
            a = -1;
            d = 1;
        }
        double det = a * d - b * c;
        if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
            throw new WcsException("DSS scan orientation PPO1=" + ppo[0] + ", PPO2=" + ppo[1] + ", PPO4=" + ppo[3]
                    + ", PPO5=" + ppo[4] + " is singular (PPO1*PPO5 - PPO2*PPO4 = " + (det + 0.0) + ")");
        }
        double norm = Math.sqrt(Math.abs(det));
        this.o11 = a / norm;
        this.o12 = b / norm;
        this.o21 = c / norm;
        this.o22 = d / norm;
        double unitDet = det / Math.abs(det); // +1 or -1 after scaling
        this.i11 = o22 / unitDet;
        this.i12 = -o12 / unitDet;
        this.i21 = -o21 / unitDet;
        this.i22 = o11 / unitDet;
        this.amdx = java.util.Arrays.copyOf(amdx, 13);
        this.amdy = java.util.Arrays.copyOf(amdy, 13);
        double amdDet = this.amdx[0] * this.amdy[0] - this.amdx[1] * this.amdy[1];
        if (!(Math.abs(amdDet) > 0) || !Double.isFinite(amdDet)) {
            throw new WcsException("DSS plate solution is singular: AMDX1*AMDY1 - AMDX2*AMDY2 = " + amdDet);
        }
        this.plane = Gnomonic.at(raCentre, decCentre);
        this.scaleArcsec = localScale(refX, refY);
    }

    private static void requireFinite(String prefix, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new WcsException("DSS plate solution: " + prefix + (i + 1) + " = " + values[i] + " is not finite");
            }
        }
    }

    /**
     * Reads a complete plate solution and checks that it inverts over the image (corners and centre).
     * A missing, non-numeric or non-finite key, a singular orientation or polynomial, or a failed round
     * trip is a WcsException naming the key or the pixel.
     */
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
        for (String k : new String[] {"PLTRAH", "PLTRAM", "PLTRAS", "PLTDECD", "PLTDECM", "PLTDECS",
            "XPIXELSZ", "YPIXELSZ", "CNPIX1", "CNPIX2", "PPO1", "PPO2", "PPO3", "PPO4", "PPO5", "PPO6"}) {
            finite(h, k);
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
            ax[i] = finite(h, "AMDX" + (i + 1));
            ay[i] = finite(h, "AMDY" + (i + 1));
        }
        double[] ppo = new double[6];
        for (int i = 0; i < 6; i++) {
            ppo[i] = num(h, "PPO" + (i + 1), 0);
        }
        double cn1 = num(h, "CNPIX1", 0), cn2 = num(h, "CNPIX2", 0);
        double xs = num(h, "XPIXELSZ", 0), ys = num(h, "YPIXELSZ", 0);
        boolean sized = h.has("NAXIS1") && h.has("NAXIS2");
        double n1 = sized ? num(h, "NAXIS1", 1) : 1, n2 = sized ? num(h, "NAXIS2", 1) : 1;
        // Scale at the image centre; without NAXIS, at the plate centre.
        double refX = sized ? (n1 + 1) / 2.0 : ppo[2] / xs - cn1 + 0.5;
        double refY = sized ? (n2 + 1) / 2.0 : ppo[5] / ys - cn2 + 0.5;
        DssPlateWcs w = new DssPlateWcs(ra, dec, cn1, cn2, xs, ys, ppo, ax, ay, refX, refY);
        double[][] probes = sized
                ? new double[][] {{refX, refY}, {0.5, 0.5}, {n1 + 0.5, 0.5}, {0.5, n2 + 0.5}, {n1 + 0.5, n2 + 0.5}}
                : new double[][] {{refX, refY}};
        for (double[] p : probes) {
            w.checkRoundTrip(p[0], p[1]);
        }
        return w;
    }

    /** Pixel -> sky -> pixel at (x, y) must come back within {@link #ROUND_TRIP_PX}. */
    private void checkRoundTrip(double x, double y) {
        double[] sky = pixelToSky(x, y);
        double[] back = Double.isFinite(sky[0]) && Double.isFinite(sky[1]) ? skyToPixel(sky[0], sky[1]) : null;
        double miss = back == null ? Double.NaN : Math.hypot(back[0] - x, back[1] - y);
        if (!(miss <= ROUND_TRIP_PX)) {
            throw new WcsException(String.format(java.util.Locale.ROOT,
                    "DSS plate solution does not invert: pixel (%.1f, %.1f) -> sky -> pixel misses by %s px"
                            + " (AMDX/AMDY, PPO1..PPO6)", x, y, back == null ? "no solution" : String.valueOf(miss)));
        }
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

    /** The key's value (0 when absent); NaN or infinity is a WcsException naming the key. */
    private static double finite(FitsHeader h, String key) {
        double v = num(h, key, 0);
        if (!Double.isFinite(v)) {
            throw new WcsException("DSS plate solution: " + key + " = " + h.getString(key) + " is not finite");
        }
        return v;
    }

    @Override
    public double[] pixelToSky(double x, double y) {
        double[] mm = plateMm(x, y);
        double xi = poly(amdx, mm[0], mm[1]);
        double eta = poly(amdy, mm[1], mm[0]);
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
                return pixel(xm, ym);
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

    /** Plate millimetres {x towards east, y towards north} of a cutout pixel. */
    double[] plateMm(double x, double y) {
        double u = (x + cnpix1 - 0.5) * xPixelSize - ppo3;
        double v = (y + cnpix2 - 0.5) * yPixelSize - ppo6;
        return new double[] {(o11 * u + o12 * v) / 1000.0, (o21 * u + o22 * v) / 1000.0};
    }

    /** The cutout pixel of plate millimetres: the inverse of {@link #plateMm}. */
    private double[] pixel(double xmm, double ymm) {
        double u = i11 * xmm * 1000.0 + i12 * ymm * 1000.0;
        double v = i21 * xmm * 1000.0 + i22 * ymm * 1000.0;
        return new double[] {(u + ppo3) / xPixelSize - cnpix1 + 0.5, (v + ppo6) / yPixelSize - cnpix2 + 0.5};
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

    /** Mean scale (arcsec/px): sqrt |det| of the Jacobian of pixel -> standard coordinates at a pixel. */
    private double localScale(double x, double y) {
        double[] mm = plateMm(x, y);
        double[] g = new double[2], f = new double[2];
        polyGrad(amdx, mm[0], mm[1], g);
        polyGrad(amdy, mm[1], mm[0], f);
        // d(xi, eta)/d(x, y) = [[g0, g1], [f1, f0]]; d(x, y)/d(pixel) = O diag(XPIXELSZ, YPIXELSZ) / 1000
        double jStd = g[0] * f[0] - g[1] * f[1];
        double jPix = (o11 * o22 - o12 * o21) * xPixelSize * yPixelSize / 1e6;
        return Math.sqrt(Math.abs(jStd * jPix));
    }

    @Override
    public String toString() {
        return String.format("DssPlateWcs[centre %.6f %+.6f, CNPIX %s %s]", raCentre, decCentre, cnpix1, cnpix2);
    }
}
