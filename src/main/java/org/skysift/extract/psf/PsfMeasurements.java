package org.skysift.extract.psf;

/**
 * Pass-2 results, one entry per input source in input order (SExtractor names): FLUX_PSF,
 * FLUXERR_PSF, XPSF_IMAGE / YPSF_IMAGE (FITS 1-based), the reduced chi-square of the fit,
 * SPREAD_MODEL and SPREADERR_MODEL, and these flags:
 * {@link #FLAG_POSITION_KEPT} the position refit diverged or the source is too faint to refit it, so
 * the input position was kept; {@link #FLAG_EDGE} the fit window was cut by the image border;
 * {@link #FLAG_FAILED} no usable pixel or no positive PSF signal, values are NaN.
 */
public record PsfMeasurements(double[] flux, double[] fluxErr, double[] x, double[] y, double[] chi2,
                              double[] spread, double[] spreadErr, int[] flags) {
    public static final int FLAG_POSITION_KEPT = 1;
    public static final int FLAG_EDGE = 2;
    public static final int FLAG_FAILED = 4;

    public int size() {
        return flux.length;
    }

    /** MAG_PSF with the given zero point; NaN when the flux is not positive. */
    public double mag(int i, double zeroPoint) {
        return flux[i] > 0 ? zeroPoint - 2.5 * Math.log10(flux[i]) : Double.NaN;
    }
}
