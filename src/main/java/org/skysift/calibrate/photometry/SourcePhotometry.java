package org.skysift.calibrate.photometry;

import java.util.List;
import org.skysift.extract.Source;

/**
 * Instrumental magnitudes of extracted sources and the choice of calibrators among matched ones.
 *
 * <p>FLUX_AUTO is the flux: on a saturating emulsion a star's core stops growing but its Kron aperture
 * keeps growing with the wings, so FLUX_AUTO stays monotonic in true brightness over the widest range
 * (measured on rendered photographic plates, see docs/CATALOGS.md: fixed apertures and the PSF fit
 * flatten earlier, because a flat-topped core no longer matches the PSF). Saturated stars (FLAGS bit 4)
 * stay calibrators: on a plate they are the bright end of the curve; other flags (blends, neighbours,
 * truncation) remove a star.
 */
public final class SourcePhotometry {
    /** FLAGS bits a calibrator may carry. */
    static final int ALLOWED_FLAGS = Source.FLAG_SATURATED;
    /** 2.5 / ln 10: magnitude error per unit of relative flux error. */
    private static final double MAG_PER_RELATIVE = 1.0857362;

    private SourcePhotometry() {}

    /** -2.5 log10 FLUX_AUTO; NaN for a non-positive flux. */
    public static double instrumental(Source s) {
        return s.fluxAuto() > 0 ? -2.5 * Math.log10(s.fluxAuto()) : Double.NaN;
    }

    public static double instrumentalErr(Source s) {
        return s.fluxAuto() > 0 ? MAG_PER_RELATIVE * s.fluxerrAuto() / s.fluxAuto() : Double.NaN;
    }

    /**
     * Calibrators from matched sources: {@code sourceIndex[k]} is the source matched to a reference star of
     * magnitude {@code refMag[k]} and colour {@code refColour[k]} (NaN when unknown). Stars with a
     * non-finite reference magnitude, flags other than saturation, SNR at or below minSnr or no flux are
     * left out.
     */
    public static Calibrators calibrators(List<Source> sources, int[] sourceIndex, double[] refMag,
                                          double[] refColour, double minSnr) {
        int n = 0;
        int[] pick = new int[sourceIndex.length];
        for (int k = 0; k < sourceIndex.length; k++) {
            Source s = sources.get(sourceIndex[k]);
            if (Double.isFinite(refMag[k]) && (s.flags() & ~ALLOWED_FLAGS) == 0 && s.snr() > minSnr
                    && s.fluxAuto() > 0) {
                pick[n++] = k;
            }
        }
        double[] inst = new double[n], err = new double[n], ref = new double[n], col = new double[n];
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            int k = pick[i];
            Source s = sources.get(sourceIndex[k]);
            inst[i] = instrumental(s);
            err[i] = instrumentalErr(s);
            ref[i] = refMag[k];
            col[i] = refColour[k];
            x[i] = s.x();
            y[i] = s.y();
        }
        return new Calibrators(inst, err, ref, col, x, y);
    }
}
