package org.skysift.catalog;

import org.skysift.sky.Angles;

/**
 * Covers a cone with four smaller cones, one per quadrant, for answers that hit a service's row
 * cap. Each sub-cone sits on the quadrant's bisector at r / sqrt(2) from the centre (the best
 * four-disc cover of a disc in the plane) with the radius that reaches the quadrant's far corners,
 * computed on the sphere; each holds about half the original area.
 */
public final class ConeSplitter {
    /** Head-room on the sub-cone radius so rounding never opens a gap between quadrants. */
    private static final double MARGIN = 1.0 + 1e-6;

    private ConeSplitter() {}

    /** Four cones {ra, dec, radius} in degrees whose union contains the cone (ra, dec, radiusDeg). */
    public static double[][] quadrants(double ra, double dec, double radiusDeg) {
        double r = Math.toRadians(radiusDeg);
        double a = r / Math.sqrt(2.0);
        // Far corners of the quadrant seen from its sub-centre: the disc centre (a), the arc's ends
        // (bearing 45 deg away, law of cosines) and the arc's middle (r - a).
        double toEnd = Math.acos(Math.min(1.0, Math.cos(a) * Math.cos(r) + Math.sin(a) * Math.sin(r) * Math.sqrt(0.5)));
        double rho = Math.toDegrees(Math.max(Math.max(a, r - a), toEnd)) * MARGIN;
        double[][] out = new double[4][];
        for (int k = 0; k < 4; k++) {
            double bearing = Math.toRadians(45.0 + 90.0 * k);
            double[] c = destination(ra, dec, bearing, a);
            out[k] = new double[] {c[0], c[1], rho};
        }
        return out;
    }

    /** The point {ra, dec} reached from (ra, dec) going {@code dist} radians along {@code bearing} (from north through east). */
    static double[] destination(double ra, double dec, double bearing, double dist) {
        if (Math.abs(dec) > 90.0 - 1e-9) {
            // At a pole every direction is south (or north): spread the sub-centres in RA instead.
            double d = Math.signum(dec) * (90.0 - Math.toDegrees(dist));
            return new double[] {Angles.normalizeRa(Math.toDegrees(bearing)), d};
        }
        double d0 = Math.toRadians(dec);
        double sd1 = Math.sin(d0) * Math.cos(dist) + Math.cos(d0) * Math.sin(dist) * Math.cos(bearing);
        double d1 = Math.asin(Math.max(-1.0, Math.min(1.0, sd1)));
        double dRa = Math.atan2(Math.sin(bearing) * Math.sin(dist) * Math.cos(d0), Math.cos(dist) - Math.sin(d0) * sd1);
        return new double[] {Angles.normalizeRa(ra + Math.toDegrees(dRa)), Math.toDegrees(d1)};
    }
}
