package org.skysift.extract;

import java.io.Serializable;

/**
 * One detected source, named after SExtractor's columns: positions are FITS 1-based (X_IMAGE),
 * fluxes are background-subtracted counts, theta is degrees counter-clockwise from +x, flags use
 * SExtractor's bits. ra/dec are NaN until a WCS is applied.
 */
public record Source(
        int id,
        double x,
        double y,
        double ra,
        double dec,
        double fluxIso,
        double fluxAuto,
        double fluxerrAuto,
        double[] fluxAper,
        double[] fluxerrAper,
        double fluxMax,
        double fwhm,
        double a,
        double b,
        double theta,
        double snr,
        int isoarea,
        double background,
        int flags,
        int xmin,
        int xmax,
        int ymin,
        int ymax) implements Serializable {

    public static final int FLAG_NEIGHBOURS = 1;
    public static final int FLAG_BLENDED = 2;
    public static final int FLAG_SATURATED = 4;
    public static final int FLAG_TRUNCATED = 8;
    public static final int FLAG_APER_INCOMPLETE = 16;
    public static final int FLAG_ISO_INCOMPLETE = 32;

    public double elongation() {
        return b > 0 ? a / b : Double.POSITIVE_INFINITY;
    }

    public Source withSky(double newRa, double newDec) {
        return new Source(id, x, y, newRa, newDec, fluxIso, fluxAuto, fluxerrAuto, fluxAper, fluxerrAper, fluxMax,
                fwhm, a, b, theta, snr, isoarea, background, flags, xmin, xmax, ymin, ymax);
    }
}
