package org.skysift.epochs;

import java.util.List;

/**
 * A ZOGY difference of a new image against a reference, on the reference's pixel grid.
 *
 * @param d             proper difference image D (unit noise), 0 where masked
 * @param scorr         corrected detection statistic S_corr, 0 where masked
 * @param guard         pixels where no transient is looked for (masked: no data, saturated, edge; and near them)
 * @param registration  the new image's registration to the reference
 * @param fluxScale     F_n: counts on the new image per count on the reference, fitted on stars
 * @param scaleStars    stars the flux scale was fitted on
 * @param sigmaRef      reference background noise, counts
 * @param sigmaNew      new image background noise after resampling, counts
 * @param fwhmRef       reference PSF FWHM, px
 * @param fwhmNew       new image PSF FWHM on the reference grid, px
 * @param fluxPerS      F_S: S per unit flux change in reference counts
 * @param scorrStd      standard deviation of S_corr over unguarded pixels beyond 3 FWHM of the transients found
 * @param guardedFraction share of pixels in the guard mask
 * @param planes        the two images as ZOGY saw them, for forced photometry and cutouts
 * @param timing        CPU time of each phase on the calling thread, for benchmarks
 */
public record DiffResult(int width, int height, float[] d, float[] scorr, boolean[] guard, List<Transient> transients,
                         FrameRegistration registration, double fluxScale, int scaleStars, double sigmaRef,
                         double sigmaNew, double fwhmRef, double fwhmNew, double fluxPerS, double scorrStd,
                         double guardedFraction, Planes planes, Timing timing) {

    public DiffResult(int width, int height, float[] d, float[] scorr, boolean[] guard, List<Transient> transients,
                      FrameRegistration registration, double fluxScale, int scaleStars, double sigmaRef,
                      double sigmaNew, double fwhmRef, double fwhmNew, double fluxPerS, double scorrStd,
                      double guardedFraction, Planes planes) {
        this(width, height, d, scorr, guard, transients, registration, fluxScale, scaleStars, sigmaRef, sigmaNew,
                fwhmRef, fwhmNew, fluxPerS, scorrStd, guardedFraction, planes, Timing.NONE);
    }

    /**
     * @param registerNanos  backgrounds, star extraction on both images, registration
     * @param resampleNanos  the new image's pixel map and Lanczos3 resampling
     * @param psfNanos       both PSF models
     * @param prepareNanos   mask, variances, flux scale
     * @param subtractNanos  the subtraction (ZOGY's FFTs, D, S, S_corr)
     * @param detectNanos    peaks and their measurement
     */
    public record Timing(long registerNanos, long resampleNanos, long psfNanos, long prepareNanos, long subtractNanos,
                         long detectNanos) {
        public static final Timing NONE = new Timing(0, 0, 0, 0, 0, 0);
    }

    /**
     * Both images on the reference grid, background-subtracted, in their own counts (the new one not yet
     * divided by the flux scale), 0 where masked; their per-pixel variances; the mask (no data, saturated,
     * outside the overlap, edge); each image's PSF on the grid.
     */
    public record Planes(float[] reference, float[] fresh, float[] varReference, float[] varFresh, boolean[] masked,
                         PixelPsf psfReference, PixelPsf psfFresh) {}

    public long count(TransientKind kind) {
        return transients.stream().filter(t -> t.kind() == kind).count();
    }
}
