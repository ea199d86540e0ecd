package org.skysift.extract;

import java.io.Serializable;

/**
 * One detected source with SExtractor's measurements. Positions are FITS 1-based (the centre of the
 * first pixel is 1.0); fluxes are background-subtracted counts; theta is degrees counter-clockwise
 * from +x in (-90, 90]; flags use SExtractor's bits. ra/dec are NaN until a WCS is applied.
 *
 * @param x           XWIN_IMAGE (falls back to X_IMAGE when the windowed centroid fails)
 * @param y           YWIN_IMAGE (likewise)
 * @param xIso        X_IMAGE: isophotal barycentre
 * @param yIso        Y_IMAGE
 * @param x2          X2_IMAGE: isophotal second moment, pixel^2
 * @param y2          Y2_IMAGE
 * @param xy          XY_IMAGE
 * @param a           A_IMAGE: rms along the major axis
 * @param b           B_IMAGE: rms along the minor axis
 * @param theta       THETA_IMAGE, degrees
 * @param fluxIso     FLUX_ISO: sum over the isophotal footprint
 * @param fluxerrIso  FLUXERR_ISO
 * @param fluxAuto    FLUX_AUTO: Kron elliptical aperture
 * @param fluxerrAuto FLUXERR_AUTO
 * @param kronRadius  KRON_RADIUS: the AUTO aperture in units of A and B
 * @param fluxAper    FLUX_APER per aperture diameter
 * @param fluxerrAper FLUXERR_APER
 * @param fluxMax     FLUX_MAX: peak background-subtracted pixel
 * @param fluxRadius  FLUX_RADIUS per requested light fraction (pixels)
 * @param halfLightRadius FLUX_RADIUS at 0.5, always measured (it sizes the XWIN window)
 * @param fwhm        FWHM_IMAGE: Gaussian-equivalent FWHM from FLUX_AUTO and FLUX_MAX
 * @param snr         SNR_WIN: signal to noise in the Gaussian window of XWIN
 * @param isoarea     ISOAREA_IMAGE: pixels above the detection threshold
 * @param background  BACKGROUND: sky level at the isophotal barycentre
 * @param flags       FLAGS
 * @param threshold   THRESHOLD: the analysis threshold above the background at this source (detect_thresh x
 *                    the lowest local rms over the footprint)
 * @param isoAreas    ISO0..ISO7: pixels of the footprint above 8 levels spaced logarithmically from the
 *                    threshold to the peak; the star/galaxy classifier's inputs ({@link StarClassifier})
 */
public record Source(
        int id,
        double x,
        double y,
        double ra,
        double dec,
        double xIso,
        double yIso,
        double x2,
        double y2,
        double xy,
        double a,
        double b,
        double theta,
        double fluxIso,
        double fluxerrIso,
        double fluxAuto,
        double fluxerrAuto,
        double kronRadius,
        double[] fluxAper,
        double[] fluxerrAper,
        double fluxMax,
        double[] fluxRadius,
        double halfLightRadius,
        double fwhm,
        double snr,
        int isoarea,
        double background,
        int flags,
        int xmin,
        int xmax,
        int ymin,
        int ymax,
        double threshold,
        int[] isoAreas) implements Serializable {

    /** Other sources or bad pixels cover more than 10% of the Kron measurement ellipse. */
    public static final int FLAG_NEIGHBOURS = 1;
    /** The source was deblended from a larger detection. */
    public static final int FLAG_BLENDED = 2;
    /** At least one pixel at or above the saturation level. */
    public static final int FLAG_SATURATED = 4;
    /** The isophotal footprint touches the image border. */
    public static final int FLAG_TRUNCATED = 8;
    /** An aperture (circular or Kron) reaches beyond the image. */
    public static final int FLAG_APER_INCOMPLETE = 16;
    /** Isophotal data incomplete: deblending was abandoned for an oversized footprint. */
    public static final int FLAG_ISO_INCOMPLETE = 32;

    /** ELONGATION = A / B. */
    public double elongation() {
        return b > 0 ? a / b : Double.POSITIVE_INFINITY;
    }

    /** ELLIPTICITY = 1 - B / A. */
    public double ellipticity() {
        return a > 0 ? 1 - b / a : 0;
    }

    /** MAG for a flux with the given zero point; NaN when the flux is not positive. */
    public static double mag(double flux, double zeroPoint) {
        return flux > 0 ? zeroPoint - 2.5 * Math.log10(flux) : Double.NaN;
    }

    /** MAGERR for a flux and its error; NaN when the flux is not positive. */
    public static double magErr(double flux, double err) {
        return flux > 0 ? 2.5 / Math.log(10) * err / flux : Double.NaN;
    }

    public Source withSky(double newRa, double newDec) {
        return new Source(id, x, y, newRa, newDec, xIso, yIso, x2, y2, xy, a, b, theta, fluxIso, fluxerrIso, fluxAuto,
                fluxerrAuto, kronRadius, fluxAper, fluxerrAper, fluxMax, fluxRadius, halfLightRadius, fwhm, snr, isoarea,
                background, flags, xmin, xmax, ymin, ymax, threshold, isoAreas);
    }
}
