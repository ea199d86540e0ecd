package org.skysift.sky;

/** Spherical geometry on (RA, Dec) in degrees. */
public final class Angles {
    public static final double ARCSEC_PER_DEG = 3600.0;

    private Angles() {}

    /** RA folded into [0, 360). */
    public static double normalizeRa(double ra) {
        double r = ra % 360.0;
        if (r < 0) {
            r += 360.0;
        }
        return r == 360.0 ? 0.0 : r;
    }

    /** Great-circle separation in degrees (Vincenty form: exact at all separations). */
    public static double separationDeg(double ra1, double dec1, double ra2, double dec2) {
        double d1 = Math.toRadians(dec1);
        double d2 = Math.toRadians(dec2);
        double dra = Math.toRadians(ra2 - ra1);
        double sd1 = Math.sin(d1), cd1 = Math.cos(d1), sd2 = Math.sin(d2), cd2 = Math.cos(d2);
        double sdr = Math.sin(dra), cdr = Math.cos(dra);
        double num1 = cd2 * sdr;
        double num2 = cd1 * sd2 - sd1 * cd2 * cdr;
        double den = sd1 * sd2 + cd1 * cd2 * cdr;
        return Math.toDegrees(Math.atan2(Math.hypot(num1, num2), den));
    }

    public static double separationArcsec(double ra1, double dec1, double ra2, double dec2) {
        return separationDeg(ra1, dec1, ra2, dec2) * ARCSEC_PER_DEG;
    }

    /** Unit vector (x, y, z) of a position. */
    public static double[] toUnit(double ra, double dec) {
        double a = Math.toRadians(ra), d = Math.toRadians(dec);
        double cd = Math.cos(d);
        return new double[] {cd * Math.cos(a), cd * Math.sin(a), Math.sin(d)};
    }
}
