package org.skysift.sky;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Moves a catalogue position from its epoch to another with its proper motion, as space motion on
 * the sphere: the star travels in a straight line at constant velocity perpendicular to the line of
 * sight at the catalogue epoch (no parallax or radial velocity needed; those would add perspective
 * acceleration, under 0.1" over a century for all but a handful of stars). Working on the unit
 * vector keeps this exact at the poles and across the RA seam, where adding pm * t to (RA, Dec) fails.
 *
 * <p>Units: degrees, proper motions in mas/yr with pmRA already multiplied by cos(Dec) (the Gaia and
 * VizieR convention), epochs as Julian years (2016.0 for Gaia DR3).
 */
public final class EpochPropagation {
    /** Milliarcseconds in one radian. */
    public static final double MAS_PER_RAD = 180.0 / Math.PI * 3600.0 * 1000.0;
    private static final double JD_J2000 = 2451545.0;
    private static final double DAYS_PER_JULIAN_YEAR = 365.25;
    private static final double UNIX_EPOCH_JD = 2440587.5;

    private EpochPropagation() {}

    /** Position and proper motion at some epoch. */
    public record Motion(double ra, double dec, double pmra, double pmdec, double epoch) {}

    /**
     * The position and proper motion at {@code toEpoch}. Rows without a full motion (NaN pmra, pmdec
     * or an epoch) are returned unchanged, still labelled with their own epoch.
     */
    public static Motion propagate(double raDeg, double decDeg, double pmraMasYr, double pmdecMasYr,
                                   double fromEpoch, double toEpoch) {
        if (!(Double.isFinite(pmraMasYr) && Double.isFinite(pmdecMasYr) && Double.isFinite(fromEpoch)
                && Double.isFinite(toEpoch))) {
            return new Motion(raDeg, decDeg, pmraMasYr, pmdecMasYr, fromEpoch);
        }
        double t = toEpoch - fromEpoch;
        double a = Math.toRadians(raDeg), d = Math.toRadians(decDeg);
        double sa = Math.sin(a), ca = Math.cos(a), sd = Math.sin(d), cd = Math.cos(d);
        // p: direction; east and north: the local tangent basis at p.
        double px = cd * ca, py = cd * sa, pz = sd;
        double ex = -sa, ey = ca;
        double nx = -sd * ca, ny = -sd * sa, nz = cd;
        double mra = pmraMasYr / MAS_PER_RAD, mdec = pmdecMasYr / MAS_PER_RAD;
        double mx = mra * ex + mdec * nx, my = mra * ey + mdec * ny, mz = mdec * nz;
        double mu2 = mra * mra + mdec * mdec;
        // Straight line p + t*mu, renormalised; p is perpendicular to mu so |p + t*mu|^2 = 1 + t^2 mu^2.
        double f = 1.0 / Math.sqrt(1.0 + t * t * mu2);
        double ux = (px + t * mx) * f, uy = (py + t * my) * f, uz = (pz + t * mz) * f;
        double ra = Angles.normalizeRa(Math.toDegrees(Math.atan2(uy, ux)));
        double rxy = Math.hypot(ux, uy);
        double dec = Math.toDegrees(Math.atan2(uz, rxy));
        // The apparent motion at the new epoch: d/dt of the unit vector, (mu - p t mu^2) f^3.
        double f3 = f * f * f;
        double vx = (mx - px * t * mu2) * f3, vy = (my - py * t * mu2) * f3, vz = (mz - pz * t * mu2) * f3;
        double pmra, pmdec;
        if (rxy < 1e-15) {
            // Exactly at a pole the east/north basis is undefined; keep the catalogue components.
            pmra = pmraMasYr;
            pmdec = pmdecMasYr;
            ra = raDeg;
        } else {
            double a1 = Math.toRadians(ra);
            double sa1 = Math.sin(a1), ca1 = Math.cos(a1);
            double sd1 = uz, cd1 = rxy;
            pmra = (-sa1 * vx + ca1 * vy) * MAS_PER_RAD;
            pmdec = (-sd1 * ca1 * vx - sd1 * sa1 * vy + cd1 * vz) * MAS_PER_RAD;
        }
        return new Motion(ra, dec, pmra, pmdec, toEpoch);
    }

    /** Julian epoch (e.g. 2016.0) of a Julian date. */
    public static double julianEpoch(double jd) {
        return 2000.0 + (jd - JD_J2000) / DAYS_PER_JULIAN_YEAR;
    }

    /** Julian epoch of a UTC date and time (the UTC/TT offset, about a minute, is far below what matters here). */
    public static double julianEpoch(LocalDateTime utc) {
        double seconds = utc.toEpochSecond(ZoneOffset.UTC) + utc.getNano() * 1e-9;
        return julianEpoch(UNIX_EPOCH_JD + seconds / 86400.0);
    }
}
