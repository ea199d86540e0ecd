package org.skysift.report.cutout;

import org.skysift.sky.Gnomonic;

/**
 * The stamp's own sky grid: n x n pixels of {@code scaleArcsec} on the tangent plane at the
 * candidate, north up and east left. Stamp pixel (col, row) counts from the top-left pixel's centre
 * (0, 0); the candidate sits at the geometric centre ((n - 1) / 2, (n - 1) / 2).
 */
public record StampFrame(Gnomonic plane, int n, double scaleArcsec) {

    public StampFrame {
        if (n < 1 || !(scaleArcsec > 0)) {
            throw new IllegalArgumentException("stamp of " + n + " px at " + scaleArcsec + "\"/px");
        }
    }

    public static StampFrame at(double ra, double dec, int n, double scaleArcsec) {
        return new StampFrame(Gnomonic.at(ra, dec), n, scaleArcsec);
    }

    public double centre() {
        return (n - 1) / 2.0;
    }

    /** {ra, dec} in degrees of a stamp position. */
    public double[] sky(double col, double row) {
        double s = scaleArcsec / 3600.0;
        // east is left: xi grows as col falls; north is up: eta grows as row falls
        return plane.deproject(-(col - centre()) * s, (centre() - row) * s);
    }

    /** {col, row} of a sky position, or null on the far hemisphere. */
    public double[] stamp(double ra, double dec) {
        double[] p = plane.project(ra, dec);
        if (p == null) {
            return null;
        }
        double s = scaleArcsec / 3600.0;
        return new double[] {centre() - p[0] / s, centre() - p[1] / s};
    }
}
