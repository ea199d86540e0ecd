package org.skysift.calibrate.astrometry;

import org.skysift.sky.Gnomonic;

/**
 * A fitted correction to a tile's header astrometry: offsets in the tangent plane (xi, eta, arcsec)
 * as polynomials of the pixel position scaled to u, v in [-1, 1] over the image, plus an optional
 * grid of median residuals. The plane's tangent point is the image centre.
 */
public record DistortionModel(Gnomonic plane, double xc, double yc, double half, Polynomial2D dxi,
                              Polynomial2D deta, ResidualGrid grid) {

    /** The plane and scaling for an image of w x h pixels whose centre lies at (raC, decC). */
    public static DistortionModel frame(int w, int h, double raC, double decC) {
        return new DistortionModel(Gnomonic.at(raC, decC), (w + 1) / 2.0, (h + 1) / 2.0, Math.max(w, h) / 2.0,
                null, null, null);
    }

    public double u(double x) {
        return (x - xc) / half;
    }

    public double v(double y) {
        return (y - yc) / half;
    }

    public DistortionModel with(Polynomial2D newDxi, Polynomial2D newDeta, ResidualGrid newGrid) {
        return new DistortionModel(plane, xc, yc, half, newDxi, newDeta, newGrid);
    }

    /** Offset {dxi, deta} in arcsec at pixel (x, y). */
    public double[] offset(double x, double y) {
        double u = u(x), v = v(y);
        double ox = dxi.at(u, v), oy = deta.at(u, v);
        if (grid != null) {
            double[] g = grid.at(u, v);
            ox += g[0];
            oy += g[1];
        }
        return new double[] {ox, oy};
    }

    /** {ra, dec} corrected for a source at pixel (x, y) whose header position is (ra, dec). */
    public double[] correct(double x, double y, double ra, double dec) {
        double[] p = plane.project(ra, dec);
        if (p == null) {
            return new double[] {ra, dec};
        }
        double[] o = offset(x, y);
        return plane.deproject(p[0] + o[0] / 3600.0, p[1] + o[1] / 3600.0);
    }
}
