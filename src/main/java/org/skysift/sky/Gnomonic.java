package org.skysift.sky;

/**
 * Gnomonic (TAN) projection about a tangent point: standard coordinates xi (towards east) and eta
 * (towards north), in degrees. Shared by the tiler and the TAN WCS.
 */
public record Gnomonic(double ra0, double dec0, double sinDec0, double cosDec0) {

    public static Gnomonic at(double ra0, double dec0) {
        double d = Math.toRadians(dec0);
        return new Gnomonic(ra0, dec0, Math.sin(d), Math.cos(d));
    }

    /** {xi, eta} in degrees, or null when the point is on the far hemisphere. */
    public double[] project(double ra, double dec) {
        double d = Math.toRadians(dec);
        double da = Math.toRadians(ra - ra0);
        double sd = Math.sin(d), cd = Math.cos(d), cda = Math.cos(da);
        double den = sd * sinDec0 + cd * cosDec0 * cda;
        if (den <= 0) {
            return null;
        }
        double xi = cd * Math.sin(da) / den;
        double eta = (sd * cosDec0 - cd * sinDec0 * cda) / den;
        return new double[] {Math.toDegrees(xi), Math.toDegrees(eta)};
    }

    /** {ra, dec} in degrees for standard coordinates in degrees. */
    public double[] deproject(double xiDeg, double etaDeg) {
        double xi = Math.toRadians(xiDeg), eta = Math.toRadians(etaDeg);
        double den = cosDec0 - eta * sinDec0;
        double ra = ra0 + Math.toDegrees(Math.atan2(xi, den));
        double dec = Math.toDegrees(Math.atan2(sinDec0 + eta * cosDec0, Math.hypot(xi, den)));
        return new double[] {Angles.normalizeRa(ra), dec};
    }
}
